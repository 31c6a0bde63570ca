"""Structured invoices are read exactly and validated (SPEC B7)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from einvoice.reader import parse_invoice_xml, read_einvoice
from einvoice.xmlsafe import XmlRejected, parse_xml

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
UBL = CORPUS / "1_ubl_peppol"
PDFS = CORPUS / "4_pdf_invoices"
UBL_TRUTH = json.loads((UBL / "EXPECTED_FIELDS_derived.json").read_text()) if UBL.exists() else {}
FX_TRUTH = (
    json.loads((PDFS / "GROUND_TRUTH_from_embedded_xml.json").read_text()) if PDFS.exists() else {}
)
CEN_RESULTS = (
    json.loads((UBL / "VALIDATION_RESULTS_schematron.json").read_text()) if UBL.exists() else {}
)

pytestmark = pytest.mark.skipif(not UBL.exists(), reason="corpus not available")


def dec(v):
    return None if v is None else Decimal(v)


@pytest.mark.parametrize("rel", sorted(UBL_TRUTH))
def test_it_reads_every_ubl_field_exactly(rel):
    truth = UBL_TRUTH[rel]
    inv = parse_invoice_xml((UBL / rel).read_bytes(), with_report=False).invoice
    assert inv.syntax == truth["syntax"]
    assert inv.invoice_number == truth["invoice_number"]
    assert inv.type_code == truth["type_code"]
    assert (inv.issue_date.isoformat() if inv.issue_date else None) == truth["issue_date"]
    assert (inv.due_date.isoformat() if inv.due_date else None) == truth["due_date"]
    assert inv.currency == truth["currency"]
    assert inv.order_reference == truth["order_reference"]
    assert inv.seller.name == truth["seller_name"]
    assert inv.buyer.name == truth["buyer_name"]
    assert truth["seller_vat"] in (inv.seller.vat, inv.seller.tax_registration)
    assert inv.buyer.vat == truth["buyer_vat"]
    assert inv.total_excl_vat == dec(truth["tax_exclusive_amount"])
    assert inv.total_vat == dec(truth["tax_amount"])
    assert inv.total_incl_vat == dec(truth["tax_inclusive_amount"])
    assert inv.payable_amount == dec(truth["payable_amount"])
    assert inv.prepaid_amount == dec(truth["prepaid_amount"])
    assert inv.iban == truth["payee_iban"]
    assert inv.payment_reference == truth["payment_id"]
    assert len(inv.lines) == truth["n_lines"]
    assert [(v.category, v.rate, v.base, v.vat) for v in inv.vat_breakdown] == [
        (b["category"], dec(b["rate"]), dec(b["taxable"]), dec(b["tax"]))
        for b in truth["vat_breakdown"]
    ]


@pytest.mark.parametrize("rel", sorted(FX_TRUTH))
def test_it_reads_the_xml_inside_factur_x_and_zugferd_pdfs(rel):
    truth = FX_TRUTH[rel]
    result = read_einvoice((PDFS / rel).read_bytes(), with_report=False)
    assert result is not None and result.container == "pdf"
    inv = result.invoice
    assert inv.invoice_number == truth["invoice_number"]
    assert inv.issue_date.strftime("%Y%m%d") == truth["issue_date"]
    assert (inv.due_date.strftime("%Y%m%d") if inv.due_date else None) == truth["due_date"]
    assert inv.currency == truth["currency"]
    assert inv.seller.vat == truth["seller_vat"]
    assert inv.total_excl_vat == dec(truth["tax_basis_total"])
    assert inv.total_vat == dec(truth["tax_total"])
    assert inv.total_incl_vat == dec(truth["grand_total"])
    assert len(inv.lines) == truth["n_lines"]
    if truth["line_total"] is not None and inv.lines:
        assert sum(line.net_amount for line in inv.lines) == dec(truth["line_total"])
    assert inv.payable_amount == dec(truth["due_payable"])
    assert inv.iban == truth["payee_iban"]


@pytest.mark.parametrize("rel", sorted(CEN_RESULTS))
def test_it_finds_the_same_en16931_rule_failures_as_the_reference(rel):
    result = parse_invoice_xml((UBL / rel).read_bytes())
    cen = next(r for r in result.report.results if r.name == "EN16931")
    assert sorted(cen.fatal) == sorted(CEN_RESULTS[rel]["CEN"]["fatal"])
    peppol = next(r for r in result.report.results if r.name == "PEPPOL")
    assert peppol.checked is False and "not checked" in peppol.note


@pytest.mark.parametrize("rel", sorted(CEN_RESULTS))
def test_it_runs_the_peppol_and_belgian_rules_an_office_configures(rel, settings):
    # The corpus copies of OpenPeppol's 2026.5 release and UBL.BE 1.31 stand in for the
    # official files an office downloads; the reference says which rules each file breaks.
    settings.FIDU_PEPPOL_SCHEMATRON = str(UBL / "schemas/PEPPOL-EN16931-UBL_2026.5.xslt")
    settings.FIDU_UBLBE_SCHEMATRON = str(UBL / "schemas/GLOBALUBL.BE_v1.31.xslt")
    report = parse_invoice_xml((UBL / rel).read_bytes()).report
    results = {r.name: r for r in report.results}
    assert results["PEPPOL"].checked and results["UBL.BE"].checked
    assert sorted(results["PEPPOL"].fatal) == sorted(CEN_RESULTS[rel]["PEPPOL"]["fatal"])
    assert sorted(results["UBL.BE"].fatal) == sorted(CEN_RESULTS[rel]["UBLBE"]["fatal"])
    assert report.valid is not any(CEN_RESULTS[rel][k]["fatal"] for k in ("CEN", "PEPPOL", "UBLBE"))


def test_it_says_a_configured_rule_file_is_missing_instead_of_passing(settings, tmp_path):
    settings.FIDU_PEPPOL_SCHEMATRON = str(tmp_path / "nowhere.xslt")
    data = (UBL / "peppol-bis-invoice-3/examples__base-example.xml").read_bytes()
    peppol = next(r for r in parse_invoice_xml(data).report.results if r.name == "PEPPOL")
    assert peppol.checked is False and "missing" in peppol.note


def test_it_keeps_a_ubl_with_wrong_totals_and_flags_the_broken_rules():
    data = (UBL / "peppol-bis-invoice-3/examples__base-example.xml").read_bytes()
    broken = data.replace(b">1656.25</cbc:PayableAmount>", b">9999.99</cbc:PayableAmount>")
    broken = broken.replace(
        b">1656.25</cbc:TaxInclusiveAmount>", b">1600.00</cbc:TaxInclusiveAmount>"
    )
    assert broken != data
    result = parse_invoice_xml(broken)
    assert result.invoice.payable_amount == Decimal("9999.99")
    assert not result.report.valid
    assert any(rule.startswith("BR-CO-15") for rule in result.report.failed_rules)


@pytest.mark.parametrize("variant", ["utf-16", "utf-16-be", "blank lines", "bom"])
def test_it_reads_a_ubl_written_in_utf16_or_with_blank_lines_before_the_declaration(variant):
    raw = (UBL / "peppol-bis-invoice-3/examples__base-example.xml").read_bytes()
    text = raw.decode("utf-8")
    data = {
        "utf-16": text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
        "utf-16-be": b"\xfe\xff" + text.replace('"UTF-8"', '"UTF-16"').encode("utf-16-be"),
        "blank lines": b"\r\n\n  " + raw,
        "bom": b"\xef\xbb\xbf" + raw,
    }[variant]
    assert data != raw
    result = read_einvoice(data, with_report=False)
    assert result is not None
    assert result.invoice.invoice_number == "Snippet1"
    assert result.invoice.payable_amount == Decimal("1656.25")


def test_it_reads_the_invoice_inside_a_peppol_business_document_envelope():
    raw = (UBL / "peppol-bis-invoice-3/examples__base-example.xml").read_text()
    sbd = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<StandardBusinessDocument xmlns='
        '"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">'
        "<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>"
        '<Sender><Identifier Authority="iso6523-actorid-upis">0208:0403170701</Identifier>'
        "</Sender></StandardBusinessDocumentHeader>"
        + raw.split("?>", 1)[1]
        + "</StandardBusinessDocument>"
    )
    plain = parse_invoice_xml(raw.encode())
    wrapped = parse_invoice_xml(sbd.encode())
    assert wrapped.invoice == plain.invoice
    assert wrapped.report.valid == plain.report.valid
    assert wrapped.report.failed_rules == plain.report.failed_rules


def test_it_rejects_malformed_xml():
    with pytest.raises(XmlRejected):
        parse_xml(b"<Invoice><cbc:ID>1</Invoice>")


def test_it_rejects_an_xml_bomb():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Invoice>&lol3;</Invoice>"""
    with pytest.raises(XmlRejected):
        parse_xml(bomb)


def test_it_rejects_xxe(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&x;</Invoice>""".encode()
    with pytest.raises(XmlRejected):
        parse_xml(xxe)


def test_it_returns_none_for_xml_that_is_not_an_invoice():
    assert read_einvoice(b"<note><to>x</to></note>") is None


def test_it_renders_a_visual_in_the_dossiers_language_for_a_ubl_without_pdf():
    from einvoice.services import visual_for

    data = (UBL / "eInvoicing-EN16931/test__testfiles__Invoice-Max_content.xml").read_bytes()
    pdf = visual_for(data, "nl")
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert visual_for(b"%PDF-1.7 not xml", "fr") is None
