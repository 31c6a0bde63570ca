"""Plain Belgian invoices as small offices print them: one page, the seller's block on top,
the client's block under it, labels in French or Dutch. The demo data is made of these."""

from __future__ import annotations

from decimal import Decimal

from documents.pdfgen import make_page_pdf
from recognition.engine.pipeline import recognize_bytes

OWN_VAT = "BE0477472701"  # the dossier's own number (valid check digits)


def read(lines, own_vat=OWN_VAT):
    return recognize_bytes(make_page_pdf(lines), own_vat=own_vat)


def test_an_iban_is_never_read_as_a_vat_number():
    r = read(
        [
            "Proximus NV",
            "Koning Albert II-laan 27",
            "1030 Brussel",
            "BTW BE0202.239.951",
            "",
            "Klant: Boulangerie Dupont SRL",
            "",
            "Factuurnummer: 88412",
            "Factuurdatum: 05/03/2026",
            "Totaal excl. btw: 54,00 EUR",
            "Btw 21 %: 11,34 EUR",
            "Totaal incl. btw: 65,34 EUR",
            "",
            "IBAN BE71 0961 2345 6769",
        ]
    )
    assert r.value("seller_vat") == "BE0202239951"
    assert r.value("buyer_vat") is None
    assert r.value("iban") == "BE71096123456769"


def test_the_dossier_on_top_with_a_client_block_below_is_a_sales_invoice():
    r = read(
        [
            "Boulangerie Dupont SRL",
            "Rue Haute 12, 1000 Bruxelles",
            f"TVA {OWN_VAT}",
            "",
            "Client : Dupont & Fils SRL",
            "Rue du Marché 4, 4000 Liège",
            "TVA BE0202.239.951",
            "",
            "Facture n° 2026/017",
            "Date : 02/03/2026",
            "",
            "Total HTVA : 1 000,00 EUR",
            "TVA 21 % : 210,00 EUR",
            "Total TVAC : 1 210,00 EUR",
        ]
    )
    assert r.value("seller_vat") == OWN_VAT
    assert r.value("buyer_vat") == "BE0202239951"
    assert r.value("direction") == "sales"
    assert r.value("seller_name") == "Boulangerie Dupont SRL"
    assert r.value("buyer_name") == "Dupont & Fils SRL"


def test_a_supplier_invoice_to_the_dossier_is_a_purchase():
    r = read(
        [
            "Electrabel SA",
            "Boulevard Simon Bolivar 36",
            "1000 Bruxelles",
            "TVA BE0403.170.701",
            "",
            "Client : Boulangerie Dupont SRL",
            f"TVA {OWN_VAT}",
            "",
            "Facture n° 2026-0412",
            "Date de facture : 14/03/2026",
            "Échéance : 13/04/2026",
            "Total HTVA : 200,00 EUR",
            "TVA 21 % : 42,00 EUR",
            "Total TVAC : 242,00 EUR",
        ]
    )
    assert r.value("seller_vat") == "BE0403170701"
    assert r.value("buyer_vat") == OWN_VAT
    assert r.value("direction") == "purchase"
    assert r.value("invoice_number") == "2026-0412"
    assert r.value("due_date").isoformat() == "2026-04-13"
    assert r.value("total_incl_vat") == Decimal("242.00")


def test_a_short_invoice_number_is_read_after_a_number_label_and_not_guessed_without():
    lines = ["Garage Lemaire SA", "TVA BE0403.170.701", "", "Total TVAC : 121,00 EUR"]
    lines[2] = "Facture n° 77"
    assert read(lines).value("invoice_number") == "77"
    lines[2] = "Facture 21 %"  # a bare short figure after "Facture" may be anything
    assert read(lines).value("invoice_number") is None
