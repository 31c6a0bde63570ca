"""Reads of the recognition app."""

from __future__ import annotations

from documents.models import Document

from .models import Extraction


def extraction_for_document(*, document: Document) -> Extraction | None:
    """The extraction of the document's current original, if recognition ran."""
    return Extraction.objects.filter(document=document, version=document.original.sha256).first()
