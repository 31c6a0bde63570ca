"""An issued invoice in the books (J3): one entry in the sales journal (VEN, credit notes in
NCV), its receivable as an open item of the customer with due date and structured
communication. A credit note is the exact mirror of what it credits, and when it credits a
whole invoice the two open items are matched together.

Sales: revenue (70) and VAT due (451) on the credit side, the receivable (400) on the
debit side; a credit note swaps the sides. VAT codes from `ledger.belgium.vat`
(boxes 03/02/01/00 at 21/12/6/0 %, 47 exempt, 45 Belgian co-contractor; credit notes 49
and 64, which the VAT code carries).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from invoicing.amounts import ZERO, r2
from invoicing.models import Invoice, Kind

REVENUE_ACCOUNTS = ("700000", "701000")
JOURNALS = {Kind.INVOICE: "VEN", Kind.CREDIT_NOTE: "NCV"}
# VAT case -> the Belgian sales VAT code (ledger.belgium.vat): boxes 03/02/01/00, 47, 45.
LEDGER_VAT = {"S21": "V21S", "S12": "V12S", "S6": "V6S", "Z": "V0S", "E": "VXS", "AE": "VCC"}


def _counterparty(actor: Any, invoice: Invoice):
    from ledger.models import Counterparty, CounterpartyKind
    from ledger.services.setup import counterparty_save

    customer = invoice.customer
    if customer.counterparty_id:
        return customer.counterparty
    found = None
    if customer.vat_number:
        found = Counterparty.objects.filter(
            dossier=invoice.dossier, kind=CounterpartyKind.CUSTOMER, vat_number=customer.vat_number
        ).first()
    if found is None:
        base = re.sub(r"[^A-Z0-9]", "", customer.name.upper())[:14] or "CUST"
        ref, n = base, 1
        while Counterparty.objects.filter(
            dossier=invoice.dossier, kind=CounterpartyKind.CUSTOMER, reference=ref
        ).exists():
            n += 1
            ref = f"{base[:12]}{n}"
        found = counterparty_save(
            actor=actor,
            dossier=invoice.dossier,
            kind=CounterpartyKind.CUSTOMER,
            reference=ref,
            name=customer.name,
            vat_number=customer.vat_number,
            street=customer.street,
            postcode=customer.postcode,
            city=customer.city,
            country=customer.country,
            language=customer.language,
            email=customer.email,
            payment_days=customer.payment_days,
        )
    customer.counterparty = found
    customer.save(update_fields=["counterparty"])
    return found


def entry_spec(invoice: Invoice, counterparty) -> Any:
    from ledger.models import Account, AccountKind, Journal, VatCode
    from ledger.services.posting import EntrySpec, LineSpec

    dossier = invoice.dossier
    journal = Journal.objects.filter(dossier=dossier, code=invoice.journal_code).first()
    if journal is None:  # books with other journal codes: the first sales journal that fits
        journals = list(Journal.objects.filter(dossier=dossier, kind="sales", active=True))
        want_cn = invoice.kind == Kind.CREDIT_NOTE
        journal = next((j for j in journals if j.credit_note_only == want_cn), None) or (
            journals[0] if journals else None
        )
    if journal is None:
        raise ValidationError(_("The dossier's books have no sales journal."))
    accounts = {a.code: a for a in Account.objects.filter(dossier=dossier, active=True)}
    revenue = next((accounts[c] for c in REVENUE_ACCOUNTS if c in accounts), None)
    receivable = accounts.get("400000") or next(
        (a for a in accounts.values() if a.kind == AccountKind.RECEIVABLE), None
    )
    if revenue is None or receivable is None:
        raise ValidationError(_("The dossier's books have no sales or customer account."))
    codes = {v.code: v for v in VatCode.objects.filter(dossier=dossier)}
    credit_note = invoice.kind == Kind.CREDIT_NOTE

    def line(account, amount: Decimal, *, credit: bool, **kw) -> LineSpec:
        if credit_note:
            credit = not credit
        return LineSpec(
            account=account,
            debit=ZERO if credit else amount,
            credit=amount if credit else ZERO,
            **kw,
        )

    bases: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in invoice.lines.all():
        bases[ln.vat_case] += ln.net
    specs = []
    vat_by_code: dict[str, Decimal] = defaultdict(lambda: ZERO)
    from invoicing.amounts import CATEGORIES

    # The VAT of a category was rounded once on its whole base (BR-CO-17); the cases of a
    # category share one rate, so the base per case carries the same VAT, the remainder
    # cent going to the last case of the category.
    for case, base in bases.items():
        code = codes.get(LEDGER_VAT[case])
        if code is None:
            raise ValidationError(_("The books have no VAT code %(c)s.") % {"c": LEDGER_VAT[case]})
        specs.append(line(revenue, base, credit=True, vat_code=code, vat_base=base))
        rate = CATEGORIES[case][1]
        if rate:
            vat_by_code[code.code] += r2(base * rate / 100)
    for code_name, vat in vat_by_code.items():
        code = codes[code_name]
        if vat:
            if code.vat_account is None:
                raise ValidationError(_("VAT code %(c)s has no VAT account.") % {"c": code.code})
            specs.append(line(code.vat_account, vat, credit=True, vat_code=code))
    written_vat = sum(vat_by_code.values(), ZERO)
    if written_vat != invoice.total_vat:  # never: one case per (category, rate) here
        raise ValidationError(_("VAT per code does not add up to the invoice's VAT."))
    specs.append(
        line(
            receivable,
            invoice.total_incl,
            credit=False,
            counterparty=counterparty,
            due_date=invoice.due_date,
            structured_ref=invoice.structured_ref,
            description=invoice.number,
        )
    )
    return EntrySpec(
        journal=journal,
        date=invoice.issue_date,
        lines=specs,
        number="",
        counterparty=counterparty,
        description=f"{invoice.customer.name} {invoice.number}"[:200],
        document_date=invoice.issue_date,
    )


def _period_date(invoice: Invoice, spec) -> None:
    """An invoice dated in a closed period is booked in the active one (its own date kept
    as the document date), as booking does for purchase invoices (issue 11)."""
    from booking.enrich import pick_period

    period, _warning = pick_period(
        dossier=invoice.dossier, day=invoice.issue_date, journal=spec.journal
    )
    if period is None:
        raise ValidationError(_("The books have no open period for this invoice."))
    day = invoice.issue_date
    if not (period.start <= day <= period.end):
        spec.date = period.start if day < period.start else period.end


def book(*, actor: Any, invoice: Invoice) -> None:
    """Post the entry through the dossier's connector; raises ValidationError with the
    books' reason when they refuse (the caller's transaction rolls the issue back)."""
    from ledger.models import Books, EntryLine
    from ledger.selectors import open_amounts
    from ledger.services.matching import lines_match
    from ledger.services.sync import bookings_send

    if not Books.objects.filter(dossier=invoice.dossier).exists():
        return  # no books activated: the invoice is issued, the office books it later
    counterparty = _counterparty(actor, invoice)
    spec = entry_spec(invoice, counterparty)
    _period_date(invoice, spec)
    try:
        result = bookings_send(actor=actor, dossier=invoice.dossier, bookings=[spec])
    except ValidationError as exc:
        raise ValidationError([_("The accounting refused this invoice:"), *exc.messages]) from None
    invoice.entry_id = result.entry_ids[0]
    invoice.save(update_fields=["entry_id"])
    original = invoice.credit_note_of
    if original is not None and original.entry_id and original.total_incl == invoice.total_incl:
        items = list(
            EntryLine.objects.filter(
                entry_id__in=[original.entry_id, invoice.entry_id], is_open_item=True
            )
        )
        if len(items) == 2 and all(open_amounts([i.pk for i in items]).values()):
            lines_match(
                actor=actor,
                dossier=invoice.dossier,
                lines=items,
                note=f"{invoice.number} / {original.number}",
            )
