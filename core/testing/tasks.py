"""A task used by the tests of the task backends (database queue and Redis/RQ)."""

from __future__ import annotations

from django_tasks import task

from core.audit import audit_log


@task()
def record_probe(label: str) -> str:
    audit_log(actor=None, action="tasks.probe", data={"label": label})
    return label
