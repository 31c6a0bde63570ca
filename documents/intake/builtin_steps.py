"""The documents app's own steps: `visual` (conversion to PDF) and `pages` (thumbnails, text)."""

from __future__ import annotations

import importlib
import importlib.util

from django.db import transaction
from django.utils.translation import gettext as _

from core.storage import blob_bytes, blob_put
from documents import limits
from documents.conversions import ConversionError, to_pdf
from documents.intake.steps import register_step
from documents.models import Document, DocumentPage, Mailbox
from documents.sniff import Kind, UnsafeFile, sniff


def _check_size(kind: Kind, size: int) -> None:
    mb = limits.MB
    if kind.family == "pdf" and size > limits.pdf_max_bytes():
        raise ConversionError(
            _("This PDF is %(size)s MB; the limit is %(max)s MB.")
            % {"size": size // mb, "max": limits.pdf_max_bytes() // mb}
        )
    if kind.is_sheet and size > limits.sheet_max_bytes():
        raise ConversionError(
            _("This spreadsheet is %(size)s MB; the limit is %(max)s MB.")
            % {"size": round(size / mb, 1), "max": limits.sheet_max_bytes() // mb}
        )
    if kind.family == "office" and size > limits.office_max_bytes():
        raise ConversionError(
            _("This office document is %(size)s MB; the limit is %(max)s MB.")
            % {"size": size // mb, "max": limits.office_max_bytes() // mb}
        )


def step_visual(doc: Document) -> str | None:
    from documents.pdfops import check_pdf, page_count

    data = blob_bytes(doc.original_id)
    try:
        kind = sniff(data, doc.file_name)
    except UnsafeFile as exc:
        raise ConversionError(
            _("This archive would expand to an unreasonable size and is refused for safety.")
        ) from exc
    _check_size(kind, len(data))
    pdf = to_pdf(data, kind, doc.dossier.language)
    if kind.is_sheet and page_count(pdf) > limits.sheet_max_pages():
        raise ConversionError(
            _("This spreadsheet prints on more than %(max)s pages.")
            % {"max": limits.sheet_max_pages()}
        )
    pages = check_pdf(pdf)
    visual = doc.original if pdf is data else blob_put(pdf, content_type="application/pdf")
    Document.objects.filter(pk=doc.pk).update(visual=visual, page_count=pages, notice="")
    doc.visual, doc.page_count = visual, pages
    return None


def step_pages(doc: Document) -> str | None:
    from documents.pdfops import likely_first_pages, thumbnails

    if doc.visual_id is None:
        return _("no visual")
    rows = []
    texts = []
    for number, (jpeg, info) in enumerate(thumbnails(blob_bytes(doc.visual_id)), start=1):
        thumb = blob_put(jpeg, content_type="image/jpeg")
        rows.append(
            DocumentPage(
                document=doc,
                number=number,
                thumb=thumb,
                width=info.width,
                height=info.height,
                text=info.text,
            )
        )
        texts.append(info.text)
    hint = likely_first_pages(texts) if doc.mailbox != Mailbox.MISC else []
    with transaction.atomic():
        DocumentPage.objects.filter(document=doc).delete()
        DocumentPage.objects.bulk_create(rows)
        Document.objects.filter(pk=doc.pk).update(page_count=len(rows), split_hint=hint)
    return None


def step_recognition(doc: Document) -> str | None:
    """Hands over to the recognition app once it exists (it lands in parallel)."""
    from django.conf import settings

    if not getattr(settings, "FIDU_RECOGNITION_ON_INTAKE", True):
        return _("recognition is switched off")
    if importlib.util.find_spec("recognition.services") is None:
        return _("recognition is not installed")
    module = importlib.import_module("recognition.services")
    recognize = getattr(module, "recognize_document", None)
    if recognize is None:
        return _("recognition is not installed")
    recognize(document_id=doc.pk)
    return None


def register() -> None:
    register_step("visual", step_visual)
    register_step("pages", step_pages)
    register_step("recognition", step_recognition)
