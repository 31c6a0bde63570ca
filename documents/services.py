"""Writes of the documents app: edit, delete, send to the office, split and merge, settings.

Every service takes the actor, runs in a transaction and writes the audit row;
edits never change a stored file: they make new documents from the visuals and
record their parents (lineage), and the sources become `replaced`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import extensions
from core.audit import audit_log
from core.models import Blob
from core.storage import blob_bytes
from documents.models import (
    Dispatch,
    DocState,
    DocType,
    Document,
    DocumentFolder,
    DocumentStep,
    IntakeSettings,
    Mailbox,
    PaymentStatus,
    Source,
    StepStatus,
)

EDITABLE = {
    "title",
    "doc_type",
    "mailbox",
    "labels",
    "note",
    "payment_status",
    "payment_method",
    "journal_code",
    "folder_id",
}
SENDABLE = {DocState.INBOX, DocState.APPROVED}


CHANGED = "documents.changed"  # event: notify(CHANGED, document_id=...) once committed


def _changed(document_id: int) -> None:
    """Tell later apps (the archive's search index) that a document's text or state moved."""
    transaction.on_commit(lambda: extensions.notify(CHANGED, document_id=document_id))


def document_update(*, actor: Any, document: Document, **changes: Any) -> Document:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if document.state in (DocState.DELETED, DocState.REPLACED):
        raise ValidationError(_("This document was deleted."))
    if "doc_type" in changes and changes["doc_type"] not in DocType.values:
        raise ValidationError(_("Unknown document type."))
    if "mailbox" in changes and changes["mailbox"] not in Mailbox.values:
        raise ValidationError(_("Unknown mailbox."))
    if "payment_status" in changes and changes["payment_status"] not in PaymentStatus.values:
        raise ValidationError(_("Unknown payment status."))
    if (
        changes.get("folder_id")
        and not DocumentFolder.objects.filter(
            pk=changes["folder_id"], dossier_id=document.dossier_id
        ).exists()
    ):
        raise ValidationError(_("Unknown folder."))
    if "labels" in changes:
        changes["labels"] = [str(x).strip()[:40] for x in changes["labels"] if str(x).strip()][:20]
    before = {k: getattr(document, k) for k in changes}
    with transaction.atomic():
        for key, value in changes.items():
            setattr(document, key, value)
        document.save()
        diff = {k: [before[k], v] for k, v in changes.items() if before[k] != v}
        if diff:
            audit_log(actor=actor, action="document.updated", obj=document, data=diff)
            _changed(document.pk)
    return document


def document_delete(*, actor: Any, document: Document) -> None:
    """A soft, audited end: the stored files stay (the audit trail points at them)."""
    if document.state not in (
        DocState.INBOX,
        DocState.APPROVED,
        DocState.REJECTED,
        DocState.AWAITING_APPROVAL,
    ):
        raise ValidationError(_("Only documents not yet sent to the accountant can be deleted."))
    with transaction.atomic():
        document.state = DocState.DELETED
        document.deleted_at = timezone.now()
        document.save(update_fields=["state", "deleted_at", "updated_at"])
        audit_log(
            actor=actor,
            action="document.deleted",
            obj=document,
            data={"file": document.file_name, "sha256": document.original_id},
        )


def document_visual_replace(*, document: Document, visual: Blob, reason: str) -> None:
    """Show another PDF of the same pages (the scan with its OCR text layer). The original stays."""
    Document.objects.filter(pk=document.pk).update(visual=visual)
    document.visual = visual
    audit_log(
        actor=None,
        action="document.visual_replaced",
        obj=document,
        data={"visual": visual.sha256, "reason": reason},
    )
    _changed(document.pk)


def document_flag_duplicate(*, document: Document, duplicate_of: Document) -> None:
    """Mark a possible duplicate (B10); the first flag (same file at intake) is kept."""
    if document.duplicate_of_id or duplicate_of.pk == document.pk:
        return
    Document.objects.filter(pk=document.pk, duplicate_of__isnull=True).update(
        duplicate_of=duplicate_of
    )
    document.duplicate_of = duplicate_of
    audit_log(
        actor=None,
        action="document.possible_duplicate",
        obj=document,
        data={"of": duplicate_of.pk, "reason": "same counterparty, number and amount"},
    )


def document_mark_booked(*, actor: Any, document: Document, office_number: str) -> Document:
    """The office booked the document (B15): it moves to the client's Archive with its number."""
    if document.state not in (DocState.SENT, DocState.BOOKED):
        raise ValidationError(_("Only a document sent to the accountant can be booked."))
    now = timezone.now()
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            state=DocState.BOOKED, booked_at=now, office_number=office_number[:40], updated_at=now
        )
        document.state, document.booked_at, document.office_number = (
            DocState.BOOKED,
            now,
            office_number[:40],
        )
        audit_log(
            actor=actor, action="document.booked", obj=document, data={"number": office_number}
        )
        _changed(document.pk)
    return document


def document_discard_by_office(*, actor: Any, document: Document, reason: str = "") -> Document:
    """The office drops a sent document that will not be booked (a duplicate, not an invoice).

    Soft and audited like the client's delete; the stored files stay.
    """
    if document.state != DocState.SENT:
        raise ValidationError(
            _("Only a document sent to the accountant and not booked can be discarded.")
        )
    now = timezone.now()
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            state=DocState.DELETED, deleted_at=now, updated_at=now
        )
        document.state, document.deleted_at = DocState.DELETED, now
        audit_log(
            actor=actor,
            action="document.discarded",
            obj=document,
            data={"file": document.file_name, "reason": reason},
        )
    return document


def document_send_to_office(
    *,
    actor: Any,
    documents: Sequence[Document],
    summary: str = "",
    last_for_period: str = "",
    automatic: bool = False,
) -> Dispatch:
    """Send documents to the accountant (B13): they move to *Sent to accountant*."""
    if not documents:
        raise ValidationError(_("Select at least one document."))
    dossier_ids = {d.dossier_id for d in documents}
    if len(dossier_ids) != 1:
        raise ValidationError(_("Documents of several dossiers cannot be sent together."))
    bad = [d for d in documents if d.state not in SENDABLE]
    if bad:
        raise ValidationError(
            _("These documents cannot be sent: %s") % ", ".join(str(d) for d in bad)
        )
    # Later apps may hold documents back (payments: purchase invoices not approved, B16).
    blocked = extensions.collect("send_blocked", list(documents))
    if blocked:
        raise ValidationError(_("These documents cannot be sent: %s") % "; ".join(blocked.values()))
    if last_for_period and not _valid_period(last_for_period):
        raise ValidationError(_("A period looks like 2026-03 or 2026-Q1."))
    now = timezone.now()
    with transaction.atomic():
        dispatch = Dispatch.objects.create(
            dossier_id=dossier_ids.pop(),
            sent_by=actor if getattr(actor, "is_authenticated", False) else None,
            summary=summary,
            last_for_period=last_for_period,
            automatic=automatic,
        )
        ids = [d.pk for d in documents]
        Document.objects.filter(pk__in=ids).update(
            state=DocState.SENT, sent_at=now, dispatch=dispatch
        )
        for d in documents:
            d.state, d.sent_at, d.dispatch = DocState.SENT, now, dispatch
        # Higher apps (booking) turn sent documents into proposals, once the sending is committed.
        transaction.on_commit(lambda: extensions.notify("documents.sent", list(ids)))
        audit_log(
            actor=actor,
            action="documents.sent",
            obj=dispatch,
            dossier_id=dispatch.dossier_id,
            data={
                "documents": ids,
                "summary": summary,
                "last_for_period": last_for_period,
                "automatic": automatic,
            },
        )
    return dispatch


def _valid_period(value: str) -> bool:
    import re

    return bool(re.fullmatch(r"20\d\d-(0[1-9]|1[0-2]|Q[1-4])", value))


def _sender_allowed(whitelist: str, sender: str) -> bool:
    entries = [e.strip().lower() for e in whitelist.splitlines() if e.strip()]
    if not entries:
        return True
    sender = sender.lower()
    return any(sender == e or (e.startswith("@") and sender.endswith(e)) for e in entries)


def auto_forward_if_configured(*, document: Document) -> bool:
    """B14: documents from external channels go straight to the office when the mailbox says so."""
    cfg = IntakeSettings.objects.filter(dossier_id=document.dossier_id).first()
    if cfg is None:
        return False
    enabled = {Mailbox.PURCHASES: cfg.auto_forward_purchases, Mailbox.SALES: cfg.auto_forward_sales}
    if not enabled.get(document.mailbox):
        return False
    # Later apps may switch it off (payments: purchases while invoice approval is on, B16).
    if f"auto_forward_{document.mailbox}" in extensions.collect("document_gates", document.dossier):
        return False
    if document.source in (Source.EMAIL, Source.IMAP) and not _sender_allowed(
        cfg.sender_whitelist, document.sender
    ):
        return False
    document_send_to_office(actor=None, documents=[document], automatic=True)
    return True


def document_share_by_email(*, actor: Any, document: Document, to: str, message: str = "") -> None:
    from django.core.validators import validate_email

    validate_email(to)
    blob = document.visual_id or document.original_id
    name = (
        document.file_name
        if not document.visual_id or document.visual_id == document.original_id
        else f"{document.title or 'document'}.pdf"
    )
    mail = EmailMessage(
        subject=_("Document shared with you: %s") % document,
        body=message
        or _("%(who)s shares a document with you.") % {"who": getattr(actor, "email", "")},
        to=[to],
        reply_to=[actor.email] if getattr(actor, "email", "") else None,
    )
    mail.attach(
        name, blob_bytes(blob), "application/pdf" if document.visual_id else document.content_type
    )
    with transaction.atomic():
        audit_log(actor=actor, action="document.shared", obj=document, data={"to": to})
        transaction.on_commit(lambda: mail.send(fail_silently=False))


def step_retry(*, actor: Any, document: Document) -> bool:
    """A person's retry: the failed steps (and the steps skipped after them for lack of
    their output) run again, with a fresh count of attempts. False when nothing to retry."""
    from documents.intake import enqueue_processing, steps

    if document.state in (DocState.DELETED, DocState.REPLACED):
        raise ValidationError(_("This document was deleted."))
    order = [s.name for s in steps()]
    rows = {r.name: r for r in DocumentStep.objects.filter(document=document, name__in=order)}
    failed = [n for n in order if n in rows and rows[n].status == StepStatus.FAILED]
    if not failed:
        return False
    after = order[order.index(failed[0]) :]
    again = [
        n
        for n in after
        if rows.get(n) and rows[n].status in (StepStatus.FAILED, StepStatus.SKIPPED)
    ]
    with transaction.atomic():
        DocumentStep.objects.filter(document=document, name__in=again).update(
            status=StepStatus.PENDING, reason="", attempts=0, next_attempt_at=None, progress=0
        )
        audit_log(actor=actor, action="document.retried", obj=document, data={"steps": again})
        enqueue_processing(document.pk)
    return True


# --- split, merge, page edits (B11) ------------------------------------------------------------


def _new_from_pages(
    *, actor: Any, sources: list[Document], pages, title: str, template: Document
) -> Document:
    from documents.intake import Incoming, IntakeMeta, IntakeRefused, intake_file
    from documents.pdfops import assemble

    data = assemble([blob_bytes(s.visual_id) for s in sources], pages)
    meta = IntakeMeta(
        doc_type=template.doc_type,
        title=title,
        payment_status=template.payment_status,
        payment_method=template.payment_method,
        journal_code=template.journal_code,
        labels=tuple(template.labels),
        note=template.note,
        folder_id=template.folder_id,
    )
    # Through the door like any channel: its checks (size, mailbox, kind) apply.
    incoming = Incoming(
        dossier=template.dossier,
        mailbox=template.mailbox,
        source=Source.EDIT,
        file_name=f"{title[:45]}.pdf",
        data=data,
        actor=actor,
        sender=template.sender,
        parents=tuple(s.pk for s in sources),
        meta=meta,
    )
    try:
        [made] = intake_file(incoming)
    except IntakeRefused as exc:
        raise ValidationError(str(exc)) from exc
    return made


def _check_editable(documents: Sequence[Document]) -> None:
    for d in documents:
        if d.state not in (
            DocState.INBOX,
            DocState.APPROVED,
            DocState.REJECTED,
            DocState.AWAITING_APPROVAL,
        ):
            raise ValidationError(_("Only documents not yet sent can be split or merged."))
        if d.visual_id is None:
            raise ValidationError(_("%s has no PDF visual yet.") % d)


def _replace(*, actor: Any, sources: Sequence[Document], made: list[Document], action: str) -> None:
    Document.objects.filter(pk__in=[s.pk for s in sources]).update(
        state=DocState.REPLACED, deleted_at=timezone.now()
    )
    for s in sources:
        audit_log(actor=actor, action=action, obj=s, data={"into": [d.pk for d in made]})


def document_split(*, actor: Any, document: Document, groups: list[list[int]]) -> list[Document]:
    """One new document per group of pages (1-based numbers, in the order given)."""
    from documents.pdfops import PageRef

    _check_editable([document])
    n = document.page_count or 0
    groups = [g for g in groups if g]
    if not groups or any(p < 1 or p > n for g in groups for p in g):
        raise ValidationError(_("Choose pages between 1 and %(n)s.") % {"n": n})
    with transaction.atomic():
        made = [
            _new_from_pages(
                actor=actor,
                sources=[document],
                pages=[PageRef(0, p) for p in group],
                title=f"{document.title or document.file_name} ({i})",
                template=document,
            )
            for i, group in enumerate(groups, start=1)
        ]
        _replace(actor=actor, sources=[document], made=made, action="document.split")
    return made


def document_split_at(*, actor: Any, document: Document, first_pages: list[int]) -> list[Document]:
    """Bulk split: each marked page starts a new document (page 1 always does)."""
    n = document.page_count or 0
    starts = sorted({1, *[p for p in first_pages if 1 <= p <= n]})
    bounds = [*starts, n + 1]
    groups = [list(range(bounds[i], bounds[i + 1])) for i in range(len(starts))]
    return document_split(actor=actor, document=document, groups=groups)


def document_pages_edit(
    *, actor: Any, document: Document, pages: list[tuple[int, int]]
) -> Document:
    """Reorder, rotate (degrees) and drop pages: `pages` lists (page number, rotation) to keep."""
    from documents.pdfops import PageRef

    _check_editable([document])
    n = document.page_count or 0
    if not pages or any(p < 1 or p > n or r % 90 for p, r in pages):
        raise ValidationError(_("Keep at least one page."))
    with transaction.atomic():
        made = _new_from_pages(
            actor=actor,
            sources=[document],
            pages=[PageRef(0, p, r) for p, r in pages],
            title=document.title or document.file_name,
            template=document,
        )
        _replace(actor=actor, sources=[document], made=[made], action="document.pages_edited")
    return made


def documents_merge(
    *,
    actor: Any,
    documents: Sequence[Document],
    title: str = "",
    pages: Sequence[tuple[int, int, int]] | None = None,
) -> Document:
    """Pages of several documents into one new document: all of them in the order given, or
    the picked `pages` as (document id, page number, quarter turns in degrees), in their order.
    Only documents a page was picked from are replaced."""
    from documents.pdfops import PageRef

    if pages is not None:
        by_id = {d.pk: d for d in documents}
        for doc_id, number, rotate in pages:
            d = by_id.get(doc_id)
            if d is None or not 1 <= number <= (d.page_count or 0) or rotate % 90:
                raise ValidationError(_("Choose pages of the selected documents."))
        used = list(dict.fromkeys(doc_id for doc_id, _n, _r in pages))
        documents = [by_id[i] for i in used]
    if len(documents) < 2:
        raise ValidationError(_("Select at least two documents to merge."))
    if len({d.dossier_id for d in documents}) != 1:
        raise ValidationError(_("Documents of several dossiers cannot be merged."))
    _check_editable(documents)
    if pages is None:
        refs = [
            PageRef(i, p)
            for i, d in enumerate(documents)
            for p in range(1, (d.page_count or 0) + 1)
        ]
    else:
        index = {d.pk: i for i, d in enumerate(documents)}
        refs = [PageRef(index[doc_id], number, rotate) for doc_id, number, rotate in pages]
    with transaction.atomic():
        made = _new_from_pages(
            actor=actor,
            sources=list(documents),
            pages=refs,
            title=title or documents[0].title or documents[0].file_name,
            template=documents[0],
        )
        _replace(actor=actor, sources=documents, made=[made], action="document.merged")
    return made


# --- folders and settings ---------------------------------------------------------------------


def folder_create(*, actor: Any, dossier, name: str) -> DocumentFolder:
    name = name.strip()[:100]
    if not name:
        raise ValidationError(_("Give the folder a name."))
    if DocumentFolder.objects.filter(dossier=dossier, name=name).exists():
        raise ValidationError(_("A folder with this name exists already."))
    with transaction.atomic():
        folder = DocumentFolder.objects.create(dossier=dossier, name=name)
        audit_log(
            actor=actor,
            action="folder.created",
            obj=folder,
            dossier_id=dossier.pk,
            data={"name": name},
        )
    return folder


def folder_delete(*, actor: Any, folder: DocumentFolder) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="folder.deleted",
            obj=folder,
            dossier_id=folder.dossier_id,
            data={"name": folder.name},
        )
        folder.delete()  # its documents stay, outside any folder


def intake_settings_update(*, actor: Any, dossier, **values: Any) -> IntakeSettings:
    with transaction.atomic():
        cfg, _created = IntakeSettings.objects.get_or_create(dossier=dossier)
        for key, value in values.items():
            setattr(cfg, key, value)
        cfg.save()
        audit_log(
            actor=actor,
            action="intake_settings.updated",
            obj=cfg,
            dossier_id=dossier.pk,
            data={k: v for k, v in values.items()},
        )
    return cfg
