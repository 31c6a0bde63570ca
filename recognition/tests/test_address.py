"""Seller and buyer postal addresses from synthetic pages (word boxes built here)."""

from __future__ import annotations

from recognition.engine.address import extract_addresses
from recognition.engine.types import FieldValue, PageText, Word

CHAR_W, LINE_H = 5.0, 9.0


def page(*rows) -> PageText:
    """Each row is (y, [(x, text), ...]); " - " and ", " stay inside a cell's text."""
    words = []
    for y, cells in rows:
        for x, text in cells:
            for token in text.split():
                words.append(Word(token, x, y, x + CHAR_W * len(token), y + LINE_H))
                x += CHAR_W * (len(token) + 1)
    return PageText(1, 595, 842, words, "text")


def anchor(p: PageText, text: str) -> FieldValue:
    """A field found by the extraction on the words of `text` (its box is what counts)."""
    first = text.split()[0]
    start = next(i for i, w in enumerate(p.words) if w.text == first)
    words = p.words[start : start + len(text.split())]
    return FieldValue(text, 0.8, "text", page=p.number, box=p.box(words))


def values(p: PageText, fields: dict | None = None) -> dict:
    return {k: v.value for k, v in extract_addresses([p], fields or {}).items()}


def test_it_reads_a_belgian_address_on_one_line_under_a_seller_heading():
    p = page(
        (60, [(40, "Fournisseur")]),
        (72, [(40, "Lumière SRL")]),
        (84, [(40, "Rue de la Loi 16, 1000 Bruxelles")]),
        (300, [(40, "Facture 2024-17")]),
    )
    assert values(p) == {"seller_address": "Rue de la Loi 16, 1000 Bruxelles"}


def test_it_reads_a_street_with_a_box_number_and_the_country_below_under_a_buyer_heading():
    p = page(
        (150, [(320, "Factuuradres")]),
        (162, [(320, "Bakkerij De Ster")]),
        (174, [(320, "Kerkstraat 12 bus 3")]),
        (186, [(320, "9000 Gent")]),
        (198, [(320, "België")]),
    )
    assert values(p) == {"buyer_address": "Kerkstraat 12 bus 3, 9000 Gent, BE"}


def test_the_return_line_is_the_sellers_and_the_window_block_under_it_the_buyers():
    p = page(
        (140, [(60, "Muster GmbH - Bahnstr. 42 - 88802 Spielkreis")]),
        (160, [(60, "Theodor Est")]),
        (172, [(60, "Hauptstr. 5")]),
        (184, [(60, "D-10115 Berlin")]),
        (320, [(60, "Rechnung RE-2024-7")]),
    )
    assert values(p) == {
        "seller_address": "Bahnstr. 42, 88802 Spielkreis",
        "buyer_address": "Hauptstr. 5, 10115 Berlin, DE",
    }


def test_a_french_client_block_gives_the_buyer_address_with_its_country():
    p = page(
        (150, [(330, "Client :")]),
        (162, [(330, "Ma jolie boutique")]),
        (174, [(330, "35 rue de la République")]),
        (186, [(330, "69001 Lyon")]),
        (198, [(330, "France")]),
    )
    assert values(p) == {"buyer_address": "35 rue de la République, 69001 Lyon, FR"}


def test_a_dutch_postcode_keeps_its_letters():
    p = page(
        (60, [(420, "Coolkoop B.V.")]),
        (72, [(420, "Weena 664")]),
        (84, [(420, "3012 CN Rotterdam")]),
        (96, [(420, "BTW NL810433941B01")]),
    )
    fields = {"seller_vat": anchor(p, "BTW NL810433941B01")}
    assert values(p, fields) == {"seller_address": "Weena 664, 3012 CN Rotterdam"}


def test_the_party_whose_name_heads_the_block_owns_it():
    p = page(
        (700, [(40, "Atelier Dubois SA")]),
        (712, [(40, "Avenue Louise 54")]),
        (724, [(40, "1050 Ixelles")]),
    )
    fields = {"buyer_name": anchor(p, "Atelier Dubois SA")}
    assert values(p, fields) == {"buyer_address": "Avenue Louise 54, 1050 Ixelles"}


def test_a_delivery_address_is_not_the_buyers():
    p = page(
        (150, [(40, "Adresse de livraison")]),
        (162, [(40, "Entrepôt Nord")]),
        (174, [(40, "Chaussée de Gand 200")]),
        (186, [(40, "1080 Molenbeek")]),
    )
    assert values(p) == {}


def test_numbers_before_words_are_not_taken_for_addresses():
    p = page(
        (100, [(40, "Zahlbar innerhalb 30 Tagen")]),
        (112, [(40, "Mario Kart 7 3DS")]),
        (124, [(40, "2014 Alles voor een glimlach")]),
        (136, [(40, "Total 1250 EUR")]),
    )
    assert values(p) == {}


def test_an_address_printed_twice_belongs_to_one_party_only():
    p = page(
        (60, [(40, "Verkäufer:")]),
        (72, [(40, "Holzbau GmbH")]),
        (84, [(40, "Sägewerkstraße 20")]),
        (96, [(40, "DE 80333 München")]),
        (400, [(40, "Käufer:")]),
        (412, [(40, "Kunden AG Mitte")]),
        (424, [(40, "Kundenstraße 15")]),
        (436, [(40, "DE 69876 Frankfurt")]),
        (600, [(40, "Bemerkung")]),
        (612, [(40, "Holzbau GmbH")]),
        (624, [(40, "Sägewerkstraße 20")]),
        (636, [(40, "80333 München")]),
    )
    # The extraction took the name in the notes for the buyer's.
    notes = [w for w in p.words if w.y0 == 612]
    fields = {"buyer_name": FieldValue("Holzbau GmbH", 0.6, "text", page=1, box=p.box(notes))}
    assert values(p, fields) == {
        "seller_address": "Sägewerkstraße 20, 80333 München, DE",
        "buyer_address": "Kundenstraße 15, 69876 Frankfurt, DE",
    }
