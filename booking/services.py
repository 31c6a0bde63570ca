"""Writes of the booking factory: build, correct, check, send and delete proposals (C4-C9).

Every service takes the actor, runs in a transaction and writes the audit row.
Edits carry the version the person saw (optimistic locking): a second person saving
an older version is refused with `EditConflict` and loses nothing (the form keeps
their input). Sending posts through the dossier's connector (`ledger.bookings_send`)
and moves the document to the client's archive with the office's document number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import enrich
from booking.models import (
    SENDABLE_STATUSES,
    ZERO,
    AccountMemory,
    CounterpartyLink,
    Direction,
    DocKind,
    Kind,
    Proposal,
    ProposalLine,
    Question,
    State,
    Status,
)
from booking.rules import evaluate
from core.audit import audit_log
from documents.models import DocState, Document, DocumentStep, Mailbox, StepStatus
from documents.services import document_discard_by_office, document_mark_booked
from ledger.models import Account, Counterparty, Entry, Journal, Period, VatCode
from tenancy.models import ValidationMode
from tenancy.policy import Cap, can

BOOKABLE_MAILBOXES = (Mailbox.PURCHASES, Mailbox.SALES)


class EditConflict(ValidationError):
    """Someone saved the proposal after this person opened it."""


# --- who may do what, per validation mode (C8) ------------------------------------------


def may_edit(user, dossier) -> bool:
    """Office worklist users always; the client in hybrid and client modes."""
    if can(user, Cap.WORKLIST, dossier):
        return True
    return dossier.validation_mode != ValidationMode.COLLABORATOR and can(
        user, Cap.DOCUMENT_EDIT, dossier
    )


def may_send(user, dossier) -> bool:
    """The office sends in collaborator and hybrid modes; in client mode the client does."""
    if can(user, Cap.WORKLIST, dossier):
        return True
    return dossier.validation_mode == ValidationMode.CLIENT and can(
        user, Cap.DOCUMENT_EDIT, dossier
    )


def held_from(user, proposal: Proposal) -> bool:
    """C1 verified mode: the client does not see the proposal until a collaborator checked it."""
    extraction = proposal.extraction
    return (
        extraction is not None
        and extraction.awaits_verification
        and not can(user, Cap.WORKLIST, proposal.dossier)
    )


def may_open(user, proposal: Proposal) -> bool:
    return may_edit(user, proposal.dossier) and not held_from(user, proposal)


def _verify(actor: Any, p: Proposal) -> None:
    """A collaborator's check (or sending) releases a verified-mode result to the client."""
    if p.extraction_id and can(actor, Cap.WORKLIST, p.dossier):
        from recognition.modes import extraction_verify

        extraction_verify(actor=actor, extraction_id=p.extraction_id)


# --- building (C4) -------------------------------------------------------------------------


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
        from core.texts import render  # step reasons are stored as codes (documents/intake)

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
            counterparty=cp, key=p.counterparty_key, direction=direction, rate=r, before=before
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
        _save_lines(p, built.lines)
        audit_log(
            actor=actor,
            action="booking.proposal_created",
            obj=p,
            data={"document": document.pk, "status": p.status},
        )
    return p


def proposals_create_missing(*, dossier, limit: int = 200) -> int:
    """Proposals for sent documents that have none yet (the send hook's safety net)."""
    ids = list(
        Document.objects.filter(
            dossier=dossier,
            state=DocState.SENT,
            mailbox__in=BOOKABLE_MAILBOXES,
            proposal__isnull=True,
        ).values_list("pk", flat=True)[:limit]
    )
    for doc_id in ids:
        proposal_create_for_document(document_id=doc_id)
    return len(ids)


def _save_lines(p: Proposal, lines: list[ProposalLine]) -> None:
    for i, ln in enumerate(lines):
        ln.proposal = p
        ln.position = i
        ln.pk = None
    ProposalLine.objects.bulk_create(lines)


def _reevaluate(p: Proposal) -> None:
    lines = list(p.lines.select_related("account", "vat_code"))
    suspense = enrich.AccountSuggester(p.dossier).suspense
    evaluate(p, lines, suspense.pk if suspense else None)


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
    return _replace_content(actor=actor, proposal=proposal, built=built, action="reprocessed")


def _replace_content(*, actor: Any, proposal: Proposal, built: Built, action: str) -> Proposal:
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
        _save_lines(locked, built.lines)
        _reevaluate(locked)
        locked.save()
        audit_log(actor=actor, action=f"booking.proposal_{action}", obj=locked)
    return locked


# --- corrections (C7, C9) --------------------------------------------------------------------

HEADER_FIELDS = {
    "invoice_number": str,
    "invoice_date": Date,
    "due_date": Date,
    "counterparty_id": int,
    "new_name": str,
    "new_vat": str,
    "new_iban": str,
    "journal_id": int,
    "period_id": int,
    "total": Decimal,
    "total_currency": Decimal,
    "currency": str,
    "exchange_rate": Decimal,
    "payment_reference": str,
    "instruction": str,
    "doc_kind": str,
    "help_needed": bool,
    "duplicate_dismissed": bool,
}
# proposal field -> recognition field (C9: the extraction remembers for the next document)
EXTRACTION_FIELDS = {
    "invoice_number": "invoice_number",
    "invoice_date": "issue_date",
    "due_date": "due_date",
    "payment_reference": "payment_reference",
}


@dataclass
class LineInput:
    account_id: int | None
    vat_code_id: int | None
    base: Decimal
    vat: Decimal
    note: str = ""


def _check_refs(p: Proposal, changes: dict, lines: list[LineInput] | None) -> None:
    d = p.dossier_id
    if (
        changes.get("counterparty_id")
        and not Counterparty.objects.filter(pk=changes["counterparty_id"], dossier_id=d).exists()
    ):
        raise ValidationError(_("Unknown counterparty."))
    if (
        changes.get("journal_id")
        and not Journal.objects.filter(pk=changes["journal_id"], dossier_id=d).exists()
    ):
        raise ValidationError(_("Unknown journal."))
    if (
        changes.get("period_id")
        and not Period.objects.filter(pk=changes["period_id"], dossier_id=d).exists()
    ):
        raise ValidationError(_("Unknown period."))
    if "doc_kind" in changes and changes["doc_kind"] not in DocKind.values:
        raise ValidationError(_("Unknown document kind."))
    for ln in lines or []:
        if ln.account_id and not Account.objects.filter(pk=ln.account_id, dossier_id=d).exists():
            raise ValidationError(_("Unknown account."))
        if ln.vat_code_id and not VatCode.objects.filter(pk=ln.vat_code_id, dossier_id=d).exists():
            raise ValidationError(_("Unknown VAT code."))
        if ln.base is None or ln.vat is None:
            raise ValidationError(_("Every line needs a base and a VAT amount."))


def proposal_update(
    *,
    actor: Any,
    proposal_id: int,
    version: int,
    changes: dict[str, Any],
    lines: list[LineInput] | None = None,
    check: bool = False,
) -> Proposal:
    """Save a person's corrections; `check=True` also marks it checked (Ctrl+S, Ctrl+Right).

    Raises EditConflict when `version` is not the current one.
    """
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        p = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("dossier", "extraction", "journal", "period__fiscal_year")
            .get(pk=proposal_id)
        )
        if not may_open(actor, p):
            raise PermissionDenied
        if p.state != State.OPEN:
            raise ValidationError(_("This proposal was already sent or deleted."))
        if int(version) != p.version:
            who = p.updated_by.display_name if p.updated_by else _("someone")
            raise EditConflict(
                _(
                    "%(who)s saved this proposal at %(when)s, after you opened it. "
                    "Your changes were not saved: they are still in the form; reload to see "
                    "the other changes, then apply yours again."
                )
                % {"who": who, "when": timezone.localtime(p.updated_at).strftime("%H:%M:%S")},
                code="conflict",
            )
        _check_refs(p, changes, lines)
        corrected: list[str] = []
        for name, value in changes.items():
            if isinstance(value, str):
                value = value.strip()
            if name == "new_vat":
                value = enrich.compact(value)[:30]
            if getattr(p, name) != value:
                if name not in ("instruction", "help_needed", "duplicate_dismissed"):
                    corrected.append(name)
                setattr(p, name, value)
        if "counterparty_id" in corrected and p.counterparty_id:
            p.new_name = p.new_vat = p.new_iban = ""
            if p.counterparty_key:
                CounterpartyLink.objects.update_or_create(
                    dossier_id=p.dossier_id,
                    key=p.counterparty_key,
                    defaults={"counterparty_id": p.counterparty_id},
                )
        if lines is not None:
            before = [
                (ln.account_id, ln.vat_code_id, ln.base, ln.vat)
                for ln in p.lines.order_by("position")
            ]
            after = [(ln.account_id, ln.vat_code_id, ln.base, ln.vat) for ln in lines]
            if before != after:
                corrected.append("lines")
            notes_before = list(p.lines.order_by("position").values_list("note", flat=True))
            if before != after or notes_before != [ln.note for ln in lines]:
                p.lines.all().delete()
                ProposalLine.objects.bulk_create(
                    ProposalLine(
                        proposal=p,
                        position=i,
                        account_id=ln.account_id,
                        vat_code_id=ln.vat_code_id,
                        base=ln.base,
                        vat=ln.vat,
                        note=(ln.note or "")[:200],
                        source="person",
                    )
                    for i, ln in enumerate(lines)
                )
        if p.currency == "EUR":
            p.exchange_rate = Decimal("1")
            p.total_currency = None
        elif "total_currency" in corrected or "exchange_rate" in corrected:
            if p.total_currency is not None and p.exchange_rate:
                p.total = enrich.to_eur(p.total_currency, p.exchange_rate)
        if corrected:
            p.corrections += 1
            if "help_needed" not in changes:
                p.checked_at = None  # a checked proposal changed: check again
        for name in ("journal", "period", "counterparty"):  # refresh cached relations
            if f"{name}_id" in changes:
                p.__dict__.pop(name, None)
                p._state.fields_cache.pop(name, None)
        _reevaluate(p)
        if check:
            if p.status in (Status.MISSING, Status.NOTHING, Status.TECHNICAL_ERROR):
                raise ValidationError(
                    [_("It cannot be marked checked yet:")]
                    + [pr["message"] for pr in p.problems if pr["level"] == "error"]
                    or [_("Complete the mandatory fields first.")]
                )
            p.checked_at, p.checked_by = timezone.now(), actor
            p.help_needed = False
            _reevaluate(p)
            _verify(actor, p)
        p.version += 1
        p.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        p.save()
        _learn_fields(actor, p, changes, corrected)
        audit_log(
            actor=actor,
            action="booking.proposal_updated",
            obj=p,
            data={"fields": sorted(corrected), "checked": check, "status": p.status},
        )
    return p


def _learn_fields(actor: Any, p: Proposal, changes: dict, corrected: list[str]) -> None:
    """C9 for recognised fields: tell recognition what the person corrected."""
    if p.extraction_id is None:
        return
    from recognition.services import extraction_correct

    side = "buyer" if p.direction == Direction.SALES else "seller"
    fix: dict[str, Any] = {}
    for name, target in EXTRACTION_FIELDS.items():
        if name in corrected and changes.get(name) not in (None, ""):
            fix[target] = changes[name]
    if "total" in corrected and p.currency == "EUR" and p.total is not None:
        fix["total_incl_vat"] = p.total
    if "new_name" in corrected and p.new_name:
        fix[f"{side}_name"] = p.new_name
    if "new_vat" in corrected and p.new_vat:
        fix[f"{side}_vat"] = p.new_vat
    if fix:
        extraction_correct(actor=actor, extraction_id=p.extraction_id, changes=fix)


def proposal_set_help(*, actor: Any, proposal: Proposal, needed: bool) -> Proposal:
    return proposal_update(
        actor=actor, proposal_id=proposal.pk, version=proposal.version,
        changes={"help_needed": needed},
    )  # fmt: skip


def proposals_mark_checked(*, actor: Any, proposals: list[Proposal]) -> tuple[int, list[str]]:
    done, errors = 0, []
    for p in proposals:
        try:
            proposal_update(
                actor=actor, proposal_id=p.pk, version=p.version, changes={}, check=True
            )
            done += 1
        except ValidationError as exc:
            errors.append(f"{p.invoice_number or p.document_id}: {' '.join(exc.messages)}")
    return done, errors


def proposals_change(
    *, actor: Any, proposals: list[Proposal], journal_id: int | None = None,
    period_id: int | None = None, doc_type: str = "",
) -> int:  # fmt: skip
    """Bulk change of journal, period or document type (purchase/sales, invoice/credit note)."""
    n = 0
    for p in proposals:
        if p.state != State.OPEN:
            continue
        if doc_type:
            direction, _sep, kind = doc_type.partition(":")
            if direction not in Direction.values or kind not in DocKind.values:
                raise ValidationError(_("Unknown document type."))
            if (direction, kind) != (p.direction, p.doc_kind):
                from recognition.selectors import extraction_for_document

                document = Document.objects.select_related("dossier", "original").get(
                    pk=p.document_id
                )
                built = proposal_build(
                    document=document,
                    extraction=extraction_for_document(document=document),
                    direction=direction,
                    doc_kind=kind,
                )
                p = _replace_content(actor=actor, proposal=p, built=built, action="retyped")
        changes: dict[str, Any] = {}
        if journal_id:
            changes["journal_id"] = journal_id
        if period_id:
            changes["period_id"] = period_id
        if changes:
            proposal_update(actor=actor, proposal_id=p.pk, version=p.version, changes=changes)
        n += 1
    return n


def proposal_delete(*, actor: Any, proposal: Proposal) -> None:
    """Ctrl+D: the proposal and its document leave the worklist (soft, audited)."""
    with transaction.atomic():
        p = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        if not may_open(actor, p):
            raise PermissionDenied
        if p.state != State.OPEN:
            raise ValidationError(_("A sent proposal cannot be deleted."))
        p.state = State.DELETED
        p.version += 1
        p.save(update_fields=["state", "version", "updated_at"])
        document = Document.objects.get(pk=p.document_id)
        if document.state == DocState.SENT:
            document_discard_by_office(actor=actor, document=document, reason="proposal deleted")
        audit_log(
            actor=actor, action="booking.proposal_deleted", obj=p, data={"document": p.document_id}
        )


# --- sending (C5 → D4) --------------------------------------------------------------------


def _ogm(ref: str) -> str:
    digits = re.sub(r"\D", "", ref or "")
    if len(digits) == 12 and (int(digits[:10]) % 97 or 97) == int(digits[10:]):
        return digits
    return ""


def booking_spec(p: Proposal, lines: list[ProposalLine], suggester: enrich.AccountSuggester):
    """The entry a proposal becomes (ledger's EntrySpec)."""
    from ledger.services.posting import EntrySpec, LineSpec

    sales = p.direction == Direction.SALES
    credit_note = p.doc_kind == DocKind.CREDIT_NOTE
    # Purchases: charges and VAT on the debit side; sales: on the credit side. Credit notes swap.
    charge_debit = (not sales) != credit_note

    def line(account, amount: Decimal, *, debit: bool, **kw) -> LineSpec:
        if amount < 0:
            amount, debit = -amount, not debit
        return LineSpec(account=account, debit=amount if debit else ZERO,
                        credit=ZERO if debit else amount, **kw)  # fmt: skip

    specs = []
    if not lines:  # "sans détail": the total goes to the suspense account
        if suggester.suspense is None:
            raise ValidationError(_("This dossier has no suspense account."))
        specs.append(line(suggester.suspense, p.total or ZERO, debit=charge_debit))
    vat_totals: dict[int, tuple[VatCode, Decimal]] = {}
    for ln in lines:
        specs.append(
            line(ln.account, ln.base, debit=charge_debit, vat_code=ln.vat_code,
                 vat_base=ln.base if ln.vat_code_id else None, description=ln.note)
        )  # fmt: skip
        if ln.vat_code_id:
            code, amount = vat_totals.get(ln.vat_code_id, (ln.vat_code, ZERO))
            vat_totals[ln.vat_code_id] = (code, amount + ln.vat)
        elif ln.vat:
            raise ValidationError(_("A line with VAT needs a VAT code."))
    for code, amount in vat_totals.values():
        if amount:
            if code.vat_account is None:
                raise ValidationError(_("VAT code %(c)s has no VAT account.") % {"c": code.code})
            specs.append(line(code.vat_account, amount, debit=charge_debit, vat_code=code))
    partner = suggester.receivable if sales else suggester.payable
    if partner is None:
        raise ValidationError(_("This dossier has no customer or supplier account."))
    specs.append(
        line(partner, p.total or ZERO, debit=not charge_debit, counterparty=p.counterparty,
             due_date=p.due_date, structured_ref=_ogm(p.payment_reference))
    )  # fmt: skip
    day = p.invoice_date or p.period.start
    if not (p.period.start <= day <= p.period.end):
        day = p.period.start if day < p.period.start else p.period.end
    name = p.counterparty.name if p.counterparty else p.new_name
    return EntrySpec(
        journal=p.journal,
        date=day,
        lines=specs,
        counterparty=p.counterparty,
        description=f"{name} {p.invoice_number}".strip()[:200],
        currency=p.currency,
        amount_currency=p.total_currency,
        document_id=p.document_id,
    )


def _create_counterparty(actor: Any, p: Proposal) -> Counterparty:
    from ledger.services.setup import counterparty_save

    kind = enrich.cp_kind(p.direction)
    found = enrich.find_counterparty(
        dossier=p.dossier, direction=p.direction, vat=p.new_vat, iban=p.new_iban, name=p.new_name
    )
    if found:
        return found
    base = re.sub(r"[^A-Z0-9]", "", (p.new_name or p.new_vat).upper())[:14] or "NEW"
    ref, n = base, 1
    while Counterparty.objects.filter(dossier=p.dossier, kind=kind, reference=ref).exists():
        n += 1
        ref = f"{base[:12]}{n}"
    values: dict[str, Any] = {"name": (p.new_name or p.new_vat)[:200]}
    try:
        if p.new_vat:
            values["vat_number"] = p.new_vat
        if p.new_iban:
            values["iban"] = p.new_iban
        return counterparty_save(actor=actor, dossier=p.dossier, kind=kind, reference=ref, **values)
    except ValidationError:  # a misread VAT number or IBAN must not block the booking
        return counterparty_save(
            actor=actor, dossier=p.dossier, kind=kind, reference=ref, name=values["name"]
        )


def proposal_send(*, actor: Any, proposal_id: int) -> Proposal:
    """Post the proposal through the dossier's connector and archive the document."""
    from ledger.services.sync import bookings_send

    with transaction.atomic():
        p = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("dossier", "journal", "period__fiscal_year", "counterparty")
            .get(pk=proposal_id)
        )
        if not may_send(actor, p.dossier) or held_from(actor, p):
            raise PermissionDenied
        if p.state != State.OPEN:
            raise ValidationError(_("This proposal was already sent or deleted."))
        _reevaluate(p)
        errors = [pr["message"] for pr in p.problems if pr["level"] == "error"]
        if errors:
            raise ValidationError([_("This proposal cannot be sent:")] + errors)
        if p.status not in SENDABLE_STATUSES:
            raise ValidationError(
                _("A proposal with status “%(s)s” cannot be sent; check it first.")
                % {"s": p.get_status_display()}
            )
        if p.counterparty_id is None:
            p.counterparty = _create_counterparty(actor, p)
        lines = list(p.lines.select_related("account", "vat_code__vat_account"))
        suggester = enrich.AccountSuggester(p.dossier)
        spec = booking_spec(p, lines, suggester)
        try:
            result = bookings_send(actor=actor, dossier=p.dossier, bookings=[spec])
        except ValidationError as exc:
            raise ValidationError(
                [_("The accounting refused this booking:")] + list(exc.messages)
            ) from None
        entry = Entry.objects.get(pk=result.entry_ids[0])
        now = timezone.now()
        p.state, p.sent_at = State.SENT, now
        p.sent_by = actor if getattr(actor, "is_authenticated", False) else None
        p.entry_id, p.number = entry.pk, entry.number
        p.version += 1
        p.save()
        _verify(actor, p)
        document_mark_booked(
            actor=actor, document=Document.objects.get(pk=p.document_id), office_number=entry.number
        )
        _learn_accounts(p, lines)
        audit_log(
            actor=actor,
            action="booking.proposal_sent",
            obj=p,
            data={"entry": entry.pk, "number": entry.number, "document": p.document_id},
        )
    return p


def _learn_accounts(p: Proposal, lines: list[ProposalLine]) -> None:
    """C9 for accounts and VAT codes: what was sent is what the next proposal gets."""
    keys = {f"cp:{p.counterparty_id}"} | ({p.counterparty_key} if p.counterparty_key else set())
    for ln in lines:
        if ln.account_id is None:
            continue
        rate = enrich.implied_rate(ln.base, ln.vat)
        if ln.vat_code_id and ln.vat_code:
            rate = ln.vat_code.rate
        rate_key = "" if rate is None else f"{rate.normalize():f}"
        for key in keys:
            updated = AccountMemory.objects.filter(
                dossier_id=p.dossier_id, counterparty_key=key, direction=p.direction, rate=rate_key
            ).update(account_id=ln.account_id, vat_code_id=ln.vat_code_id, uses=F("uses") + 1)
            if not updated:
                AccountMemory.objects.create(
                    dossier_id=p.dossier_id, counterparty_key=key, direction=p.direction,
                    rate=rate_key, account_id=ln.account_id, vat_code_id=ln.vat_code_id,
                )  # fmt: skip
    if p.counterparty_key and p.counterparty_id:
        CounterpartyLink.objects.update_or_create(
            dossier_id=p.dossier_id, key=p.counterparty_key,
            defaults={"counterparty_id": p.counterparty_id},
        )  # fmt: skip


def proposals_send(*, actor: Any, proposals: list[Proposal]) -> tuple[int, list[str]]:
    """Bulk send: each proposal on its own, so one refusal does not block the others."""
    sent, errors = 0, []
    for p in proposals:
        try:
            proposal_send(actor=actor, proposal_id=p.pk)
            sent += 1
        except ValidationError as exc:
            errors.append(f"{p.invoice_number or p.document_id}: {' '.join(exc.messages)}")
    return sent, errors


# --- questions to the client (C7 → H2) ------------------------------------------------------


def question_ask(*, actor: Any, proposal: Proposal, text: str) -> Question:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the question."))
    with transaction.atomic():
        q = Question.objects.create(
            proposal=proposal,
            document_id=proposal.document_id,
            dossier_id=proposal.dossier_id,
            text=text[:2000],
            asked_by=actor,
        )
        Proposal.objects.filter(pk=proposal.pk).update(help_needed=True)
        proposal.help_needed = True
        _reevaluate(proposal)
        Proposal.objects.filter(pk=proposal.pk).update(status=proposal.status)
        audit_log(actor=actor, action="booking.question_asked", obj=q, dossier_id=q.dossier_id)
    return q


def question_answer(*, actor: Any, question: Question, text: str) -> Question:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the answer."))
    with transaction.atomic():
        question.answer, question.answered_by = text[:2000], actor
        question.answered_at = timezone.now()
        question.save()
        audit_log(
            actor=actor, action="booking.question_answered", obj=question,
            dossier_id=question.dossier_id,
        )  # fmt: skip
    return question
