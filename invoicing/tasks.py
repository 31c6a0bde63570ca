"""Background work of invoicing: one task per delivery (takes the id, calls one service)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver(delivery_id: int) -> None:
    from invoicing.delivery import deliver as run

    run(delivery_id)
