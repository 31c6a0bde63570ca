"""Absurd amounts in an e-invoice (NaN, Infinity, 10^400) are no amount, never a crash."""

from __future__ import annotations

from decimal import Decimal

import pytest

from einvoice.model import to_decimal
from einvoice.reader import parse_invoice_xml

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>INV-1</cbc:ID><cbc:IssueDate>2026-11-02</cbc:IssueDate>
 <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{vat}</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:TaxExclusiveAmount currencyID="EUR">{net}</cbc:TaxExclusiveAmount>
  <cbc:PayableAmount currencyID="EUR">{total}</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
</Invoice>"""


@pytest.mark.parametrize("raw", ["NaN", "-Infinity", "sNaN", "1e400", "9" * 400, "1E+16"])
def test_absurd_numbers_are_no_amount(raw):
    assert to_decimal(raw) is None


def test_ordinary_amounts_stay_exact():
    assert to_decimal(" 1234.50 ") == Decimal("1234.50") and to_decimal("-0.01") == Decimal("-0.01")


def test_an_invoice_with_absurd_totals_parses_without_them():
    xml = UBL.format(vat="NaN", net="1e400", total="Infinity").encode()
    invoice = parse_invoice_xml(xml, with_report=False).invoice
    assert invoice.invoice_number == "INV-1"
    assert invoice.total_vat is None and invoice.total_excl_vat is None
    assert invoice.payable_amount is None
