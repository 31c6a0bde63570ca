"""Corrections (C7, C9): a person's changes, checks, bulk changes and deletion.

Edits carry the version the person saw (optimistic locking): a second person saving an
older version is refused with `EditConflict` and loses nothing (the form keeps their input)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import enrich
from booking.models import (
    CounterpartyLink,
    Direction,
    DocKind,
    Proposal,
    ProposalLine,
    State,
    Status,
)
from booking.policy import may_check, may_open
from booking.rules import problem_texts
from booking.services.build import proposal_build, replace_content
from booking.services.common import (
    EditConflict,
    reevaluate,
    verify_by_office,
)
from core.audit import audit_log
from documents.models import DocState, Document
from documents.services import document_discard_by_office
from ledger.models import Account, Counterparty, Journal, Period, VatCode

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
        if not (may_check(actor, p) if check else may_open(actor, p)):
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
        elif (
            ("total_currency" in corrected or "exchange_rate" in corrected)
            and p.total_currency is not None
            and p.exchange_rate
        ):
            p.total = enrich.to_eur(p.total_currency, p.exchange_rate)
        if corrected:
            p.corrections += 1
            if "help_needed" not in changes:
                p.checked_at = None  # a checked proposal changed: check again
        for name in ("journal", "period", "counterparty"):  # refresh cached relations
            if f"{name}_id" in changes:
                p.__dict__.pop(name, None)
                p._state.fields_cache.pop(name, None)
        reevaluate(p)
        if check:
            if p.status in (Status.MISSING, Status.NOTHING, Status.TECHNICAL_ERROR):
                # The list was always non-empty, so the fallback never showed (ruff SIM222).
                errors = problem_texts(p.problems, "error")
                raise ValidationError(
                    [_("It cannot be marked checked yet:"), *errors]
                    if errors
                    else [_("Complete the mandatory fields first.")]
                )
            p.checked_at, p.checked_by = timezone.now(), actor
            p.help_needed = False
            reevaluate(p)
            verify_by_office(actor, p)
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
        actor=actor,
        proposal_id=proposal.pk,
        version=proposal.version,
        changes={"help_needed": needed},
    )


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
    *,
    actor: Any,
    proposals: list[Proposal],
    journal_id: int | None = None,
    period_id: int | None = None,
    doc_type: str = "",
) -> int:
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
                p = replace_content(actor=actor, proposal=p, built=built, action="retyped")
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
