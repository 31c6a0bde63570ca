"""Background work of invoicing: one task per delivery (takes the id, calls one service)."""

from __future__ import annotations

from django_tasks import task

from invoicing import sending


@task()
def deliver(delivery_id: int) -> None:
    sending.deliver(delivery_id)
