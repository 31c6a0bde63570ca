"""Background work of the booking factory. Tasks take ids, load, call one service; safe to rerun."""

from __future__ import annotations

from django_tasks import task

from booking import services


@task()
def proposal_create_task(document_id: int) -> int | None:
    """Build the proposal of a document sent to the office (idempotent)."""
    proposal = services.proposal_create_for_document(document_id=document_id)
    return proposal.pk if proposal else None


@task()
def proposal_rebuild_task(document_id: int) -> int | None:
    """Rebuild an untouched proposal from a later extraction (idempotent)."""
    proposal = services.proposal_rebuild_after_extraction(document_id=document_id)
    return proposal.pk if proposal else None


def proposals_for_sent_documents(document_ids: list[int]) -> None:
    """Subscriber of the "documents.sent" event: one proposal task per document.

    A document still in its intake pipeline gets its proposal from the pipeline's own
    `proposal` step, once recognition is done; the others are queued here.
    """
    from documents.models import DocumentStep, StepStatus

    busy = set(
        DocumentStep.objects.filter(
            document_id__in=document_ids,
            name="proposal",
            status__in=[StepStatus.PENDING, StepStatus.RUNNING],
        ).values_list("document_id", flat=True)
    )
    for document_id in document_ids:
        if document_id not in busy:
            proposal_create_task.enqueue(document_id)


def proposal_after_extraction(*, document_id: int, **_ignored) -> None:
    """Subscriber of the "recognition.extracted" event (a new or repeated extraction).

    A document still before its `proposal` step gets its proposal from that step; a
    document with a proposal nobody touched yet gets it rebuilt from what was read.
    """
    from booking.models import Proposal

    if Proposal.objects.filter(document_id=document_id).exists():
        proposal_rebuild_task.enqueue(document_id)
