"""The one intake pipeline every channel calls (DESIGN "The document's life").

`intake_file()` stores the original durably, creates the document with its
pending steps and queues `process_document` on commit. The steps are a small
registry: `visual` (conversion to PDF) and `pages` (thumbnails and page text)
live here; recognition slots in with `register_step()` (or is called through
the `recognition` hook when its app provides `recognize_document`).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.storage import blob_bytes, blob_put
from documents import limits
from documents.conversions import ConversionError, to_pdf
from documents.models import (
    DocState,
    DocType,
    Document,
    DocumentPage,
    DocumentStep,
    Mailbox,
    Source,
    StepStatus,
)
from documents.sniff import Kind, UnsafeFile, safe_name, sniff

log = logging.getLogger(__name__)

EXTERNAL_SOURCES = {Source.EMAIL, Source.IMAP, Source.FOLDER, Source.API}
DEFAULT_TYPE = {
    Mailbox.PURCHASES: DocType.PURCHASE_INVOICE,
    Mailbox.SALES: DocType.SALES_INVOICE,
    Mailbox.MISC: DocType.MISC,
}


class IntakeRefused(Exception):
    """Nothing was stored: the message says why (empty file, far too large, wrong dossier)."""


@dataclass(frozen=True)
class IntakeMeta:
    doc_type: str = ""
    title: str = ""
    payment_status: str = ""
    payment_method: str = ""
    journal_code: str = ""
    labels: tuple[str, ...] = ()
    note: str = ""
    folder_id: int | None = None


@dataclass(frozen=True)
class Incoming:
    dossier: Any
    mailbox: str
    source: str
    file_name: str
    data: bytes
    actor: Any = None
    sender: str = ""
    source_ref: str = ""
    meta: IntakeMeta = field(default_factory=IntakeMeta)
    parents: tuple[int, ...] = ()


# --- steps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Document], str | None]  # returns a skip reason, or None when done


_steps: list[Step] = []


def register_step(
    name: str, run: Callable[[Document], str | None], *, after: str | None = None
) -> None:
    """Add a processing step (idempotent: re-registering replaces it)."""
    global _steps
    _steps = [s for s in _steps if s.name != name]
    index = len(_steps)
    if after is not None:
        index = next((i + 1 for i, s in enumerate(_steps) if s.name == after), index)
    _steps.insert(index, Step(name, run))


def steps() -> list[Step]:
    return list(_steps)


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


register_step("visual", step_visual)
register_step("pages", step_pages)
register_step("recognition", step_recognition)


# --- intake --------------------------------------------------------------------------------


def _duplicate_of(dossier_id: int, sha256: str) -> Document | None:
    return (
        Document.objects.filter(dossier_id=dossier_id, original_id=sha256)
        .exclude(state__in=[DocState.DELETED, DocState.REPLACED])
        .order_by("created_at", "id")
        .first()
    )


def intake_file(incoming: Incoming) -> list[Document]:
    """Take one file in. Mails (.eml) become one document per attachment (or one of their body).

    Raises IntakeRefused when nothing could be stored.
    """
    data = incoming.data
    if not data:
        raise IntakeRefused(
            _("The file %(name)s is empty.") % {"name": safe_name(incoming.file_name)}
        )
    if len(data) > limits.max_upload_bytes():
        raise IntakeRefused(
            _("The file %(name)s is %(size)s MB; nothing larger than %(max)s MB is accepted.")
            % {
                "name": safe_name(incoming.file_name),
                "size": len(data) // limits.MB,
                "max": limits.max_upload_bytes() // limits.MB,
            }
        )
    if incoming.mailbox not in Mailbox.values:
        raise IntakeRefused(_("Unknown mailbox."))
    try:
        kind = sniff(data, incoming.file_name)
    except UnsafeFile:
        kind = Kind("unknown", "zip", "application/zip")
    if kind.family == "mail" and incoming.source in (
        Source.UPLOAD,
        Source.API,
        Source.FOLDER,
        Source.COMMAND,
    ):
        from documents.mail import ingest_mail_file

        return ingest_mail_file(incoming)
    return [create_document(incoming, kind)]


def create_document(incoming: Incoming, kind: Kind | None = None) -> Document:
    data = incoming.data
    if kind is None:
        try:
            kind = sniff(data, incoming.file_name)
        except UnsafeFile:
            kind = Kind("unknown", "zip", "application/zip")
    blob = blob_put(data, content_type=kind.mime)  # durable before any row points at it
    meta = incoming.meta
    doc_type = meta.doc_type if meta.doc_type in DocType.values else DEFAULT_TYPE[incoming.mailbox]
    name = safe_name(incoming.file_name or f"document.{kind.ext}", kind)
    with transaction.atomic():
        dup = _duplicate_of(incoming.dossier.pk, blob.sha256)
        doc = Document.objects.create(
            dossier=incoming.dossier,
            mailbox=incoming.mailbox,
            doc_type=doc_type,
            title=(meta.title or name.rsplit(".", 1)[0])[:200],
            file_name=name,
            content_type=kind.mime,
            original=blob,
            source=incoming.source,
            sender=incoming.sender[:254],
            uploaded_by=incoming.actor
            if getattr(incoming.actor, "is_authenticated", False)
            else None,
            note=meta.note,
            labels=[lbl.strip()[:40] for lbl in meta.labels if lbl.strip()][:20],
            payment_status=meta.payment_status or "undefined",
            payment_method=meta.payment_method[:40],
            journal_code=meta.journal_code[:20],
            folder_id=meta.folder_id,
            duplicate_of=dup,
            source_ref=incoming.source_ref[:255],
        )
        if incoming.parents:
            doc.parents.set(incoming.parents)
        DocumentStep.objects.bulk_create(DocumentStep(document=doc, name=s.name) for s in _steps)
        audit_log(
            actor=incoming.actor,
            action="document.received",
            obj=doc,
            data={
                "source": incoming.source,
                "file": name,
                "sha256": blob.sha256,
                "sender": incoming.sender,
                "duplicate_of": dup.pk if dup else None,
            },
        )
        if incoming.source in EXTERNAL_SOURCES:
            from documents.services import auto_forward_if_configured

            auto_forward_if_configured(document=doc)
        enqueue_processing(doc.pk)
    return doc


def enqueue_processing(document_id: int) -> None:
    from documents.tasks import process_document

    transaction.on_commit(lambda: process_document.enqueue(document_id))


def process(document_id: int) -> None:
    """Run the document's pending steps in order; safe to run twice (finished steps are skipped)."""
    doc = Document.objects.select_related("dossier").filter(pk=document_id).first()
    if doc is None:
        return
    for step in _steps:
        row, _created = DocumentStep.objects.get_or_create(document=doc, name=step.name)
        if row.status in (StepStatus.DONE, StepStatus.SKIPPED):
            continue
        DocumentStep.objects.filter(pk=row.pk).update(
            status=StepStatus.RUNNING,
            attempts=row.attempts + 1,
            started_at=timezone.now(),
            reason="",
        )
        try:
            skipped = step.run(doc)
        except ConversionError as exc:
            _finish(row, StepStatus.FAILED, str(exc))
            Document.objects.filter(pk=doc.pk).update(notice=str(exc))
            return
        except Exception as exc:  # a bug or a crashed engine: keep the reason, offer a retry
            log.exception("step %s failed for document %s", step.name, doc.pk)
            _finish(
                row,
                StepStatus.FAILED,
                _("Internal error (%(err)s); try again later.") % {"err": type(exc).__name__},
            )
            return
        _finish(row, StepStatus.SKIPPED if skipped else StepStatus.DONE, skipped or "")


def _finish(row: DocumentStep, status: str, reason: str) -> None:
    DocumentStep.objects.filter(pk=row.pk).update(
        status=status, reason=reason, finished_at=timezone.now(), progress=100
    )


def resume_unfinished(older_than_seconds: int = 120) -> int:
    """Queue again documents whose steps never finished (a worker killed mid-task).

    The task queue forgets a task whose worker died while running it; the steps'
    own status does not. Running a document twice is harmless (done steps are skipped).
    """
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        DocumentStep.objects.filter(
            status__in=[StepStatus.PENDING, StepStatus.RUNNING],
            document__created_at__lt=cutoff,
            name__in=["visual", "pages"],
        )
        .exclude(status=StepStatus.RUNNING, started_at__gte=cutoff)
        .values_list("document_id", flat=True)
        .distinct()
    )
    from documents.tasks import process_document

    for doc_id in ids:
        process_document.enqueue(doc_id)
    return len(ids)
