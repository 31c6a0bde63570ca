"""The claim on a document's processing: two tasks never run the same steps at once, and
a duplicate enqueue is a no-op.

`Document.processing_state` is taken and released by conditional UPDATEs: "queued" once
a task is queued for the document, "running" while a worker runs its steps (with a token
and `processing_claimed_at`, kept fresh at each step and progress report). A running
claim older than `FIDU_INTAKE_CLAIM_TIMEOUT` belongs to a killed worker and is taken
over; a queued one older than `FIDU_INTAKE_QUEUED_TIMEOUT` is taken as a lost task (the
database queue keeps its tasks, so that is only a safety net).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from documents.models import DocState, Document

QUEUED, RUNNING = "queued", "running"
GONE = (DocState.DELETED, DocState.REPLACED)


def claim_timeout() -> timedelta:
    """A running claim not refreshed for this long belongs to a killed worker."""
    return timedelta(seconds=int(getattr(settings, "FIDU_INTAKE_CLAIM_TIMEOUT", 900)))


def queued_timeout() -> timedelta:
    """A queued claim this old lost its task (the queue keeps tasks, so only a safety net)."""
    return timedelta(seconds=int(getattr(settings, "FIDU_INTAKE_QUEUED_TIMEOUT", 6 * 3600)))


def free_of_claims(now: datetime, *, workers_stopped: bool = False) -> Q:
    """Documents no task holds: nobody queued or running, or a claim gone stale. When no
    worker runs (at start, before the workers), every running claim is a dead one."""
    running_stale = Q(processing_state=RUNNING)
    if not workers_stopped:
        running_stale &= Q(processing_claimed_at__lt=now - claim_timeout())
    return (
        Q(processing_state="")
        | Q(processing_state=QUEUED, processing_claimed_at__lt=now - queued_timeout())
        | running_stale
    )


def enqueue_processing(document_id: int, *, workers_stopped: bool = False) -> bool:
    """Queue the document's task once the transaction commits; a no-op (False) when a task
    is already queued or running for it, or the document was deleted or replaced."""
    now = timezone.now()
    claimed = (
        Document.objects.filter(pk=document_id)
        .exclude(state__in=GONE)
        .filter(free_of_claims(now, workers_stopped=workers_stopped))
        .update(processing_state=QUEUED, processing_claimed_at=now, processing_token="")
    )
    if claimed:
        queue_task(document_id)
    return bool(claimed)


def queued_now() -> dict:
    """The claim fields of a document created with its task queued (the door's store)."""
    return {"processing_state": QUEUED, "processing_claimed_at": timezone.now()}


def queue_task(document_id: int) -> None:
    """Queue the task on commit; the caller holds the "queued" claim."""
    from documents.tasks import process_document

    transaction.on_commit(lambda: process_document.enqueue(document_id))


def claim(document_id: int) -> str | None:
    """Take the document for a worker; its token, or None when another worker holds it."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = now - claim_timeout()
    taken = (
        Document.objects.filter(pk=document_id)
        .filter(~Q(processing_state=RUNNING) | Q(processing_claimed_at__lt=stale))
        .update(processing_state=RUNNING, processing_claimed_at=now, processing_token=token)
    )
    return token if taken else None


def heartbeat(document_id: int, token: str) -> None:
    Document.objects.filter(pk=document_id, processing_token=token).update(
        processing_claimed_at=timezone.now()
    )


def release(document_id: int, token: str) -> None:
    Document.objects.filter(pk=document_id, processing_token=token).update(
        processing_state="", processing_claimed_at=None, processing_token=""
    )


def keep_fresh(document_id: int) -> None:
    """A long step reports progress: whoever runs the document is still alive."""
    Document.objects.filter(pk=document_id, processing_state=RUNNING).update(
        processing_claimed_at=timezone.now()
    )
