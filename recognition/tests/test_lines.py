"""Line items from synthetic pages (word boxes built here), and through the whole pipeline."""

from __future__ import annotations

import json
from decimal import Decimal

from recognition.engine.lines import extract_lines
from recognition.engine.types import FieldValue, PageText, Word

CHAR_W, LINE_H = 5.0, 9.0


def page(*rows, source: str = "text", number: int = 1) -> PageText:
    """One page; each row is (y, [(x, text), ...]): a cell's words start at x."""
    words = []
    for y, cells in rows:
        for x, text in cells:
            for token in text.split():
                words.append(Word(token, x, y, x + CHAR_W * len(token), y + LINE_H))
                x += CHAR_W * (len(token) + 1)
    return PageText(number, 595, 842, words, source)


def totals(excl: str) -> dict[str, FieldValue]:
    return {"total_excl_vat": FieldValue(Decimal(excl), 0.9, "text")}


def plain(lines: list[dict]) -> list[tuple]:
    return [
        (ln["description"], ln["quantity"], ln["unit_price"], ln["net_amount"], ln["vat_rate"])
        for ln in lines
    ]


# Column x positions shared by the tables below: description, quantity, price, amount, VAT.
D, Q, P, A, V = 50, 300, 360, 440, 520


def test_it_reads_an_english_table_up_to_its_totals():
    p = page(
        (100, [(D, "Invoice 2024-001")]),
        (200, [(D, "Description"), (Q, "Qty"), (P, "Unit price"), (A, "Amount"), (V, "VAT %")]),
        (220, [(D, "Consulting hours"), (Q, "10"), (P, "85.00"), (A, "850.00"), (V, "21%")]),
        (235, [(D, "Travel costs"), (Q, "2"), (P, "25.50"), (A, "51.00"), (V, "21%")]),
        (270, [(P, "Subtotal"), (A, "901.00")]),
        (285, [(P, "VAT 21%"), (A, "189.21")]),
    )
    lines = extract_lines([p], {})
    assert plain(lines) == [
        ("Consulting hours", Decimal("10"), Decimal("85.00"), Decimal("850.00"), Decimal("21")),
        ("Travel costs", Decimal("2"), Decimal("25.50"), Decimal("51.00"), Decimal("21")),
    ]
    assert lines[0]["confidence"] >= 0.9 and lines[0]["page"] == 1 and lines[0]["box"]


def test_it_joins_a_french_description_written_over_two_lines():
    p = page(
        (
            200,
            [
                (D, "Désignation"),
                (Q, "Quantité"),
                (P, "Prix unitaire"),
                (A, "Montant HT"),
                (V, "TVA"),
            ],
        ),
        (
            220,
            [(D, "Maintenance annuelle"), (Q, "1"), (P, "1 200,00"), (A, "1 200,00"), (V, "21 %")],
        ),
        (231, [(D, "du 01/01/2024 au 31/12/2024")]),
        (250, [(D, "Déplacement"), (Q, "3"), (P, "40,00"), (A, "120,00"), (V, "21 %")]),
        (280, [(P, "Total HT"), (A, "1 320,00")]),
    )
    lines = extract_lines([p], {})
    assert [ln["description"] for ln in lines] == [
        "Maintenance annuelle du 01/01/2024 au 31/12/2024",
        "Déplacement",
    ]
    assert [ln["net_amount"] for ln in lines] == [Decimal("1200.00"), Decimal("120.00")]


def test_it_reads_a_dutch_table():
    p = page(
        (
            200,
            [(D, "Omschrijving"), (Q, "Aantal"), (P, "Eenheidsprijs"), (A, "Bedrag"), (V, "BTW")],
        ),
        (220, [(D, "Bloembakken"), (Q, "4"), (P, "€ 12,50"), (A, "€ 50,00"), (V, "6%")]),
        (235, [(D, "Potgrond 40 l"), (Q, "3"), (P, "€ 7,99"), (A, "€ 23,97"), (V, "6%")]),
        (270, [(P, "Totaal excl. btw"), (A, "€ 73,97")]),
    )
    assert plain(extract_lines([p], {})) == [
        ("Bloembakken", Decimal("4"), Decimal("12.50"), Decimal("50.00"), Decimal("6")),
        ("Potgrond 40 l", Decimal("3"), Decimal("7.99"), Decimal("23.97"), Decimal("6")),
    ]


def test_it_reads_a_german_table_with_the_quantity_first_and_a_position_column():
    p = page(
        (
            200,
            [(20, "Pos."), (40, "Menge"), (90, "Bezeichnung"), (P, "Einzelpreis"), (A, "Gesamt")],
        ),
        (
            220,
            [(20, "1"), (40, "2,00"), (90, "Bürostuhl Modell 7"), (P, "625,00"), (A, "1.250,00")],
        ),
        (235, [(20, "2"), (40, "0,5"), (90, "Montage (Std.)"), (P, "60,00"), (A, "30,00")]),
        (270, [(90, "Nettobetrag"), (A, "1.280,00")]),
    )
    assert plain(extract_lines([p], {})) == [
        ("Bürostuhl Modell 7", Decimal("2.00"), Decimal("625.00"), Decimal("1250.00"), None),
        ("Montage (Std.)", Decimal("0.5"), Decimal("60.00"), Decimal("30.00"), None),
    ]


def test_it_keeps_a_table_without_quantities_only_when_its_amounts_add_up_to_the_total():
    rows = (
        (200, [(D, "Description"), (A, "Amount")]),
        (220, [(D, "Subscription March"), (A, "49.00")]),
        (235, [(D, "Extra storage"), (A, "11.00")]),
    )
    lines = extract_lines([page(*rows)], totals("60.00"))
    assert [(ln["description"], ln["net_amount"], ln["quantity"]) for ln in lines] == [
        ("Subscription March", Decimal("49.00"), None),
        ("Extra storage", Decimal("11.00"), None),
    ]
    assert extract_lines([page(*rows)], totals("75.00")) == []


def test_it_returns_nothing_when_the_rows_do_not_multiply_out():
    p = page(
        (200, [(D, "Description"), (Q, "Qty"), (P, "Unit price"), (A, "Amount")]),
        (220, [(D, "Widget"), (Q, "3"), (P, "10.00"), (A, "45.00")]),
        (235, [(D, "Gadget"), (Q, "2"), (P, "7.00"), (A, "19.00")]),
    )
    assert extract_lines([p], totals("100.00")) == []


def test_it_returns_nothing_for_a_page_without_a_table():
    p = page(
        (100, [(D, "Facture F-2024-12")]),
        (120, [(D, "Rue de la Loi 16, 1000 Bruxelles")]),
        (200, [(D, "Total TVAC"), (A, "121,00")]),
    )
    assert extract_lines([p], totals("100.00")) == []


def test_a_vat_breakdown_table_is_not_read_as_items():
    p = page(
        (200, [(D, "Taux TVA"), (P, "Base"), (A, "Montant TVA")]),
        (220, [(D, "21 %"), (P, "100,00"), (A, "21,00")]),
    )
    assert extract_lines([p], totals("100.00")) == []


def test_a_discount_row_without_quantity_counts_in_the_sum_but_is_not_a_line():
    p = page(
        (200, [(D, "Désignation"), (Q, "Qté"), (P, "P.U. HT"), (A, "Total HT")]),
        (220, [(D, "Cartouches"), (Q, "10"), (P, "8,00"), (A, "80,00")]),
        (235, [(D, "Papier A4"), (Q, "5"), (P, "4,00"), (A, "20,00")]),
        (250, [(D, "Remise commerciale"), (A, "-10,00")]),
        (280, [(P, "Total HT"), (A, "90,00")]),
    )
    assert [ln["description"] for ln in extract_lines([p], {})] == ["Cartouches", "Papier A4"]


def test_it_reads_lines_from_a_pdf_through_the_pipeline(tmp_path, capsys):
    from django.core.management import call_command
    from weasyprint import HTML

    from recognition.engine.pipeline import recognize_bytes

    html = """<html><body style="font-family: sans-serif; font-size: 10pt">
      <p>Bureau Janssens BV<br>Kerkstraat 12 bus 3<br>9000 Gent<br>BTW BE0403.170.701</p>
      <h1>Factuur 2024-0042</h1><p>Factuurdatum: 12/03/2024</p>
      <table style="width:100%; border-spacing: 20pt 4pt">
        <tr><th align=left>Omschrijving</th><th>Aantal</th><th>Eenheidsprijs</th><th>Bedrag</th></tr>
        <tr><td>Boekhouding maart</td><td align=right>1</td><td align=right>450,00</td>
            <td align=right>450,00</td></tr>
        <tr><td>Aangifte btw</td><td align=right>2</td><td align=right>75,00</td>
            <td align=right>150,00</td></tr>
      </table>
      <p>Totaal excl. btw: 600,00<br>Btw 21%: 126,00<br>Te betalen: 726,00</p>
    </body></html>"""
    pdf = HTML(string=html).write_pdf()
    result = recognize_bytes(pdf)
    assert [(ln["description"], ln["net_amount"]) for ln in result.lines] == [
        ("Boekhouding maart", Decimal("450.00")),
        ("Aangifte btw", Decimal("150.00")),
    ]
    assert "9000 Gent" in result.value("seller_address")
    path = tmp_path / "factuur.pdf"
    path.write_bytes(pdf)
    call_command("recognize", str(path), "--json")
    record = json.loads(capsys.readouterr().out)
    assert record["lines"][1]["net_amount"] == "150.00"
    assert record["lines"][1]["quantity"] == "2"
    assert record["seller"]["address"].startswith("Kerkstraat 12 bus 3, 9000 Gent")


def test_one_misread_amount_is_put_back_when_the_lines_then_add_up_to_the_total():
    p = page(
        (200, [(D, "Produkt"), (Q, "Menge"), (P, "Preis"), (A, "Gesamtbetrag")]),
        (220, [(D, "Gestaltung"), (Q, "1,00"), (P, "160,00"), (A, "160,00")]),
        (235, [(D, "Luftballon"), (Q, "400,00"), (P, "0,79"), (A, "516,00")]),  # OCR: 5 for 3
        (250, [(D, "Heiße Luft"), (Q, "200,00"), (P, "0,10"), (A, "20,00")]),
        (280, [(D, "Nettobetrag: 496,00")]),
    )
    lines = extract_lines([p], {})
    assert [ln["net_amount"] for ln in lines] == [
        Decimal("160.00"),
        Decimal("316.00"),
        Decimal("20.00"),
    ]
    assert lines[1]["confidence"] < 0.9


def test_a_failure_inside_line_reading_gives_no_lines_rather_than_an_error(monkeypatch):
    from recognition.engine import lines as engine_lines

    def broken(pages, fields):
        raise ValueError("odd page")

    monkeypatch.setattr(engine_lines, "_extract_lines", broken)
    assert engine_lines.extract_lines([page((200, [(D, "Description")]))], {}) == []


def test_a_sentence_naming_a_description_and_a_total_is_not_a_header():
    p = page(
        (200, [(D, "Please find below the description of the works and their"), (A, "amount")]),
        (220, [(D, "Consulting"), (A, "850.00")]),
    )
    assert extract_lines([p], totals("850.00")) == []


def test_a_total_price_column_is_the_line_amount():
    p = page(
        (200, [(D, "Artikel"), (Q, "Anzahl"), (P, "Einzelpreis"), (A, "Gesamtpreis")]),
        (220, [(D, "Druckerpapier A4"), (Q, "5"), (P, "4,20"), (A, "21,00")]),
        (235, [(D, "Toner schwarz"), (Q, "1"), (P, "21,00"), (A, "21,00")]),
    )
    assert [(ln["quantity"], ln["unit_price"]) for ln in extract_lines([p], totals("42.00"))] == [
        (Decimal("5"), Decimal("4.20")),
        (Decimal("1"), Decimal("21.00")),
    ]


def test_rows_whose_quantity_ocr_lost_agree_through_equal_price_and_amount():
    p = page(
        (
            200,
            [(D, "Artikel"), (Q, "Aantal"), (P, "Prijs"), (A, "Bedrag")],
        ),
        (220, [(D, "Tablet 64 GB"), (P, "€ 399,00"), (A, "€ 399,00")]),
        (235, [(D, "Hoes"), (P, "€ 29,99"), (A, "€ 29,99")]),
        (250, [(D, "Kabel"), (P, "€ 9,99"), (A, "€ 9,99")]),
    )
    lines = extract_lines([p], {})
    assert [(ln["quantity"], ln["net_amount"]) for ln in lines] == [
        (None, Decimal("399.00")),
        (None, Decimal("29.99")),
        (None, Decimal("9.99")),
    ]
    assert all(ln["confidence"] <= 0.5 for ln in lines)


def test_a_quantity_column_whose_label_is_unreadable_is_found_by_the_arithmetic():
    p = page(
        (200, [(D, "Désignation"), (Q, "Qtè9"), (P, "P.U. HT"), (A, "Total HT")]),
        (220, [(D, "Prestation support"), (Q, "1,00"), (P, "60,00"), (A, "60,00")]),
        (235, [(D, "Fournitures"), (Q, "3,00"), (P, "10,00"), (A, "30,00")]),
        (250, [(D, "Remise commerciale"), (A, "-5,00")]),
        (280, [(P, "Total HT"), (A, "85,00")]),
    )
    lines = extract_lines([p], {})
    assert [(ln["description"], ln["quantity"]) for ln in lines] == [
        ("Prestation support", Decimal("1.00")),
        ("Fournitures", Decimal("3.00")),
    ]
