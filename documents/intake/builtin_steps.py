"""The documents app's own steps: `visual` (conversion to PDF) and `pages` (thumbnails, text).

Their failures that come from the file (limits, damage, encryption) raise ConversionError
carrying a stored text; the runner makes it the document's notice.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from core.storage import blob_bytes, blob_put
from core.texts import stored
from documents import limits
from documents.conversions import ConversionError, to_pdf
from documents.intake.steps import register_step
from documents.models import Document, DocumentPage, Mailbox
from documents.sniff import Kind, UnsafeFile, sniff


def refused(msgid: str, **params: Any) -> ConversionError:
    """A ConversionError carrying its text as a code (shown in the reader's language)."""
    return ConversionError(msgid, **params)


def _check_size(kind: Kind, size: int) -> None:
    mb = limits.MB
    if kind.family == "pdf" and size > limits.pdf_max_bytes():
        raise refused(
            gettext_noop("This PDF is %(size)s MB; the limit is %(max)s MB."),
            size=size // mb,
            max=limits.pdf_max_bytes() // mb,
        )
    if kind.is_sheet and size > limits.sheet_max_bytes():
        raise refused(
            gettext_noop("This spreadsheet is %(size)s MB; the limit is %(max)s MB."),
            size=str(round(size / mb, 1)),
            max=limits.sheet_max_bytes() // mb,
        )
    if kind.family == "office" and size > limits.office_max_bytes():
        raise refused(
            gettext_noop("This office document is %(size)s MB; the limit is %(max)s MB."),
            size=size // mb,
            max=limits.office_max_bytes() // mb,
        )


def step_visual(doc: Document) -> None:
    from documents.pdfops import check_pdf, page_count

    data = blob_bytes(doc.original_id)
    try:
        kind = sniff(data, doc.file_name)
    except UnsafeFile as exc:
        raise refused(
            gettext_noop(
                "This archive would expand to an unreasonable size and is refused for safety."
            )
        ) from exc
    _check_size(kind, len(data))
    pdf = to_pdf(data, kind, doc.dossier.language)
    if kind.is_sheet and page_count(pdf) > limits.sheet_max_pages():
        raise refused(
            gettext_noop("This spreadsheet prints on more than %(max)s pages."),
            max=limits.sheet_max_pages(),
        )
    pages = check_pdf(pdf)
    visual = doc.original if pdf is data else blob_put(pdf, content_type="application/pdf")
    Document.objects.filter(pk=doc.pk).update(visual=visual, page_count=pages, notice="")
    doc.visual, doc.page_count = visual, pages
    return None


def step_pages(doc: Document) -> dict | None:
    from documents.pdfops import likely_first_pages, thumbnails

    if doc.visual_id is None:
        return stored(gettext_noop("no visual"))
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


def register() -> None:
    register_step("visual", step_visual)
    register_step("pages", step_pages)
