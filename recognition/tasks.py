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
    """Add an OCR text layer to a scanned document (chunked, progress on the 'text' step)."""
    services.text_layer_store(extraction_id=extraction_id)
