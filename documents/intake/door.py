"""The one door every channel calls: `intake_file()` checks what came in, stores the
original durably, creates the document with its pending steps and queues its processing
on commit.

Channels: upload and API (documents/views.py, documents/api.py), SMTP and IMAP (through
mail.py, one call per part), the watched folder, `manage.py ingest`, and the documents
made from others (split, merge, page edits in documents/services.py). Nothing else
creates a Document.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.storage import blob_put
from documents import limits
from documents.intake.claim import queue_task, queued_now
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
# What a document can be (issue 11): PDF, images, XML e-invoices, office files, e-mail,
# text and HTML (CODA bank files are text). Executables, archives, media and random
# binaries are refused at the door.
ACCEPTED_FAMILIES = {"pdf", "image", "xml", "office", "mail", "text", "html"}
# A zip that would expand absurdly (a bomb, usually dressed as an office file) is kept,
# with the visual step's notice saying why it cannot be shown. Compared by identity: a
# plain zip sniffs to an equal Kind and is refused.
ZIP_BOMB = Kind("unknown", "zip", "application/zip")


def _duplicate_of(incoming: Incoming, sha256: str) -> Document | None:
    """The same file already in the dossier (B10); never the document's own parents."""
    return (
        Document.objects.filter(dossier_id=incoming.dossier.pk, original_id=sha256)
        .exclude(state__in=[DocState.DELETED, DocState.REPLACED])
        .exclude(pk__in=incoming.parents)
        .order_by("created_at", "id")
        .first()
    )


def _kind_of(incoming: Incoming) -> Kind:
    try:
        return sniff(incoming.data, incoming.file_name)
    except UnsafeFile:
        return ZIP_BOMB


def check(incoming: Incoming) -> Kind:
    """The door's checks; raises IntakeRefused with a message in the active language."""
    data = incoming.data
    name = safe_name(incoming.file_name)
    if not data:
        raise IntakeRefused(_("The file %(name)s is empty.") % {"name": name})
    if len(data) > limits.max_upload_bytes():
        raise IntakeRefused(
            _("The file %(name)s is %(size)s MB; nothing larger than %(max)s MB is accepted.")
            % {
                "name": name,
                "size": len(data) // limits.MB,
                "max": limits.max_upload_bytes() // limits.MB,
            }
        )
    if incoming.mailbox not in Mailbox.values:
        raise IntakeRefused(_("Unknown mailbox."))
    kind = _kind_of(incoming)
    if kind is not ZIP_BOMB and kind.family not in ACCEPTED_FAMILIES:
        raise IntakeRefused(
            _(
                "The file %(name)s is not a document (%(type)s). Send a PDF, an image, an "
                "e-invoice (XML), an office file, an e-mail or a text file."
            )
            % {"name": name, "type": kind.ext}
        )
    return kind


def intake_file(incoming: Incoming) -> list[Document]:
    """Take one file in. Mails (.eml) handed in as files become one document per attachment
    (or one of their body); anything else one document.

    Raises IntakeRefused when nothing could be stored.
    """
    kind = check(incoming)
    if kind.family == "mail" and incoming.source in (
        Source.UPLOAD,
        Source.API,
        Source.FOLDER,
        Source.COMMAND,
    ):
        from documents.intake.mail import ingest_mail_file

        return ingest_mail_file(incoming)
    return [_store(incoming, kind)]


def store_unopened(incoming: Incoming, kind: Kind) -> Document:
    """Keep a file whole, as `kind`, without opening it again: a mail whose structure could
    not be read passed the door's checks already and must not be lost."""
    return _store(incoming, kind)


def _store(incoming: Incoming, kind: Kind) -> Document:
    """The store: the blob first (durable before any row points at it), then the document,
    its pending steps, the audit row, auto-forwarding, and its task queued on commit."""
    data = incoming.data
    blob = blob_put(data, content_type=kind.mime)
    meta = incoming.meta
    doc_type = meta.doc_type if meta.doc_type in DocType.values else DEFAULT_TYPE[incoming.mailbox]
    name = safe_name(incoming.file_name or f"document.{kind.ext}", kind)
    with transaction.atomic():
        dup = _duplicate_of(incoming, blob.sha256)
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
            **queued_now(),  # a new document: nobody else can hold it
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
        queue_task(doc.pk)
    return doc
