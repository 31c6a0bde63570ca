"""Sending (C5 -> D4): post through the dossier's connector (`ledger.bookings_send`) and
move the document to the client's archive with the office's document number."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
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
    Proposal,
    ProposalLine,
    State,
)
from booking.policy import may_send_proposal
from booking.rules import problem_texts
from booking.services.common import (
    reevaluate,
    verify_by_office,
)
from core import extensions
from core.audit import audit_log
from documents.models import Document
from documents.services import document_mark_booked
from ledger.models import Counterparty, Entry, VatCode


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
        return LineSpec(
            account=account, debit=amount if debit else ZERO, credit=ZERO if debit else amount, **kw
        )

    specs = []
    if not lines:  # "sans détail": the total goes to the suspense account
        if suggester.suspense is None:
            raise ValidationError(_("This dossier has no suspense account."))
        specs.append(line(suggester.suspense, p.total or ZERO, debit=charge_debit))
    vat_totals: dict[int, tuple[VatCode, Decimal]] = {}
    for ln in lines:
        specs.append(
            line(
                ln.account,
                ln.base,
                debit=charge_debit,
                vat_code=ln.vat_code,
                vat_base=ln.base if ln.vat_code_id else None,
                description=ln.note,
            )
        )
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
        line(
            partner,
            p.total or ZERO,
            debit=not charge_debit,
            counterparty=p.counterparty,
            due_date=p.due_date,
            structured_ref=_ogm(p.payment_reference),
        )
    )
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
        document_date=p.invoice_date,
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
        # C14: the address a later app looked up from the VAT number (office, VIES).
        extra = extensions.collect("new_counterparty_values", p)
        values.update({k: v for k, v in extra.items() if k in ("street", "postcode", "city")})
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
        if not may_send_proposal(actor, p):
            raise PermissionDenied
        if p.state != State.OPEN:
            raise ValidationError(_("This proposal was already sent or deleted."))
        reevaluate(p)
        errors = problem_texts(p.problems, "error")
        if errors:
            raise ValidationError([_("This proposal cannot be sent:"), *errors])
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
                [_("The accounting refused this booking:"), *list(exc.messages)]
            ) from None
        entry = Entry.objects.get(pk=result.entry_ids[0])
        now = timezone.now()
        p.state, p.sent_at = State.SENT, now
        p.sent_by = actor if getattr(actor, "is_authenticated", False) else None
        p.entry_id, p.number = entry.pk, entry.number
        p.version += 1
        p.save()
        verify_by_office(actor, p)
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
                    dossier_id=p.dossier_id,
                    counterparty_key=key,
                    direction=p.direction,
                    rate=rate_key,
                    account_id=ln.account_id,
                    vat_code_id=ln.vat_code_id,
                )
    if p.counterparty_key and p.counterparty_id:
        CounterpartyLink.objects.update_or_create(
            dossier_id=p.dossier_id,
            key=p.counterparty_key,
            defaults={"counterparty_id": p.counterparty_id},
        )


# Names that are only a legal form: recognition read the company type, not the company.
LEGAL_FORMS = frozenset(
    [
        "SA",
        "NV",
        "SRL",
        "BV",
        "SPRL",
        "BVBA",
        "SC",
        "CV",
        "SCRL",
        "CVBA",
        "SCS",
        "COMMV",
        "SNC",
        "VOF",
        "SE",
        "ASBL",
        "VZW",
        "AISBL",
        "IVZW",
        "SCA",
        "COMMVA",
        "EBVBA",
        "SPRLU",
        "GCV",
        "GMBH",
        "AG",
        "KG",
        "OHG",
        "UG",
        "EV",
        "LTD",
        "LLC",
        "LLP",
        "INC",
        "PLC",
        "CORP",
        "SAS",
        "SASU",
        "SARL",
        "EURL",
        "CO",
    ]
)


def name_is_only_a_legal_form(name: str) -> bool:
    words = [w for w in re.split(r"[\s,/&()-]+", (name or "").upper().replace(".", "")) if w]
    return bool(words) and all(w in LEGAL_FORMS for w in words)


@dataclass(frozen=True)
class Confirmation:
    """A proposal that bulk sending books only when the person confirms it by name."""

    proposal: Proposal
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        p = self.proposal
        who = p.counterparty_label or p.new_name or p.new_vat or "–"
        return f"{p.invoice_number or p.document_id} · {who}"


def confirmation_reasons(p: Proposal) -> tuple[str, ...]:
    reasons = []
    if p.duplicate_of_id and not p.duplicate_dismissed:
        reasons.append(_("possible duplicate"))
    if p.suspense:
        reasons.append(_("on the suspense account"))
    if p.counterparty_id is None and name_is_only_a_legal_form(p.new_name):
        reasons.append(
            _("new counterparty named only “%(name)s”") % {"name": p.new_name or p.new_vat}
        )
    return tuple(reasons)


def send_confirmations(proposals: list[Proposal]) -> list[Confirmation]:
    """The proposals of a bulk send that need an explicit confirmation naming them."""
    out = []
    for p in proposals:
        reasons = confirmation_reasons(p)
        if reasons:
            out.append(Confirmation(p, reasons))
    return out


@dataclass
class BulkSent:
    sent: int = 0
    errors: list[str] = field(default_factory=list)
    to_confirm: list[Confirmation] = field(default_factory=list)


def proposals_send(
    *, actor: Any, proposals: list[Proposal], confirmed: set[int] | frozenset[int] = frozenset()
) -> BulkSent:
    """Bulk send: each proposal on its own, so one refusal does not block the others.

    A possible duplicate, a proposal on the suspense account, or one whose new
    counterparty is named only by a legal form ("SRL", "BV") is not booked unless its
    id is in `confirmed` (the person saw it named and confirmed); it is returned in
    `to_confirm` instead.
    """
    out = BulkSent()
    for p in proposals:
        reasons = confirmation_reasons(p)
        if reasons and p.pk not in confirmed:
            out.to_confirm.append(Confirmation(p, reasons))
            continue
        try:
            proposal_send(actor=actor, proposal_id=p.pk)
            out.sent += 1
        except ValidationError as exc:
            out.errors.append(f"{p.invoice_number or p.document_id}: {' '.join(exc.messages)}")
    return out
