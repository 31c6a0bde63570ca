"""Background steps of recognition. Tasks take ids, load, call one service; safe to rerun."""

from __future__ import annotations

import logging

from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def recognize_document_task(document_id: int) -> int | None:
    """Recognise a document; idempotent (replaces the extraction of that version)."""
    extraction = services.recognize_document(document_id=document_id)
    return extraction.pk if extraction else None


@task()
def text_layer_task(extraction_id: int) -> None:
    """Kept for tasks queued before the text layer became the intake step `text`."""
    from documents.intake import run_step

    from .models import Extraction

    document_id = Extraction.objects.filter(pk=extraction_id).values_list("document_id", flat=True)
    for pk in document_id:
        run_step(pk, services.TEXT_STEP)
