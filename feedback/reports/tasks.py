"""The task that makes a report (F4): takes the row's id, calls one service."""

from __future__ import annotations

from django_tasks import task


@task()
def report_make_task(report_id: int) -> str:
    from feedback.reports.make import report_make

    report = report_make(report_id)
    return report.status if report else "missing"
