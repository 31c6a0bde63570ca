"""Background work of the booking factory. Tasks take ids, load, call one service; safe to rerun."""

from __future__ import annotations

from django_tasks import task

from booking import services


@task()
def proposal_create_task(document_id: int) -> int | None:
    """Build the proposal of a document sent to the office (idempotent)."""
    proposal = services.proposal_create_for_document(document_id=document_id)
    return proposal.pk if proposal else None
