"""Building proposals (C4): from the document, its extraction and the dossier's books.

Proposals are made by the intake pipeline's `proposal` step, the `documents.sent` event
and the `recognition.extracted` event; never by a page being opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import enrich
from booking.models import (
    ZERO,
    CounterpartyLink,
    Direction,
    DocKind,
    Kind,
    Proposal,
    ProposalLine,
    State,
)
from booking.rules import evaluate
from booking.services.common import (
    BOOKABLE_MAILBOXES,
    reevaluate,
    save_lines,
)
from core import extensions
from core.audit import audit_log
from core.texts import render
from documents.models import DocState, Document, DocumentStep, Mailbox, StepStatus


def _direction_of(document: Document, extraction) -> str:
    if document.mailbox == Mailbox.SALES:
        return Direction.SALES
    if document.mailbox == Mailbox.PURCHASES:
        return Direction.PURCHASE
    return Direction.SALES if extraction and extraction.direction == "sales" else Direction.PURCHASE


def _doc_kind(document: Document, extraction) -> str:
    if document.doc_type.endswith("credit_note"):
        return DocKind.CREDIT_NOTE
    if extraction and extraction.document_type == "credit_note":
        return DocKind.CREDIT_NOTE
    return DocKind.INVOICE


def _kind(extraction) -> str:
    if extraction is None or extraction.source == "none":
        return Kind.MANUAL
    return Kind.EINVOICE if extraction.source == "xml" else Kind.OCR


def _dec(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(enrich.CENT)
    except (InvalidOperation, ValueError):
        return None


@dataclass
class Built:
    proposal: Proposal
    lines: list[ProposalLine]


def proposal_build(
    *,
    document: Document,
    extraction=None,
    suggester: enrich.AccountSuggester | None = None,
    before: Date | None = None,
    direction: str | None = None,
    doc_kind: str | None = None,
) -> Built:
    """Everything the factory proposes for a document, not saved (the bench calls it too)."""
    dossier = document.dossier
    suggester = suggester or enrich.AccountSuggester(dossier)
    ex = extraction
    direction = direction or _direction_of(document, ex)
    doc_kind = doc_kind or _doc_kind(document, ex)
    p = Proposal(
        dossier=dossier,
        document=document,
        extraction=ex,
        direction=direction,
        doc_kind=doc_kind,
        kind=_kind(ex),
        pages=document.page_count or (ex.pages if ex else 0),
    )
    step_failed = DocumentStep.objects.filter(
        document=document, name__in=["extraction", "visual"], status=StepStatus.FAILED
    ).first()
    if ex is not None and ex.status == "technical_error":
        p.technical_error = ex.reason or _("technical error")
    elif ex is None and step_failed is not None:
        # step reasons are stored as codes (documents/intake)
        p.technical_error = render(step_failed.reason) or _("technical error")
    if ex is not None:
        p.invoice_number = ex.invoice_number[:100]
        p.invoice_date = ex.issue_date
        p.due_date = ex.due_date
        p.payment_reference = ex.payment_reference
        p.currency = (ex.currency or "EUR").upper()[:3]
        p.counterparty_key = ex.counterparty_key
        if ex.possible_duplicate_of_id:
            p.duplicate_of_id = ex.possible_duplicate_of_id
    if p.duplicate_of_id is None and document.duplicate_of_id:
        p.duplicate_of_id = document.duplicate_of_id
    # Counterparty: what a person chose before for this key, then VAT, IBAN, name (C4).
    cp = None
    if p.counterparty_key:
        link = (
            CounterpartyLink.objects.filter(dossier=dossier, key=p.counterparty_key)
            .select_related("counterparty")
            .first()
        )
        cp = link.counterparty if link else None
    if cp is None and ex is not None:
        cp = enrich.find_counterparty(
            dossier=dossier,
            direction=direction,
            vat=ex.counterparty_vat,
            iban=ex.counterparty_iban,
            name=ex.counterparty_name,
        )
    if cp is None and ex is not None and (ex.counterparty_name or ex.counterparty_vat):
        p.new_name = ex.counterparty_name[:200]
        p.new_vat = enrich.compact(ex.counterparty_vat)[:30]
        p.new_iban = enrich.compact(ex.counterparty_iban)[:34]
    elif cp is None and ex is not None and ex.status == "ok":
        cp = enrich.default_counterparty(dossier=dossier, direction=direction)
    p.counterparty = cp
    # Amounts, in EUR (C4: foreign currencies converted).
    rate = enrich.rate_for(p.currency, p.invoice_date)
    p.exchange_rate = rate if rate is not None else ZERO
    fx = rate or Decimal("1")
    total_cur = ex.total_incl_vat if ex is not None else None
    if total_cur is None and ex is not None:
        total_cur = ex.payable_amount
    if total_cur is not None and total_cur < 0:
        total_cur = -total_cur
        p.doc_kind = DocKind.CREDIT_NOTE
    p.total_currency = total_cur if p.currency != "EUR" else None
    p.total = enrich.to_eur(total_cur, fx) if total_cur is not None else None
    # Lines: one per VAT rate of the breakdown, else from the totals.
    rows: list[tuple[Decimal | None, Decimal | None, Decimal | None]] = []
    if ex is not None:
        for row in ex.vat_breakdown or []:
            base, vat = _dec(row.get("base")), _dec(row.get("vat"))
            r = enrich.snap_rate(row.get("rate")) if row.get("rate") not in (None, "") else None
            if base is None and vat is None:
                continue
            rows.append((r if r is not None else enrich.implied_rate(base, vat), base, vat))
        if not rows and (ex.total_excl_vat is not None or ex.total_incl_vat is not None):
            base, vat = ex.total_excl_vat, ex.total_vat
            if base is None and vat is not None and ex.total_incl_vat is not None:
                base = ex.total_incl_vat - vat
            if vat is None and base is not None and ex.total_incl_vat is not None:
                vat = ex.total_incl_vat - base
            rows.append((enrich.implied_rate(base, vat), base, vat))
    lines: list[ProposalLine] = []
    for i, (r, base, vat) in enumerate(rows):
        s = suggester.suggest(
            counterparty=cp,
            key=p.counterparty_key,
            direction=direction,
            rate=r,
            before=before,
            **enrich.vat_facts(ex, vat),
        )
        if base is None and total_cur is not None:  # only the total: split by the code's rate
            code_rate = s.vat_code.rate if s.vat_code else Decimal("0")
            base = (total_cur / (1 + code_rate / 100)).quantize(enrich.CENT)
            vat = total_cur - base
        base_eur = enrich.to_eur(abs(base or ZERO), fx) or ZERO
        vat_eur = enrich.to_eur(abs(vat or ZERO), fx) or ZERO
        lines.append(
            ProposalLine(
                position=i,
                account=s.account,
                vat_code=s.vat_code,
                base=base_eur,
                vat=vat_eur,
                source=s.source,
            )
        )
    # Conversion can leave a cent between the converted lines and the converted total.
    if lines and p.total is not None and p.currency != "EUR":
        gap = p.total - sum((ln.base + ln.vat for ln in lines), ZERO)
        if abs(gap) <= Decimal("0.05"):
            lines[0].base += gap
    journal = enrich.pick_journal(
        dossier=dossier, direction=direction, doc_kind=p.doc_kind, code=document.journal_code
    )
    p.journal = journal
    p.period, _why = enrich.pick_period(dossier=dossier, day=p.invoice_date, journal=journal)
    p.number = enrich.proposed_number(journal, p.period)
    p.instruction = document.note or ""
    evaluate(p, lines, suggester.suspense.pk if suggester.suspense else None)
    return Built(p, lines)


def proposal_create_for_document(*, document_id: int, actor: Any = None) -> Proposal | None:
    """The proposal of a document sent to the office; idempotent (returns the existing one).

    Documents of the misc mailbox, not sent, or deleted get none.
    """
    from recognition.selectors import extraction_for_document

    document = Document.objects.select_related("dossier", "original").filter(pk=document_id).first()
    if document is None or document.mailbox not in BOOKABLE_MAILBOXES:
        return None
    if document.state != DocState.SENT:
        return None
    existing = Proposal.objects.filter(document=document).first()
    if existing is not None:
        return existing
    built = proposal_build(document=document, extraction=extraction_for_document(document=document))
    p = built.proposal
    with transaction.atomic():
        if Proposal.objects.filter(document=document).exists():  # a concurrent worker won
            return Proposal.objects.get(document=document)
        p.created_seconds = round((timezone.now() - document.created_at).total_seconds(), 3)
        p.save()
        save_lines(p, built.lines)
        audit_log(
            actor=actor,
            action="booking.proposal_created",
            obj=p,
            data={"document": document.pk, "status": p.status},
        )
        # Later apps complete a new proposal (office: the VAT lookup of a new counterparty).
        transaction.on_commit(lambda: extensions.notify("booking.proposal_created", p.pk))
    return p


def proposals_create_missing(*, dossier, limit: int = 200) -> int:
    """Proposals for sent documents that have none yet (the `proposals --sync` command).

    A document still in its intake steps is left to its own `proposal` step: built now,
    it would be an empty manual proposal that recognition's result never reaches.
    """
    busy = DocumentStep.objects.filter(
        document__dossier=dossier, status__in=[StepStatus.PENDING, StepStatus.RUNNING]
    ).values("document_id")
    ids = list(
        Document.objects.filter(
            dossier=dossier,
            state=DocState.SENT,
            mailbox__in=BOOKABLE_MAILBOXES,
            proposal__isnull=True,
        )
        .exclude(pk__in=busy)
        .values_list("pk", flat=True)[:limit]
    )
    for doc_id in ids:
        proposal_create_for_document(document_id=doc_id)
    return len(ids)


def proposal_rebuild_after_extraction(*, document_id: int) -> Proposal | None:
    """A later extraction of a document: rebuild its proposal unless a person touched it.

    A document sent (or auto-forwarded) before recognition read it may have an empty
    proposal; when recognition finishes, the proposal is built again from what it read.
    A proposal someone corrected, checked or sent keeps what that person decided.
    A sent document without a proposal yet gets one.
    """
    from recognition.selectors import extraction_for_document

    proposal = Proposal.objects.filter(document_id=document_id).first()
    if proposal is None:
        return proposal_create_for_document(document_id=document_id)
    if proposal.state != State.OPEN or proposal.corrections or proposal.checked_at:
        return proposal
    document = Document.objects.select_related("dossier", "original").get(pk=document_id)
    extraction = extraction_for_document(document=document)
    if extraction is None:
        return proposal
    built = proposal_build(document=document, extraction=extraction)
    return replace_content(actor=None, proposal=proposal, built=built, action="rebuilt")


def proposal_reprocess(*, actor: Any, proposal: Proposal) -> Proposal:
    """Recognise the document again and rebuild the proposal (keeps the instruction)."""
    from recognition.selectors import extraction_for_document
    from recognition.services import recognize_document

    if proposal.state != State.OPEN:
        raise ValidationError(_("Only proposals still to process can be reprocessed."))
    recognize_document(document_id=proposal.document_id)
    document = Document.objects.select_related("dossier", "original").get(pk=proposal.document_id)
    built = proposal_build(
        document=document,
        extraction=extraction_for_document(document=document),
        direction=proposal.direction,
        doc_kind=proposal.doc_kind,
    )
    return replace_content(actor=actor, proposal=proposal, built=built, action="reprocessed")


def replace_content(*, actor: Any, proposal: Proposal, built: Built, action: str) -> Proposal:
    fresh = built.proposal
    keep = {"instruction": proposal.instruction, "help_needed": proposal.help_needed}
    with transaction.atomic():
        locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        for f in Proposal._meta.concrete_fields:
            if f.name in ("id", "document", "dossier", "created_at", "created_seconds"):
                continue
            if f.name in ("version", "corrections", "state"):
                continue
            setattr(locked, f.attname, getattr(fresh, f.attname))
        locked.instruction = keep["instruction"] or fresh.instruction
        locked.help_needed = keep["help_needed"]
        locked.checked_at = None
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        locked.lines.all().delete()
        save_lines(locked, built.lines)
        reevaluate(locked)
        locked.save()
        audit_log(actor=actor, action=f"booking.proposal_{action}", obj=locked)
    return locked
