"""Seller and buyer names from synthetic pages laid out like real letters (word boxes built here)."""

from __future__ import annotations

from recognition.engine.document import build_doc
from recognition.engine.extract import extract_fields
from recognition.engine.parties import name_like
from recognition.engine.types import PageText, Word

CHAR_W, LINE_H = 5.0, 9.0


def page(*rows, width: float = 595, source: str = "text") -> PageText:
    """Each row is (y, [(x, text), ...]); x < 0 sets the cell flush right at -x."""
    words = []
    for y, cells in rows:
        for x, text in cells:
            if x < 0:
                x = -x - CHAR_W * (len(text) + 1)
            for token in text.split():
                words.append(Word(token, x, y, x + CHAR_W * len(token), y + LINE_H))
                x += CHAR_W * (len(token) + 1)
    return PageText(1, width, 842, words, source)


def names(p: PageText) -> dict:
    fields, _ = extract_fields([p])
    return {k: fields[k].value for k in ("seller_name", "buyer_name") if k in fields}


BODY = (
    (300, [(60, "Rechnung 2024-17")]),
    (330, [(60, "Gesamtbetrag"), (400, "121,00")]),
)


def test_it_takes_the_sender_line_for_the_seller_and_the_window_block_for_the_buyer():
    p = page(
        (140, [(60, "Kraxi GmbH · Flugzeugallee 17 · 12345 Papierfeld")]),
        (160, [(60, "Papierflieger KG")]),
        (172, [(60, "Helga Musterfrau")]),
        (184, [(60, "Rabattstr. 25")]),
        (196, [(60, "34567 Osterhausen")]),
        *BODY,
    )
    assert names(p) == {"seller_name": "Kraxi GmbH", "buyer_name": "Papierflieger KG"}


def test_it_never_gives_the_window_company_as_the_seller_even_with_a_legal_form():
    # The buyer's "Beispiel AG" closes with a legal form; the sender has none.
    p = page(
        (115, [(56, "weclapp.com | Somestreet 42 | 08155 Some city")]),
        (127, [(56, "Beispiel AG")]),
        (139, [(56, "Feldstraße 34")]),
        (151, [(56, "54321 Hithausen")]),
        (270, [(56, "Lieferadresse: Beispiel Lager AG | Feldstraße 39 | 54321 Hithausen")]),
        *BODY,
    )
    assert names(p) == {"seller_name": "weclapp.com", "buyer_name": "Beispiel AG"}


def test_a_flush_right_letterhead_named_in_the_mail_domain_is_the_seller():
    p = page(
        (110, [(57, "Adatum Corporation"), (-567, "CRONUS")]),
        (124, [(57, "Station Road, 21"), (-567, "Hofstraße 12")]),
        (138, [(57, "48436 Düsseldorf"), (-567, "Benrath")]),
        (152, [(-567, "20097 Hamburg")]),
        (166, [(-567, "Deutschland")]),
        (300, [(57, "Invoice 103")]),
        (330, [(57, "Total"), (400, "121.00")]),
        (760, [(57, "Email info@cronus.com")]),
    )
    assert names(p) == {"seller_name": "CRONUS", "buyer_name": "Adatum Corporation"}


def test_it_reads_blocks_under_french_headings_and_skips_the_delivery_address():
    p = page(
        (60, [(48, "Fournisseur"), (300, "Adresse de facturation")]),
        (72, [(48, "Boulangerie Dupont"), (300, "Café du Coin")]),
        (84, [(48, "Rue de la Loi 16"), (300, "Place Flagey 3")]),
        (96, [(48, "1000 Bruxelles"), (300, "1050 Ixelles")]),
        (130, [(300, "Adresse de livraison")]),
        (142, [(300, "Entrepôt Nord")]),
        (154, [(300, "Quai des Usines 9")]),
        (166, [(300, "1000 Bruxelles")]),
        (300, [(48, "Facture 2024-17")]),
        (330, [(48, "Total TTC"), (400, "121,00")]),
    )
    assert names(p) == {"seller_name": "Boulangerie Dupont", "buyer_name": "Café du Coin"}


def test_it_reads_dutch_headings_and_prefers_the_company_over_the_contact_person():
    p = page(
        (60, [(48, "Leverancier"), (300, "Klant")]),
        (72, [(48, "Drukkerij Peeters BV"), (300, "Bakkerij De Ster NV")]),
        (84, [(48, "Kerkstraat 12"), (300, "t.a.v. Jan Janssens")]),
        (96, [(48, "2000 Antwerpen"), (300, "Veldstraat 3")]),
        (108, [(300, "9000 Gent")]),
        (300, [(48, "Factuur 2024-17")]),
        (330, [(48, "Totaal"), (400, "121,00")]),
    )
    assert names(p) == {
        "seller_name": "Drukkerij Peeters BV",
        "buyer_name": "Bakkerij De Ster NV",
    }


def test_an_unheaded_window_block_is_the_buyer_when_the_letterhead_line_names_the_seller():
    p = page(
        (30, [(170, "Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène - France")]),
        (130, [(330, "Ma jolie boutique")]),
        (142, [(330, "Alexandre Payet")]),
        (154, [(330, "35 rue de la République")]),
        (166, [(330, "69001 Lyon")]),
        (300, [(36, "Facture FA-2017-0010")]),
        (330, [(36, "Total TTC"), (400, "121,00")]),
    )
    assert names(p) == {"seller_name": "Au bon moulin SARL", "buyer_name": "Ma jolie boutique"}


def test_it_gives_no_buyer_when_nothing_says_which_block_is_whose():
    # One block in the middle of the page, no heading, no sender line: a guess either way.
    p = page(
        (500, [(60, "Jan Janssens")]),
        (512, [(60, "Veldstraat 3")]),
        (524, [(60, "9000 Gent")]),
        (300, [(60, "Factuur 2024-17")]),
        (330, [(60, "Totaal"), (400, "121,00")]),
    )
    assert "buyer_name" not in names(p)


def test_a_name_keeps_what_ocr_read_when_the_label_fixer_would_change_it():
    # "Kunden" is close to the label word "Kunde": a name is a value and stays as read.
    p = page(
        (140, [(60, "Lieferant GmbH - Lieferantenstr. 20 - 80333 München")]),
        (160, [(60, "Kunden AG Mitte")]),
        (172, [(60, "Kundenstraße 15")]),
        (184, [(60, "69876 Frankfurt")]),
        *BODY,
        source="ocr",
    )
    assert names(p) == {"seller_name": "Lieferant GmbH", "buyer_name": "Kunden AG Mitte"}


def test_streets_postcodes_labels_and_contact_lines_are_never_names():
    for text in (
        "Rue de la Loi 16",
        "1000 Bruxelles",
        "Tel. 02 123 45 67",
        "info@acme.be",
        "www.acme.be",
        "Kundennummer: 12345",
        "Deutschland",
        "FACTURE",
        "Credit note",
        "VAT Registration No.",
        "Kundennummer",
    ):
        assert not name_like(text), text
    assert name_like("Boulangerie Dupont")
    assert name_like("weclapp.com")


def test_it_reads_a_scanned_sender_line_whose_separators_were_lost_or_read_as_letters():
    lost = page(
        (115, [(56, "weclapp.com Somestreet 42 08155 Some city")]),
        (127, [(56, "Beispiel AG")]),
        (139, [(56, "Feldstraße 34")]),
        (151, [(56, "54321 Hithausen")]),
        *BODY,
        source="ocr",
    )
    assert names(lost) == {"seller_name": "weclapp.com", "buyer_name": "Beispiel AG"}
    as_letters = page(
        # "Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen", the dots read as "e" cells.
        (150, [(80, "Bei Spiel GmbH"), (165, "e"), (190, "Ecke 12"), (240, "e")]),
        (150, [(260, "12345 Stadthausen")]),
        (165, [(70, "Theodor Est")]),
        (180, [(70, "Bahnstr. 42")]),
        (195, [(70, "88802 Spielkreis")]),
        *BODY,
        source="ocr",
    )
    assert names(as_letters) == {"seller_name": "Bei Spiel GmbH", "buyer_name": "Theodor Est"}


def test_a_labelled_name_cut_in_two_cells_is_read_whole():
    p = page(
        (100, [(60, "Verkäufer")]),
        (112, [(60, "Name:"), (300, "Rohstoff AG")]),
        (160, [(60, "Käufer")]),
        (172, [(60, "Name:"), (300, "Metallbau GmbH"), (385, "Co. KG")]),
        *BODY,
    )
    assert names(p) == {"seller_name": "Rohstoff AG", "buyer_name": "Metallbau GmbH Co. KG"}


def test_it_takes_the_bill_to_block_and_never_the_ship_to_block_for_the_buyer():
    p = page(
        (40, [(48, "Northwind Traders Ltd")]),
        (52, [(48, "12 High Street")]),
        (64, [(48, "1000 Brussels")]),
        (150, [(48, "Ship to"), (300, "Bill to")]),
        (162, [(48, "Warehouse 7"), (300, "Contoso NV")]),
        (174, [(48, "Dock Road 4"), (300, "Kerkstraat 12")]),
        (186, [(48, "2030 Antwerpen"), (300, "9000 Gent")]),
        (300, [(48, "Invoice 2024-17")]),
        (330, [(48, "Total"), (400, "121.00")]),
    )
    assert names(p) == {"seller_name": "Northwind Traders Ltd", "buyer_name": "Contoso NV"}


def test_a_company_named_only_in_the_delivery_block_is_not_the_buyer():
    p = page(
        (40, [(48, "Muster Druck GmbH")]),
        (52, [(48, "Hauptstr. 5")]),
        (64, [(48, "10115 Berlin")]),
        (150, [(300, "Lieferadresse")]),
        (162, [(300, "Depot Nord GmbH")]),
        (174, [(300, "Hafenweg 4")]),
        (186, [(300, "20457 Hamburg")]),
        *BODY,
    )
    assert names(p) == {"seller_name": "Muster Druck GmbH"}


def test_it_reads_the_name_after_a_client_label_on_its_line():
    with_address = page(
        (40, [(50, "Boulangerie Dupont SRL")]),
        (54, [(50, "Rue Haute 12, 1000 Bruxelles")]),
        (96, [(50, "Client : Dupont & Fils SRL")]),
        (110, [(50, "Rue du Marché 4, 4000 Liège")]),
        (300, [(50, "Facture n° 2026/017")]),
        (330, [(50, "Total TVAC"), (400, "1 210,00")]),
    )
    assert names(with_address) == {
        "seller_name": "Boulangerie Dupont SRL",
        "buyer_name": "Dupont & Fils SRL",
    }
    name_only = page(
        (40, [(50, "Proximus NV")]),
        (54, [(50, "Koning Albert II-laan 27")]),
        (68, [(50, "1030 Brussel")]),
        (110, [(50, "Klant: Boulangerie Dupont SRL")]),
        (300, [(50, "Factuurnummer: 88412")]),
        (330, [(50, "Totaal incl. btw"), (400, "65,34")]),
    )
    assert names(name_only) == {
        "seller_name": "Proximus NV",
        "buyer_name": "Boulangerie Dupont SRL",
    }


def test_a_scanned_footer_whose_separators_were_lost_names_the_seller():
    # The letterhead (under the title, below the top tenth) alone says little; the footer "Schneider SARL · Avenue … · 69002
    # Lyon · IBAN …" says it is the issuer's. A scan loses the small "·" and cuts the line
    # into cells at their gaps.
    header = (
        (60, [(53, "Facture")]),
        (90, [(53, "Schneider SARL")]),
        (102, [(53, "Avenue Jean Jaurès 83")]),
        (114, [(53, "69002 Lyon")]),
        (130, [(323, "Bureau Martin Group SAS")]),
        (142, [(323, "Avenue Jean Jaurès 95")]),
        (154, [(323, "59000 Lille")]),
        (300, [(60, "Facture INV-90219")]),
        (330, [(60, "Total TVAC"), (400, "4 361,97")]),
    )
    footer = (
        790,
        [
            (73, "Schneider SARL"),
            (160, "Avenue Jean Jaurès 83"),
            (282, "69002 Lyon Compte IBAN FR73 9740 4589 8423 1329 1808 485"),
        ],
    )
    assert names(page(*header, footer, source="ocr")) == {
        "seller_name": "Schneider SARL",
        "buyer_name": "Bureau Martin Group SAS",
    }


def test_a_company_name_wrapped_before_its_legal_form_is_read_whole():
    # "Verhoeven Transport Solutions SRL" did not fit its column (the "Ship to" column
    # starts at x 400): "Solutions" went to the next line.
    p = page(
        (40, [(51, "Alpha Logistics SRL")]),
        (52, [(51, "Rue de la Loi 145")]),
        (64, [(51, "9000 Gent")]),
        (130, [(273, "Bill to"), (400, "Ship to")]),
        (142, [(273, "Verhoeven Transport"), (400, "Van den Berg Lager")]),
        (154, [(273, "Solutions SRL"), (400, "Kerkstraat 127")]),
        (166, [(273, "Kerkstraat 127"), (400, "4000 Liège")]),
        (178, [(273, "4000 Liège")]),
        *BODY,
    )
    assert names(p)["buyer_name"] == "Verhoeven Transport Solutions SRL"


def test_a_contact_over_the_company_is_not_joined_to_its_name():
    # "Jan Peeters" leaves room for "Acme" on its line: not a wrap, a person.
    p = page(
        (40, [(51, "Alpha Logistics SRL")]),
        (52, [(51, "Rue de la Loi 145")]),
        (64, [(51, "9000 Gent")]),
        (130, [(273, "Bill to"), (400, "Ship to")]),
        (142, [(273, "Jan Peeters"), (400, "Van den Berg Lager")]),
        (154, [(273, "Acme Solutions SRL"), (400, "Kerkstraat 127")]),
        (166, [(273, "Kerkstraat 127"), (400, "4000 Liège")]),
        (178, [(273, "4000 Liège")]),
        *BODY,
    )
    assert names(p)["buyer_name"] == "Acme Solutions SRL"


def test_a_name_run_into_the_next_columns_cell_is_cut_where_that_column_starts():
    # "Janssens Partners GmbH & Co. KG" fills its column: the gap to the delivery block's
    # "Müller Technik Lager" is too narrow to part the cells, but wider than the name's
    # own spaces, and the delivery block's lines start on that very x.
    p = page(
        (40, [(51, "Van den Berg GmbH")]),
        (52, [(51, "Hauptstraße 143")]),
        (64, [(51, "20095 Hamburg")]),
        (130, [(236, "Rechnungsempfänger"), (402, "Lieferadresse")]),
        (142, [(236, "Janssens Partners GmbH & Co. KG"), (402, "Müller Technik Lager")]),
        (154, [(236, "Goethestraße 124"), (402, "Goethestraße 124")]),
        (166, [(236, "20095 Hamburg"), (402, "20095 Hamburg")]),
        *BODY,
    )
    assert build_doc([p]).lines[4].segments[0].text == "Janssens Partners GmbH & Co. KG"
    assert names(p)["buyer_name"] == "Janssens Partners GmbH & Co. KG"


def test_a_wrapped_sender_line_over_the_window_is_not_the_buyers_name():
    p = page(
        (40, [(51, "Janssens Group BV")]),
        (52, [(51, "Chaussée de Waterloo 117")]),
        (64, [(51, "9000 Gent")]),
        (120, [(236, "Janssens Group BV · Chaussée de Waterloo 117 ·")]),
        (132, [(236, "9000 Gent")]),
        (150, [(236, "Verhoeven Transport SC")]),
        (162, [(236, "À l'attention de Sophie Claes")]),
        (174, [(236, "Kerkstraat 54")]),
        (186, [(236, "2000 Antwerpen")]),
        *BODY,
    )
    assert names(p)["buyer_name"] == "Verhoeven Transport SC"


def test_words_an_ordinary_space_apart_stay_one_cell_even_over_a_column_start():
    p = page(
        (100, [(60, "Nr."), (95, "RE26/6321")]),
        (112, [(60, "Datum: 19.04.2026 Berlin")]),  # "19.04.2026" starts at x 95 too
        *BODY,
    )
    assert [s.text for s in build_doc([p]).lines[1].segments] == ["Datum: 19.04.2026 Berlin"]


def test_from_alone_over_a_block_is_its_heading_not_its_name():
    p = page(
        (40, [(51, "Van")]),
        (52, [(51, "Studio Lambert")]),
        (64, [(51, "Marktplein 173")]),
        (76, [(51, "3011 AD Rotterdam")]),
        (130, [(322, "Nordlicht Medien Group BV")]),
        (142, [(322, "T.a.v. Sophie Claes")]),
        (154, [(322, "Stationsweg 174")]),
        (166, [(322, "3511 AA Utrecht")]),
        *BODY,
    )
    assert names(p) == {
        "seller_name": "Studio Lambert",
        "buyer_name": "Nordlicht Medien Group BV",
    }


def test_a_person_under_the_pieces_of_a_wrapped_sender_line_is_the_buyer():
    p = page(
        (40, [(51, "Fischer Druck Partners SA")]),
        (52, [(51, "Chaussée de Waterloo 145")]),
        (64, [(51, "9000 Gent"), (273, "Fischer Druck Partners SA · Chaussée de")]),
        (76, [(273, "Waterloo 145 · 9000 Gent")]),
        (100, [(273, "Marie Est")]),
        (112, [(273, "Meir 48")]),
        (124, [(273, "1000 Bruxelles")]),
        *BODY,
    )
    assert names(p)["buyer_name"] == "Marie Est"


def test_a_scanned_footer_without_its_dots_gives_the_name_before_its_street():
    body = (
        (60, [(53, "RECHNUNG")]),
        (130, [(322, "Rechnungsempfänger")]),
        (142, [(322, "Atelier Dubois AG")]),
        (154, [(322, "Lindenallee 5")]),
        (166, [(322, "50667 Köln")]),
        (300, [(60, "Rechnungsnummer 554297")]),
        (330, [(60, "Gesamtbetrag"), (400, "121,00")]),
    )
    for footer, seller in [
        ("Atelier Moreau Bahnhofstraße 119 20095 Hamburg IBAN: DE85 5990", "Atelier Moreau"),
        # "Est" ends like "St" but is no street: the street is the boulevard.
        ("Cabinet Est Boulevard Haussmann 50 69002 Lyon IBAN FR59", "Cabinet Est"),
    ]:
        p = page(*body, (790, [(117, footer)]), source="ocr")
        assert names(p) == {"seller_name": seller, "buyer_name": "Atelier Dubois AG"}, footer


def test_the_invoice_issuers_heading_names_the_seller():
    p = page(
        (40, [(51, "Rechnungssteller")]),
        (52, [(51, "ATELIER BECKER")]),
        (64, [(51, "Hauptstraße 125")]),
        (76, [(51, "50667 Köln"), (322, "Rechnungsempfänger")]),
        (88, [(322, "Jan Lambert")]),
        (100, [(322, "Avenue Louise 156")]),
        (112, [(322, "2000 Antwerpen")]),
        *BODY,
    )
    assert names(p) == {"seller_name": "ATELIER BECKER", "buyer_name": "Jan Lambert"}
