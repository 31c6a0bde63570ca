"""Extraction rules on synthetic pages (word boxes built here, no corpus file)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from recognition.engine.extract import extract_fields
from recognition.engine.types import PageText, Word

CHAR_W, SPACE_W, LINE_H = 6.0, 5.0, 10.0


def page(*lines, source: str = "ocr") -> PageText:
    """One page from text lines; " | " splits a line into segments far apart."""
    words = []
    for i, line in enumerate(lines):
        y = 40 + 16 * i
        x = 40.0
        for seg in line.split(" | "):
            for token in seg.split():
                words.append(Word(token, x, y, x + CHAR_W * len(token), y + LINE_H))
                x += CHAR_W * len(token) + SPACE_W
            x += 60
    return PageText(1, 600, 850, words, source)


def placed(*rows: list[tuple[float, str]], source: str = "text") -> dict:
    """Fields of a page from rows of (x, text) cells, for columns that must line up."""
    words = []
    for i, row in enumerate(rows):
        y = 40 + 16 * i
        for x, text in row:
            for token in text.split():
                words.append(Word(token, x, y, x + CHAR_W * len(token), y + LINE_H))
                x += CHAR_W * len(token) + SPACE_W
    found, _ = extract_fields([PageText(1, 600, 850, words, source)])
    return {k: v.value for k, v in found.items()}


def fields(*lines, source: str = "ocr") -> dict:
    found, _breakdown = extract_fields([page(*lines, source=source)])
    return {k: v.value for k, v in found.items()}


# -- IBAN -------------------------------------------------------------------------------


def test_an_iban_with_a_hyphen_after_its_check_digits_is_read():
    f = fields("Invoice 12345", "IBAN: FR76-1254 2547 2569 8542 5874 698.")
    assert f["iban"] == "FR7612542547256985425874698"


def test_an_accent_ocr_put_on_an_iban_country_code_is_ignored():
    f = fields("Invoice 12345", "IBAN DÉ88200800000970375 700")
    assert f["iban"] == "DE88200800000970375700"


def test_an_iban_failing_mod_97_is_not_repaired_into_a_valid_one_by_accident():
    f = fields("Invoice 12345", "IBAN DE88 2008 0000 0970 3757 01")
    assert f.get("iban") in (None, "DE88200800000970375701")


# -- totals -----------------------------------------------------------------------------


def test_a_total_whose_amount_sits_on_the_line_below_its_label_is_read():
    f = fields(
        "Invoice 12345",
        "Net total: 496.00 €",
        "VAT total: 75.04 €",
        "Due payable: | €",
        "571.04",
    )
    assert (f["total_excl_vat"], f["total_vat"], f["total_incl_vat"]) == (
        Decimal("496.00"),
        Decimal("75.04"),
        Decimal("571.04"),
    )
    assert f["payable_amount"] == Decimal("571.04")


def test_net_subtotals_and_vat_lines_that_add_up_to_the_grand_total_are_summed():
    f = fields(
        "Rechnung RE77",
        "Positionen netto 804,35 €",
        "Versandkosten netto 4,99 €",
        "Positionen USt. 19,00% auf 804,35 € 152,83 €",
        "Versandkosten USt. 19,00% auf 4,99 € 0,95 €",
        "Endsumme 963,12 €",
        source="text",
    )
    assert (f["total_excl_vat"], f["total_vat"], f["total_incl_vat"]) == (
        Decimal("809.34"),
        Decimal("153.78"),
        Decimal("963.12"),
    )


def test_the_base_printed_after_a_rate_is_not_taken_for_the_vat():
    f = fields(
        "Facture 2024-1",
        "TVA 21% sur 200,00 | 42,00",
        "Total | 242,00",
        source="text",
    )
    assert (f["total_excl_vat"], f["total_vat"]) == (Decimal("200.00"), Decimal("42.00"))


def test_a_total_without_any_vat_printed_is_also_the_base():
    f = fields(
        "Rechnung 30064443",
        "Pos. Beschreibung | Zeilenbetrag",
        "| ohne MwSt.",
        "Hosting A | 5,39",
        "Hosting B | 3,89",
        "Total EUR | 9,28",
        source="text",
    )
    assert f["total_incl_vat"] == Decimal("9.28")
    assert f["total_excl_vat"] == Decimal("9.28")
    assert f["total_vat"] == Decimal("0.00")


def test_a_line_amount_under_an_excl_column_header_is_not_the_total_excl_vat():
    f = fields(
        "Invoice 4711",
        "Item | Amount excl. VAT",
        "Widget | 10,00",
        "Gadget | 30,00",
        "VAT 21% | 8,40",
        "Total | 48,40",
        source="text",
    )
    assert f.get("total_excl_vat") in (None, Decimal("40.00"))


# -- payment reference and due date -----------------------------------------------------


def test_the_invoice_number_is_the_reference_when_the_page_asks_to_quote_it():
    f = fields(
        "Rechnungsnummer: 2014-03",
        "Zahlbar innerhalb von 30 Tagen netto auf unser Konto. Bitte geben Sie dabei die",
        "Rechnungsnummer an.",
        source="text",
    )
    assert f["payment_reference"] == "2014-03"
    f = fields("Facture n° F-88", "Merci de mentionner le numéro de facture en communication.")
    assert f["payment_reference"] == "F-88"
    f = fields("Factuurnummer: 2024/17", "Gelieve het factuurnummer te vermelden bij betaling.")
    assert f["payment_reference"] == "2024/17"
    f = fields("Invoice number: INV-9", "Please quote the invoice number with your payment.")
    assert f["payment_reference"] == "INV-9"


def test_with_no_reference_printed_the_invoice_number_is_proposed_unsure():
    found, _ = extract_fields([page("Invoice number: INV-9", "Payment within 30 days.")])
    asked, _ = extract_fields(
        [page("Invoice number: INV-9", "Please quote the invoice number with your payment.")]
    )
    assert found["payment_reference"].value == asked["payment_reference"].value == "INV-9"
    assert found["payment_reference"].confidence < asked["payment_reference"].confidence


def test_a_printed_reference_wins_over_the_invoice_number():
    f = fields("Invoice number: INV-9", "Payment reference: PO-4471-B")
    assert f["payment_reference"] == "PO-4471-B"


def test_remit_until_gives_the_due_date():
    f = fields("Invoice # R-1 issued at 2020-06-20", "Please remit until 2020-07-11.")
    assert str(f["due_date"]) == "2020-07-11"


# -- party names ------------------------------------------------------------------------


def test_a_name_label_under_a_seller_or_buyer_heading_names_that_party():
    f = fields(
        "Rechnung Nr. 47110815 vom 01.12.2025",
        "Verkäufer",
        "Nummer: | 12345676",
        "Name: | Rohstoff AG Salzgitter",
        "USt.-Id.-Nr.: | DE123456788",
        "Käufer/Leistungsempfänger",
        "Nummer: | 75969813",
        "Name: | Metallbau Leipzig GmbH & Co. KG",
        source="text",
    )
    assert f["seller_name"] == "Rohstoff AG Salzgitter"
    assert f["buyer_name"] == "Metallbau Leipzig GmbH & Co. KG"


def test_a_name_label_without_a_heading_names_nobody():
    f = fields("Invoice 2024-7", "Name: | Jan Peeters", source="text")
    assert f.get("seller_name") is None and f.get("buyer_name") is None


# -- VAT numbers ------------------------------------------------------------------------


def test_a_country_code_misread_as_digits_beside_a_vat_label_is_put_back_when_it_checks():
    f = fields("Rechnung 4711", "USt. | Nr. | 06123456788. cs")
    assert f["seller_vat"] == "DE123456788"


def test_digits_that_check_under_no_country_are_not_made_into_a_vat_number():
    f = fields("Rechnung 4711", "USt. | Nr. | 06123456789")
    assert f.get("seller_vat") is None
    f = fields("Rechnung 4711", "Kundennummer | 06123456788")  # no VAT label
    assert f.get("seller_vat") is None


def test_without_a_legal_form_the_first_line_of_the_sellers_vat_block_is_its_name():
    f = fields(
        "FACTURE N° : | F2024-12",
        "VENDEUR",
        "LES JARDINS DE MARIE",
        "35 rue d'ici",
        "75018 PARIS",
        "EMAIL : contact@jardins.example",
        "N° TVA : FR 32 123 456 789",
        source="text",
    )
    assert f["seller_vat"] == "FR32123456789"
    assert f["seller_name"] == "LES JARDINS DE MARIE"


def test_an_address_line_is_not_taken_for_a_name():
    f = fields(
        "FACTURE N° : | F2024-12",
        "35 rue d'ici",
        "75018 PARIS",
        "N° TVA : FR 32 123 456 789",
        source="text",
    )
    assert f.get("seller_name") is None


# -- OCR: second reading of a broken IBAN ------------------------------------------------


class _StubTesseract:
    def __init__(self, reading: str):
        self.reading = reading
        self.calls = 0

    def __call__(self, image, psm=11, languages=None, whitelist="", timeout=20):
        self.calls += 1
        return [
            {"text": t, "left": 0, "top": 0, "width": 1, "height": 1, "conf": 90.0}
            for t in self.reading.split()
        ]


def _row(text, left, top=100):
    return {
        "text": text,
        "left": left,
        "top": top,
        "width": 8 * len(text),
        "height": 20,
        "conf": 80.0,
    }


def _reread(rows, reading):
    from PIL import Image

    from recognition.engine.ocr import TesseractEngine
    from recognition.engine.reread import reread_rows

    engine = TesseractEngine()
    engine._tsv = _StubTesseract(reading)
    return reread_rows(engine, Image.new("L", (1000, 300), 255), rows), engine._tsv.calls


def test_an_iban_failing_mod_97_is_read_again_and_replaced_when_the_second_reading_checks():
    rows = [_row("IBAN", 50)] + [
        _row(t, 300 + 60 * i) for i, t in enumerate(["DE77", "3707", "0060", "0321", "ET", "00"])
    ]
    out, calls = _reread(rows, "DE77 3707 0060 0321 9870 00")
    assert calls == 1
    assert "DE77 3707 0060 0321 9870 00" in [r["text"] for r in out]
    assert "ET" not in [r["text"] for r in out]


def test_a_second_reading_that_does_not_check_changes_nothing():
    rows = [_row("IBAN", 50)] + [
        _row(t, 300 + 60 * i) for i, t in enumerate(["DE77", "3707", "0060", "0321", "ET", "00"])
    ]
    out, _calls = _reread(rows, "DE77 3707 0060 0321 9871 00")
    assert out == rows


def test_an_iban_that_reads_is_not_read_again():
    rows = [_row("IBAN:", 50)] + [
        _row(t, 300 + 60 * i) for i, t in enumerate(["DE77", "3707", "0060", "0321", "9870", "00"])
    ]
    out, calls = _reread(rows, "")
    assert calls == 0 and out == rows


def test_without_any_total_a_line_amount_under_a_column_header_is_no_total():
    f = fields(
        "Rechnung 30064443",
        "Pos. | Zeilenbetrag ohne MwSt.",
        "1 Hosting A | 5,39",
        "2 Hosting B | 3,89",
        source="text",
    )
    assert f.get("total_excl_vat") is None and f.get("total_vat") is None


def test_a_wrapped_header_cell_ending_in_le_does_not_label_the_issue_date():
    # A header row whose cells wrap: "À payer avant" over "le"; the dates sit below.
    f = fields(
        "FACTURE",
        "Numéro de | Date de | À payer avant",
        "facture | facturation | le",
        "INV-30455 | 15-02-2025 | 16-04-2025",
        source="text",
    )
    assert str(f["issue_date"]) == "2025-02-15"


def test_le_before_its_date_still_labels_the_issue_date():
    f = fields("Facture F-12", "Bruxelles, le 28-09-2025", source="text")
    assert str(f["issue_date"]) == "2025-09-28"


def test_a_header_cell_wrapped_over_two_lines_labels_the_value_below():
    f = fields(
        "Rechnung",
        "Bureau Martin UG · Goethestraße 108 · 50667 Köln",
        "Rechnungs | Kunden",
        "Nr. | Nr.",
        "225769 | C-54567",
        "Gesamtbetrag 1.190,00 EUR",
        source="text",
    )
    assert f["invoice_number"] == "225769"


def test_two_stacked_labels_with_figures_are_not_joined():
    # "Total HT" over "TVA 21 %": separate rows, not one wrapped header cell.
    f = fields("Facture F-7", "Total HT | 100,00", "TVA 21 % | 21,00", "Total TTC | 121,00")
    assert f["total_excl_vat"] == Decimal("100.00")
    assert f["total_incl_vat"] == Decimal("121.00")


def test_a_pay_before_line_is_no_issue_date():
    f = fields(
        "NOTE DE CRÉDIT",
        "Facture N° | RE25/6664",
        "Date | 16.02.2025",
        "À payer avant le 17.04.2025",
        source="text",
    )
    assert str(f["issue_date"]) == "2025-02-16"
    assert str(f["due_date"]) == "2025-04-17"


def test_header_cells_set_close_together_still_head_their_own_values():
    # "Rechnungsdatum Fälligkeitsdatum Lieferdatum": cells a letter's height apart, less
    # than the gap that parts cells, so one segment; each value starts under its cell.
    f = placed(
        [(57, "RECHNUNG F2025640")],
        [
            (57, "Rechnungsnummer"),
            (157, "Rechnungsdatum"),
            (251, "Fälligkeitsdatum"),
            (357, "Lieferdatum"),
        ],
        [(57, "F2025640"), (157, "2025-01-27"), (251, "2025-03-13"), (357, "2025-01-23")],
        [(57, "Gesamtbetrag"), (400, "119,00")],
    )
    assert f["issue_date"] == dt.date(2025, 1, 27)
    assert f["due_date"] == dt.date(2025, 3, 13)


def test_odoo_totals_with_a_payment_made_and_the_amount_still_due():
    f = fields(
        "Factuur INV/2025/00084",
        "Factuurdatum: 28/10/2025",
        "Totaal excl. btw | 21.326,03 €",
        "Btw 21% | 4.478,47 €",
        "Totaal | 25.804,50 €",
        "Betaald op 02-11-2025 | 7.741,00 €",
        "Verschuldigd bedrag | 18.063,50 €",
        source="text",
    )
    assert f["total_incl_vat"] == Decimal("25804.50")
    assert f["payable_amount"] == Decimal("18063.50")
    assert f["issue_date"] == dt.date(2025, 10, 28)


def test_the_date_a_payment_was_made_is_not_the_issue_date():
    f = fields(
        "Facture INV/2025/00102",
        "Total | 1 210,00 €",
        "Payé le 27/06/2025 | 1 210,00 €",
        "Date de facturation: | 23/06/2025",
        source="text",
    )
    assert f["issue_date"] == dt.date(2025, 6, 23)


def test_a_credit_notes_title_gives_its_number():
    f = fields("Creditnota RINV/2025/02165", "Totaal | -121,00 €", source="text")
    assert f["invoice_number"] == "RINV/2025/02165"
    assert f["document_type"] == "credit_note"
