"""The one door every channel calls: `intake_file()` stores the original durably,
creates the document with its pending steps and queues its processing on commit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.storage import blob_put
from documents import limits
from documents.intake.steps import steps
from documents.intake.types import Incoming, IntakeRefused
from documents.models import DocState, DocType, Document, DocumentStep, Mailbox, Source
from documents.sniff import Kind, UnsafeFile, safe_name, sniff

EXTERNAL_SOURCES = {Source.EMAIL, Source.IMAP, Source.FOLDER, Source.API}
DEFAULT_TYPE = {
    Mailbox.PURCHASES: DocType.PURCHASE_INVOICE,
    Mailbox.SALES: DocType.SALES_INVOICE,
    Mailbox.MISC: DocType.MISC,
}


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
        from documents.intake.mail import ingest_mail_file

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
        DocumentStep.objects.bulk_create(DocumentStep(document=doc, name=s.name) for s in steps())
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
