"""The fields of a structured e-invoice, as read from its XML (no Django here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# UNTDID 1001 codes that mean a credit note (EN 16931 BT-3 code list).
CREDIT_NOTE_TYPE_CODES = {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}


@dataclass
class Party:
    name: str | None = None
    trade_name: str | None = None
    vat: str | None = None  # BT-31 / BT-48: PartyTaxScheme with TaxScheme VAT
    tax_registration: str | None = None  # BT-32: another tax scheme (e.g. Swedish F-skatt)
    legal_id: str | None = None
    endpoint: str | None = None
    endpoint_scheme: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None

    @property
    def address(self) -> str | None:
        parts = [p for p in (self.street, " ".join(filter(None, (self.postcode, self.city)))) if p]
        if self.country:
            parts.append(self.country)
        return ", ".join(parts) or None


@dataclass
class VatLine:
    category: str | None
    rate: Decimal | None
    base: Decimal | None
    vat: Decimal | None


@dataclass
class InvoiceLine:
    line_id: str | None
    description: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    net_amount: Decimal | None
    vat_rate: Decimal | None


@dataclass
class EInvoice:
    syntax: str  # "UBL-Invoice" | "UBL-CreditNote" | "CII" | "ZUGFeRD-1"
    customization_id: str | None = None
    type_code: str | None = None
    invoice_number: str | None = None
    issue_date: dt.date | None = None
    due_date: dt.date | None = None
    currency: str | None = None
    buyer_reference: str | None = None
    order_reference: str | None = None
    seller: Party = field(default_factory=Party)
    buyer: Party = field(default_factory=Party)
    line_total: Decimal | None = None
    total_excl_vat: Decimal | None = None
    total_vat: Decimal | None = None
    total_incl_vat: Decimal | None = None
    prepaid_amount: Decimal | None = None
    payable_amount: Decimal | None = None
    payment_means_code: str | None = None
    payment_reference: str | None = None
    iban: str | None = None
    bic: str | None = None
    vat_breakdown: list[VatLine] = field(default_factory=list)
    lines: list[InvoiceLine] = field(default_factory=list)
    embedded_pdf: bytes | None = None

    @property
    def is_credit_note(self) -> bool:
        return self.syntax == "UBL-CreditNote" or (self.type_code or "") in CREDIT_NOTE_TYPE_CODES

    @property
    def document_type(self) -> str:
        return "credit_note" if self.is_credit_note else "invoice"


MAX_AMOUNT = Decimal(10) ** 15


def to_decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    # NaN, Infinity and 10^400 parse as Decimals but are no amount: they would break
    # every sum and comparison downstream.
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        return None
    return number


def to_date(value: str | None, fmt: str | None = None) -> dt.date | None:
    """ISO dates (UBL) or UN/CEFACT format 102 (CCYYMMDD), 610 (CCYYMM), 616 (CCYYWW)."""
    if not value:
        return None
    value = value.strip()
    try:
        if fmt in (None, "102") and len(value) == 8 and value.isdigit():
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        if fmt == "610" and len(value) == 6:
            return dt.date(int(value[:4]), int(value[4:6]), 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
