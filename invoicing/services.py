"""Writes of the invoicing app (J1-J3): customers, items, invoices, issuing and booking.

Issuing numbers the invoice gaplessly per dossier, journal and year (a locked `Counter`
row: two issues at once wait for each other, and a rolled-back issue gives its number
back), gives it a structured communication and books it in the dossier's sales journal
in the same transaction, through the dossier's accounting connector
(`ledger.services.sync.bookings_send`). An invoice Fidu writes carries exact data (no
recognition to check), so it is booked at once whatever the validation mode; the office
sees it in the sales journal and the customer's open items at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.sealed import seal
from invoicing import amounts, booking
from invoicing.booking import JOURNALS
from invoicing.checks import ogm_for, peppol_id_clean, peppol_id_for, vat_clean
from invoicing.models import (
    Counter,
    Customer,
    Invoice,
    InvoiceLine,
    InvoicingSettings,
    Item,
    Kind,
    Language,
    Status,
    Unit,
    VatCase,
)
from tenancy.models import Dossier

PREFIX = {Kind.INVOICE: "", Kind.CREDIT_NOTE: "CN-"}
MAX_LINES = 500


CUSTOMER_FIELDS = (
    "name",
    "vat_number",
    "peppol_id",
    "street",
    "postcode",
    "city",
    "country",
    "language",
    "email",
    "payment_days",
)


def _customer_clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: values[k] for k in CUSTOMER_FIELDS if k in values and values[k] is not None}
    errors: dict[str, list[str]] = {}
    out["name"] = str(out.get("name", "")).strip()[:200]
    if not out["name"]:
        errors["name"] = [_("A customer needs a name.")]
    country = str(out.get("country") or "BE").strip().upper()[:2]
    if not re.fullmatch(r"[A-Z]{2}", country):
        errors["country"] = [_("A country is two letters (BE, FR, NL...).")]
    out["country"] = country
    try:
        out["vat_number"] = vat_clean(str(out.get("vat_number") or ""), country)
    except ValidationError as exc:
        errors["vat_number"] = list(exc.messages)
        out["vat_number"] = ""
    try:
        given = str(out.get("peppol_id") or "")
        out["peppol_id"] = peppol_id_clean(given) or peppol_id_for(out["vat_number"])
    except ValidationError as exc:
        errors["peppol_id"] = list(exc.messages)
    language = str(out.get("language") or "fr").lower()
    if language not in Language.values:
        errors["language"] = [_("Language: fr, nl, en or de.")]
    out["language"] = language
    email = str(out.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("“%(email)s” is not an e-mail address.") % {"email": email}]
    out["email"] = email
    try:
        days = int(out.get("payment_days", 30))
        if not 0 <= days <= 365:
            raise ValueError
        out["payment_days"] = days
    except (TypeError, ValueError):
        errors["payment_days"] = [_("Payment terms: 0 to 365 days.")]
    for key in ("street", "city"):
        out[key] = str(out.get(key) or "").strip()[: 200 if key == "street" else 100]
    out["postcode"] = str(out.get("postcode") or "").strip()[:12]
    if errors:
        raise ValidationError(errors)
    return out


def customer_save(
    *, actor: Any, dossier: Dossier, values: dict[str, Any], customer: Customer | None = None
) -> Customer:
    """Create or update a customer; the VAT number is checked, the Belgian Peppol ID derived."""
    data = _customer_clean(values)
    with transaction.atomic():
        created = customer is None
        if customer is None:
            customer = Customer(dossier=dossier)
        for k, v in data.items():
            setattr(customer, k, v)
        customer.save()
        audit_log(
            actor=actor,
            action="invoicing.customer_created" if created else "invoicing.customer_updated",
            obj=customer,
            data={"name": customer.name, "vat": customer.vat_number},
        )
    return customer


def customer_find_or_create(*, actor: Any, dossier: Dossier, values: dict[str, Any]) -> Customer:
    """The dossier's customer with this VAT number (else this name), or a new one."""
    data = _customer_clean(values)
    qs = Customer.objects.filter(dossier=dossier)
    found = (
        qs.filter(vat_number=data["vat_number"]).first()
        if data["vat_number"]
        else qs.filter(name__iexact=data["name"]).first()
    )
    return found or customer_save(actor=actor, dossier=dossier, values=data)


def item_save(
    *, actor: Any, dossier: Dossier, values: dict[str, Any], item: Item | None = None
) -> Item:
    description = str(values.get("description") or "").strip()[:200]
    if not description:
        raise ValidationError({"description": [_("An item needs a description.")]})
    price = _decimal(values.get("unit_price"), "unit_price")
    if price < 0:
        raise ValidationError({"unit_price": [_("A unit price cannot be negative.")]})
    vat_case = _vat_case(values.get("vat_case"))
    unit = values.get("unit") or Unit.C62
    if unit not in Unit.values:
        raise ValidationError({"unit": [_("Unknown unit.")]})
    with transaction.atomic():
        created = item is None
        item = item or Item(dossier=dossier)
        item.description, item.unit_price, item.vat_case, item.unit = (
            description,
            price,
            vat_case,
            unit,
        )
        item.save()
        audit_log(
            actor=actor,
            action="invoicing.item_created" if created else "invoicing.item_updated",
            obj=item,
            data={"description": description},
        )
    return item


def settings_for(dossier: Dossier) -> InvoicingSettings:
    found = InvoicingSettings.objects.filter(dossier=dossier).first()
    return found or InvoicingSettings(dossier=dossier)


def settings_save(
    *, actor: Any, dossier: Dossier, values: dict[str, Any], key: str = "", secret: str = ""
) -> InvoicingSettings:
    """The seller's address and IBAN, the access point; new credentials are sealed."""
    from payments.checks import bic_clean, iban_clean

    s, _c = InvoicingSettings.objects.get_or_create(dossier=dossier)
    for k in ("street", "postcode", "city", "country", "ap_provider", "ap_base_url"):
        if k in values:
            setattr(s, k, str(values[k] or "").strip())
    s.ap_company_id = str(values.get("ap_company_id", s.ap_company_id) or "").strip()
    s.country = (s.country or "BE").upper()[:2]
    if values.get("iban"):
        s.iban = iban_clean(values["iban"])
    if values.get("bic"):
        s.bic = bic_clean(values["bic"])
    if key:
        s.ap_key_sealed = seal(key)
    if secret:
        s.ap_secret_sealed = seal(secret)
    with transaction.atomic():
        s.save()
        audit_log(
            actor=actor,
            action="invoicing.settings_changed",
            obj=dossier,
            data={"provider": s.ap_provider, "credentials_changed": bool(key or secret)},
        )
    return s


# --- invoices ---------------------------------------------------------------------------


@dataclass
class LineData:
    description: str
    quantity: Any
    unit_price: Any
    vat_case: Any
    discount: Any = None
    unit: str = Unit.C62


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        raise ValidationError({name: [_("“%(v)s” is not a number.") % {"v": value}]}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError({name: [_("“%(v)s” is not a number.") % {"v": value}]})
    return number


def _vat_case(value: Any) -> str:
    """'S21'... or a rate (21, 12, 6, 0) or 'exempt' / 'reverse_charge'."""
    text = str(value if value is not None else "").strip().upper().replace("%", "")
    aliases = {
        "21": "S21",
        "12": "S12",
        "6": "S6",
        "0": "Z",
        "EXEMPT": "E",
        "REVERSE_CHARGE": "AE",
        "REVERSE-CHARGE": "AE",
    }
    text = aliases.get(text.rstrip("0").rstrip(".") if "." in text else text, text)
    if text not in VatCase.values:
        raise ValidationError(
            _(
                "Each line needs a VAT category: 21, 12, 6, 0, “exempt” or “reverse_charge” "
                "(got “%(v)s”)."
            )
            % {"v": value if value not in (None, "") else "—"}
        )
    return text


def _lines_clean(lines: list[LineData]) -> list[InvoiceLine]:
    if not lines:
        raise ValidationError(_("An invoice needs at least one line."))
    if len(lines) > MAX_LINES:
        raise ValidationError(_("At most %(n)s lines.") % {"n": MAX_LINES})
    out: list[InvoiceLine] = []
    for n, ln in enumerate(lines, start=1):
        try:
            description = str(ln.description or "").strip()[:200]
            if not description:
                raise ValidationError(_("a line needs a description."))
            qty = _decimal(ln.quantity, "quantity").quantize(Decimal("0.001"))
            if qty <= 0:
                raise ValidationError(
                    _(
                        "the quantity must be positive (%(q)s); to credit an invoice, "
                        "make a credit note."
                    )
                    % {"q": ln.quantity}
                )
            price = _decimal(ln.unit_price, "unit_price").quantize(Decimal("0.0001"))
            if price < 0:
                raise ValidationError(_("a unit price cannot be negative."))
            discount = (
                _decimal(ln.discount, "discount").quantize(Decimal("0.01"))
                if ln.discount not in (None, "")
                else amounts.ZERO
            )
            if not 0 <= discount <= 100:
                raise ValidationError(_("a discount is a percentage from 0 to 100."))
            vat_case = _vat_case(ln.vat_case)
            unit = ln.unit if ln.unit in Unit.values else Unit.C62
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(n)s: %(msg)s") % {"n": n, "msg": " ".join(exc.messages)}
            ) from None
        out.append(
            InvoiceLine(
                position=n,
                description=description,
                quantity=qty,
                unit=unit,
                unit_price=price,
                discount=discount,
                vat_case=vat_case,
            )
        )
    return out


def _apply_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    totals = amounts.compute(
        amounts.LineIn(
            quantity=ln.quantity,
            unit_price=ln.unit_price,
            vat_case=ln.vat_case,
            discount=ln.discount,
        )
        for ln in lines
    )
    for ln, a in zip(lines, totals.lines, strict=True):
        ln.gross, ln.allowance, ln.net = a.gross, a.allowance, a.net
    invoice.line_total = totals.line_total
    invoice.total_excl = totals.total_excl
    invoice.total_vat = totals.total_vat
    invoice.total_incl = totals.total_incl


def invoice_save(
    *,
    actor: Any,
    dossier: Dossier,
    customer: Customer,
    issue_date: Date,
    lines: list[LineData],
    due_date: Date | None = None,
    credit_note_of: Invoice | None = None,
    note: str = "",
    invoice: Invoice | None = None,
) -> Invoice:
    """Create or replace a draft invoice (or credit note of `credit_note_of`)."""
    if customer.dossier_id != dossier.pk:
        raise ValidationError(_("Unknown customer."))
    if invoice is not None and invoice.status != Status.DRAFT:
        raise ValidationError(_("An issued invoice cannot be changed; make a credit note."))
    if credit_note_of is not None:
        if credit_note_of.dossier_id != dossier.pk or credit_note_of.kind != Kind.INVOICE:
            raise ValidationError(_("A credit note refers to an invoice of this dossier."))
        if credit_note_of.status != Status.ISSUED:
            raise ValidationError(_("Only an issued invoice can be credited."))
        if credit_note_of.customer_id != customer.pk:
            raise ValidationError(_("A credit note goes to the customer of its invoice."))
    new_lines = _lines_clean(lines)
    if due_date is not None and due_date < issue_date:
        raise ValidationError(_("The due date cannot be before the issue date."))
    if credit_note_of is not None:
        others = credit_note_of.credit_notes.all()
        if invoice is not None:
            others = others.exclude(pk=invoice.pk)
        credited = sum(
            (c.total_incl for c in others),
            amounts.ZERO,
        )
        total = amounts.compute(
            amounts.LineIn(ln.quantity, ln.unit_price, ln.vat_case, ln.discount) for ln in new_lines
        ).total_incl
        if credited + total > credit_note_of.total_incl:
            raise ValidationError(
                _("Credit notes cannot credit more than the invoice (%(left)s EUR left).")
                % {"left": credit_note_of.total_incl - credited}
            )
    with transaction.atomic():
        created = invoice is None
        if invoice is None:
            invoice = Invoice(dossier=dossier, created_by=_user(actor))
        invoice.kind = Kind.CREDIT_NOTE if credit_note_of else Kind.INVOICE
        invoice.customer = customer
        invoice.issue_date = issue_date
        invoice.due_date = due_date or issue_date + timedelta(days=customer.payment_days)
        invoice.credit_note_of = credit_note_of
        invoice.note = (note or "").strip()[:300]
        _apply_totals(invoice, new_lines)
        invoice.save()
        _lines_store(invoice, new_lines)
        audit_log(
            actor=actor,
            action="invoicing.invoice_created" if created else "invoicing.invoice_updated",
            obj=invoice,
            data={"kind": invoice.kind, "total": str(invoice.total_incl)},
        )
    return invoice


LINE_FIELDS = (
    "position",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount",
    "vat_case",
    "gross",
    "allowance",
    "net",
)


def _lines_store(invoice: Invoice, new_lines: list[InvoiceLine]) -> None:
    """Rows kept in place by position (a draft saved unchanged changes nothing)."""
    existing = list(invoice.lines.order_by("position", "pk"))
    for i, ln in enumerate(new_lines):
        if i < len(existing):
            row = existing[i]
            if any(getattr(row, f) != getattr(ln, f) for f in LINE_FIELDS):
                for f in LINE_FIELDS:
                    setattr(row, f, getattr(ln, f))
                row.save()
        else:
            ln.invoice = invoice
            ln.save()
    for row in existing[len(new_lines) :]:
        row.delete()


def credit_note_lines(invoice: Invoice) -> list[LineData]:
    """The lines of a credit note that cancels `invoice` in full."""
    return [
        LineData(
            description=ln.description,
            quantity=ln.quantity,
            unit_price=ln.unit_price,
            vat_case=ln.vat_case,
            discount=ln.discount,
            unit=ln.unit,
        )
        for ln in invoice.lines.all()
    ]


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _next_number(dossier: Dossier, kind: str, year: int) -> tuple[str, int]:
    journal = JOURNALS[Kind(kind)]
    Counter.objects.get_or_create(dossier=dossier, journal_code=journal, year=year)
    counter = Counter.objects.select_for_update().get(
        dossier=dossier, journal_code=journal, year=year
    )
    n = counter.next_number
    counter.next_number = n + 1
    counter.save(update_fields=["next_number"])
    return journal, n


def invoice_issue(*, actor: Any, invoice_id: int) -> Invoice:
    """Number the draft, give it its structured communication and book it, at once."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("customer", "dossier")
            .get(pk=invoice_id)
        )
        if invoice.status != Status.DRAFT:
            return invoice
        journal, n = _next_number(invoice.dossier, invoice.kind, invoice.issue_date.year)
        invoice.journal_code = journal
        invoice.number = f"{PREFIX[Kind(invoice.kind)]}{invoice.issue_date.year}-{n:05d}"
        if invoice.kind == Kind.INVOICE:
            invoice.structured_ref = ogm_for(
                invoice.issue_date.year % 100 * 100000 + n, invoice.dossier_id
            )
        invoice.status = Status.ISSUED
        invoice.issued_at = timezone.now()
        invoice.save()
        booking.book(actor=actor, invoice=invoice)
        audit_log(
            actor=actor,
            action="invoicing.invoice_issued",
            obj=invoice,
            data={"number": invoice.number, "entry": invoice.entry_id},
        )
    return invoice


def invoice_delete_draft(*, actor: Any, invoice: Invoice) -> None:
    if invoice.status != Status.DRAFT:
        raise ValidationError(_("An issued invoice cannot be deleted; make a credit note."))
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="invoicing.draft_deleted",
            obj=invoice.dossier,
            data={"invoice": invoice.pk},
        )
        invoice.delete()
