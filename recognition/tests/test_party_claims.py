"""Whose VAT number and which name: the buyer's heading that seems to reach the seller's
footer, and the contact person's line in a party's block."""

from __future__ import annotations

import pytest

from recognition.engine import labels as L
from recognition.engine.parse import fold
from recognition.engine.parties import name_like

from .test_rules import fields, placed

SELLER = "NL125401838B01"
BUYER = "NL604716254B01"


def test_a_footer_under_the_buyers_heading_still_gives_the_sellers_number():
    f = fields(
        "FACTUUR",
        "Factuuradres",
        "Theodor Est",
        "Keizersgracht 46",
        "1012 AB Amsterdam",
        "BTW klant: NL 604716254B01",
        "Factuurnr. INV-80459 Datum 06/08/2025",
        "Totaal excl. btw 100,00",
        "Btw 21 % 21,00",
        "Totaal 121,00",
        "Schneider Partners B.V. · Dorpsstraat 19 · 3011 AD Rotterdam · BTW NL125401838B01",
    )
    assert f.get("buyer_vat") == BUYER
    assert f.get("seller_vat") == SELLER


def test_the_footer_first_and_the_customers_label_second_still_split_right():
    f = fields(
        "FACTUUR",
        "Factuuradres",
        "Theodor Est",
        "Schneider Partners BTW nr.: NL125401838B01",
        "BTW klant: NL 604716254B01",
        "Totaal 121,00",
    )
    assert f.get("seller_vat") == SELLER
    assert f.get("buyer_vat") == BUYER


def test_two_numbers_under_the_buyers_heading_without_a_customer_label_are_not_split():
    f = fields(
        "FACTUUR",
        "Factuuradres",
        "Theodor Est",
        "BTW NL 604716254B01",
        "BTW NL125401838B01",
        "Totaal 121,00",
    )
    # Nothing says which is whose: the seller's number is not guessed.
    assert f.get("seller_vat") != SELLER or f.get("buyer_vat") != BUYER


@pytest.mark.parametrize(
    "line",
    [
        "T.a.v. Anna Schmidt",
        "t.a.v. dhr. Peeters",
        "z. Hd. Tom Maes",
        "Zu Händen Frau Weber",
        "À l'attention de Tom Maes",
        "Attn: Bob Smith",
        "For the attention of Claire Est",
        "Ter attentie van Jan Wouters",
    ],
)
def test_a_contact_persons_line_is_never_a_partys_name(line):
    assert not name_like(line)


@pytest.mark.parametrize("name", ["Tavernier SA", "Attentive Care NV", "Zuhause GmbH"])
def test_names_that_only_start_like_the_prefix_stay_names(name):
    assert name_like(name)


def test_a_labelled_guess_under_the_buyers_heading_never_becomes_the_sellers_number():
    # "den 18-11-2025" under "USt-IdNr. Kunde" reads like "DE N18112025": no check passes.
    f = fields(
        "Rechnung RE-5021 | USt-ID: DE 568907208",
        "Rechnung an",
        "Dupont SRL",
        "USt-IdNr. Kunde: BE 0476.243.274",
        "Berlin, den 18-11-2025",
        "Gesamt 121,00",
    )
    assert f.get("seller_vat") == "DE568907208"
    assert f.get("buyer_vat") == "BE0476243274"


@pytest.mark.parametrize(
    "heading,whose",
    [
        ("From", "seller"),
        ("From:", "seller"),
        ("Absender", "seller"),
        ("Invoice to", "buyer"),
        ("Facturé à", "buyer"),
        ("Factuur aan", "buyer"),
        ("Rechnung an", "buyer"),
    ],
)
def test_from_and_invoice_to_headings_say_whose_block(heading, whose):
    text = fold(heading)
    assert bool(L.SELLER_CONTEXT.search(text)) is (whose == "seller")
    assert bool(L.BUYER_CONTEXT.search(text)) is (whose == "buyer")


def test_from_inside_a_sentence_is_no_heading():
    assert not L.SELLER_CONTEXT.search(fold("Period from 01.01.2026"))


def test_facture_a_payer_is_no_buyers_heading():
    assert not L.BUYER_CONTEXT.search(fold("Facture à payer :"))


# -- how far a heading reaches ----------------------------------------------------------


def test_a_footer_with_the_issuers_details_is_not_in_the_block_of_a_client_heading():
    f = fields(
        "Facture",
        "Client",
        "Verhoeven Transport SC",
        "Meir 167",
        "4000 Liège",
        "Facture N° F2025545",
        "Licence logicielle 10 986,45 21 % 9.864,50",
        "Total TTC 11.936,05",
        "",
        "",
        "Blue Harbour Group SRL · Meir 119 · 1000 Bruxelles · N° TVA BE0739558880",
        source="text",
    )
    assert f["seller_vat"] == "BE0739558880"
    assert "buyer_vat" not in f


def test_a_heading_over_the_next_column_does_not_claim_a_number_on_the_left():
    # The seller's VAT line and the customer's city share one segment (small gap);
    # "Klant" heads the right-hand column only.
    f = fields(
        "FACTUUR",
        "Koch Maschinenbau VOF | Klant",
        "Btw-nummer: NL358393887B01 1000 Bruxelles",
        "Factuurnummer: 166842",
        "Factuurdatum: 18/08/2026",
        "Totaal incl. btw 10.852,35",
        source="text",
    )
    assert f["seller_vat"] == "NL358393887B01"


# -- names cut or run on by the layout --------------------------------------------------


def test_a_legal_form_wrapped_to_the_next_line_stays_with_the_name():
    f = fields(
        "Factuur",
        "Alpha Logistics N.V.",
        "Stationsweg 97",
        "3011 AD Rotterdam",
        "BTW: NL 640946501B01",
        "Klant",
        "Renard Informatique Services",
        "B.V.",
        "Keizersgracht 150",
        "3511 AA Utrecht",
        "BTW klant: NL 577039684B01",
        "Factuurnr. 2026-5234",
        source="text",
    )
    assert f["seller_name"] == "Alpha Logistics N.V."
    assert f["buyer_name"] == "Renard Informatique Services B.V."


def test_the_next_columns_heading_is_not_part_of_a_name():
    f = fields(
        "Invoice",
        "Bill to",
        "De Smet Installaties Services SARL Ship to",
        "Rue Nationale 95",
        "69002 Lyon",
        "Invoice no INV-73382",
        source="text",
    )
    assert f["buyer_name"] == "De Smet Installaties Services SARL"


def test_a_country_code_in_an_address_does_not_hide_the_number_after_it():
    # "DE" of "Chaussée de Waterloo" starts a would-be German number over "BE0061...".
    f = fields(
        "FACTUUR",
        "Müller Technik Group SRL",
        "Chaussée de Waterloo BE0061999529",
        "1000 Bruxelles",
        "Factuurnr. 690693",
        source="text",
    )
    assert f["seller_vat"] == "BE0061999529"


def test_a_number_in_the_from_column_is_the_sellers_though_its_line_began_left():
    # Three columns at x 40, 200 and 330; on the last line the delivery column's text
    # ends one word space before the seller's "VAT No.:", so both are one segment.
    f = placed(
        [(40, "Invoice")],
        [(40, "Bill to"), (200, "Ship to"), (330, "From")],
        [(40, "Janssens BV"), (200, "Depot Noord"), (330, "Atelier Dubois B.V.")],
        [(40, "Stationsweg 80"), (200, "Stationsweg 80"), (330, "Stationsweg 170")],
        [
            (40, "1012 AB Amsterdam"),
            (200, "Van den Berg Magazijn"),
            (330, "VAT No.: NL 733421222B01"),
        ],
        [(40, "Invoice no RE25/456")],
    )
    assert f["seller_vat"] == "NL733421222B01"


def test_the_town_wrapped_from_the_senders_line_is_not_the_buyers_name():
    f = fields(
        "FACTUUR",
        "Van den Berg Solutions BV",
        "Chaussée de Waterloo 84",
        "2000 Antwerpen",
        "BTW: BE 0692885450",
        "",
        "Van den Berg Solutions BV · Chaussée de Waterloo 84 · 2000",
        "Antwerpen",
        "Claire Jacobs",
        "Rue de la Loi 59",
        "1000 Bruxelles",
        "BTW klant: BE1648492432",
        "Factuur nr. INV-61093",
        source="text",
    )
    assert f.get("buyer_name") != "Antwerpen"
    assert f["buyer_name"] == "Claire Jacobs"


def test_a_vat_number_broken_after_its_country_code_is_joined():
    f = fields(
        "FACTUUR",
        "Renard Informatique Services VOF",
        "Keizersgracht 99",
        "3511 AA Utrecht",
        "Ondernemingsnummer: NL",
        "364444903B01",
        "Factuuradres",
        "Weber Elektro Consult VOF",
        "BTW klant: NL 694228333B01",
        "Factuurnummer: F2025827",
        source="text",
    )
    assert f["seller_vat"] == "NL364444903B01"
    assert f["buyer_vat"] == "NL694228333B01"


def test_the_first_groups_of_a_damaged_iban_are_no_vat_number():
    # "DE88 2008 000" happens to pass Germany's check; the 0s of the rest read as U.
    f = fields("Rechnung RE-1", "IBAN DE88 2008 0000 U970 3757 UU", "Betrag 100,00 EUR")
    assert "buyer_vat" not in f and "seller_vat" not in f


def test_a_heading_over_the_next_column_does_not_claim_the_sellers_number_on_its_line():
    # The seller's block on the right goes on with its VAT number on the line where the
    # customer's and the delivery columns begin with their headings.
    rows: list[list[tuple[float, str]]] = [
        [(51, "FACTUUR")],
        [(359, "Hoffmann & Co NV")],
        [(359, "Rue de la Loi 104")],
        [(359, "1000 Bruxelles")],
        [(51, "Aan"), (236, "Afleveradres"), (359, "Btw-nummer: BE 0560.864.292")],
        [(51, "Claire Becker"), (236, "Peeters Bouw Depot")],
        [(51, "Kerkstraat 134"), (236, "Kerkstraat 134")],
        [(51, "1000 Bruxelles"), (236, "1000 Bruxelles")],
        [(51, "Factuurnummer F2025948")],
        [(51, "Totaal incl. btw"), (400, "121,00")],
    ]
    f = placed(*rows)
    assert f["seller_vat"] == "BE0560864292"
    assert "buyer_vat" not in f
    # The same heading as a label just before a number still gives it to the customer.
    rows[4] = [(51, "Aan"), (236, "BTW klant"), (359, "BE 0560.864.292")]
    rows[5] = [(51, "Claire Becker")]
    assert placed(*rows).get("buyer_vat") == "BE0560864292"


def test_a_heading_beyond_another_columns_content_does_not_claim_the_number():
    # "Facturé à" heads the left column; "Claes & Fils Depot" (the delivery column) sits
    # between it and the seller's "N° TVA" on the right.
    f = placed(
        [(51, "FACTURE")],
        [(359, "Studio Moreau")],
        [(359, "Rue Nationale 50")],
        [
            (51, "Studio Moreau · Rue Nationale 50 · 75001 Paris"),
            (236, "Adresse de livraison"),
            (359, "75001 Paris"),
        ],
        [(51, "Facturé à"), (236, "Claes & Fils Depot"), (359, "N° TVA: FR 67217528306")],
        [(51, "Blue Harbour SA"), (236, "Meir 69")],
        [(51, "Meir 69"), (236, "2000 Antwerpen")],
        [(51, "2000 Antwerpen")],
        [(51, "Facture 2025-0042")],
        [(51, "Total TTC"), (400, "120,00")],
    )
    assert f["seller_vat"] == "FR67217528306"
    assert "buyer_vat" not in f


def test_the_number_in_the_footer_is_the_sellers_and_the_one_under_the_address_the_buyers():
    # Odoo prints the customer's "TVA: DE…" under the customer's address, with no heading,
    # and the issuer's in the footer among its contact details.
    f = placed(
        [(46, "Schneider & Co EURL")],
        [(46, "Boulevard Haussmann 163")],
        [(46, "69002 Lyon")],
        [(323, "Hoffmann Solutions GmbH")],
        [(323, "Goethestraße 20")],
        [(323, "50667 Köln")],
        [(323, "TVA: DE724647931")],
        [(46, "Facture INV/2026/00416")],
        [(330, "Total"), (491, "21 953,35 €")],
        *[[(46.0, ".")] for _ in range(40)],
        [(156, "+33 8 343 12 83 | info@schneider.fr | TVA: FR 13221011364")],
    )
    assert f["seller_vat"] == "FR13221011364"
    assert f["buyer_vat"] == "DE724647931"


def test_a_vat_number_followed_by_a_register_number_is_no_iban():
    f = fields(
        "Factuur 2026-0217",
        "Totaal incl. btw | 121,00",
        "Brasserie Lemaire N.V. - Marktplein 1, 3011 AD Rotterdam - BTW NL 954298846B01 - KvK 43092561",
    )
    assert f["seller_vat"] == "NL954298846B01"


def test_a_country_code_alone_over_the_rest_of_its_number_is_no_heading():
    # "Ihre USt-IdNr. DE" over "814595209": the customer's number, wrapped after "DE".
    f = placed(
        [
            (71, "Blue Harbour AG · Lindenallee 162 · 20095 Hamburg"),
            (379, "Rechnungsnr."),
            (492, "RE-2660"),
        ],
        [(71, "Optima Services AG"), (379, "Ihre USt-IdNr."), (516, "DE")],
        [(71, "Hauptstraße 129"), (480, "814595209")],
        [(71, "20095 Hamburg")],
        [(77, "Gesamtbetrag"), (471, "119,00")],
        *[[(46.0, ".")] for _ in range(40)],
        [(71, "Blue Harbour AG"), (176, "Tel.: +49 5 942 45 37"), (444, "USt-IdNr.: DE347861737")],
    )
    assert f["seller_vat"] == "DE347861737"
    assert f["buyer_vat"] == "DE814595209"
