"""Totals as one consistent solution, party headings per column, short due labels:
synthetic layouts in several languages (word boxes placed here, no corpus file)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from recognition.engine.extract import extract_fields
from recognition.engine.types import PageText, Word
from recognition.tests.test_rules import fields

CHAR_W, LINE_H = 5.0, 9.0


def placed(*rows: list[tuple[float, str]], source: str = "text") -> dict:
    """Rows of (x, text) runs; words of a run 2.5 pt apart (a word space), runs where told.
    A run starting with '>' is right-aligned: x is its right edge."""
    words = []
    for i, row in enumerate(rows):
        y = 60 + 18 * i
        for x, text in row:
            tokens = text.lstrip(">").split()
            width = sum(CHAR_W * len(t) for t in tokens) + 2.5 * (len(tokens) - 1)
            cx = x - width if text.startswith(">") else x
            for t in tokens:
                words.append(Word(t, cx, y, cx + CHAR_W * len(t), y + LINE_H))
                cx += CHAR_W * len(t) + 2.5
    found, _ = extract_fields([PageText(1, 595, 842, words, source)])
    return {k: v.value for k, v in found.items()}


def test_totals_printed_in_one_row_under_one_run_of_headers_get_each_its_own_header():
    # German layout: five figures in a row, their headers read as one run of words.
    f = placed(
        [(50, "Rechnung Nr. 2026-8942")],
        [(50, "Bezeichnung"), (300, "Menge"), (420, "Betrag")],
        [(50, "Schulung"), (310, "2"), (460, ">3.634,40")],
        # Headers right-aligned over their columns, 8 pt apart: one run of words.
        [
            (260, ">Warenwert netto"),
            (323, ">USt.-Betrag"),
            (391, ">Gesamtbetrag"),
            (444, ">Anzahlung"),
            (519.5, ">Offener Betrag"),
        ],
        [
            (260, ">3.634,40"),
            (323, ">690,54"),
            (391, ">4.324,94"),
            (444, ">1.000,00"),
            (519.5, ">3.324,94"),
        ],
    )
    assert (
        f["total_excl_vat"],
        f["total_vat"],
        f["total_incl_vat"],
        f["payable_amount"],
    ) == (Decimal("3634.40"), Decimal("690.54"), Decimal("4324.94"), Decimal("3324.94"))


def test_vat_printed_once_per_rate_is_summed_when_each_part_fits_its_rate_nl():
    f = fields(
        "Factuur INV-20950",
        "Totaal excl. btw | EUR 45.599,13",
        "btw 21 % | EUR 514,72",
        "btw 6 % | EUR 2.588,88",
        "Totaal incl. btw | EUR 48.702,73",
        source="text",
    )
    assert (f["total_excl_vat"], f["total_vat"], f["total_incl_vat"]) == (
        Decimal("45599.13"),
        Decimal("3103.60"),
        Decimal("48702.73"),
    )


def test_vat_per_rate_fr_with_a_decimal_rate():
    # 500 at 20 % and 500 at 5,5 %.
    f = fields(
        "Facture F2026001",
        "Total HT | 1 000,00 €",
        "TVA 20 % | 100,00 €",
        "TVA 5,5 % | 27,50 €",
        "Total TTC | 1 127,50 €",
        source="text",
    )
    assert (f["total_excl_vat"], f["total_vat"], f["total_incl_vat"]) == (
        Decimal("1000.00"),
        Decimal("127.50"),
        Decimal("1127.50"),
    )


def test_vat_per_rate_en_with_a_deposit_gives_the_amount_due():
    f = fields(
        "Invoice INV-771",
        "Subtotal | 2,000.00",
        "VAT 21% | 210.00",
        "VAT 6% | 60.00",
        "Total | 2,270.00",
        "Deposit paid | 1,000.00",
        "Balance due | 1,270.00",
        source="text",
    )
    assert (f["total_vat"], f["total_incl_vat"], f["payable_amount"]) == (
        Decimal("270.00"),
        Decimal("2270.00"),
        Decimal("1270.00"),
    )


def test_a_buyer_heading_in_the_left_column_does_not_claim_the_sellers_vat_number():
    f = placed(
        [(50, "Rechnung"), (322, "Horizon Conseil UG")],
        [(322, "Bahnhofstraße 105")],
        [(322, "20095 Hamburg")],
        [(50, "Rechnungsempfänger"), (322, "USt-ID: DE 602608679")],
        [(50, "Maes Catering SRL")],
        [(50, "Meir 13")],
        [(50, "2000 Antwerpen")],
        [(50, "USt-IdNr. Kunde: BE0611225209")],
    )
    assert f["seller_vat"] == "DE602608679"
    assert f["buyer_vat"] == "BE0611225209"


def test_a_bare_due_label_beside_a_date_gives_the_due_date_but_amount_due_does_not():
    f = fields(
        "Invoice # F2025602",
        "Date | 18/07/2025",
        "Due | 01/09/2025",
        "Amount due | 121.00",
        source="text",
    )
    assert f["issue_date"] == dt.date(2025, 7, 18)
    assert f["due_date"] == dt.date(2025, 9, 1)


# -- names: never a bare legal form ----------------------------------------------------------


def test_a_legal_form_wrapped_onto_its_own_line_takes_the_name_above_back():
    f = placed(
        [(50, "Rechnung Nr. 2025-17")],
        [(322, "Verkäufer")],
        [(322, "Willems Advies Services GmbH & Co.")],
        [(322, "KG")],
        [(322, "Hauptstraße 12")],
        [(322, "10115 Berlin")],
        [(322, "USt-IdNr.: DE136695976")],
    )
    assert f["seller_name"] == "Willems Advies Services GmbH & Co. KG"


def test_a_name_cut_in_two_by_a_gap_is_joined_rather_than_kept_as_a_legal_form():
    # OCR lost the "&" of "Atelier Dubois & Co GmbH" and left a gap in its place.
    f = placed(
        [(50, "Rechnung")],
        [(323, "Atelier Dubois"), (402, "Co GmbH")],
        [(323, "Bahnhofstraße 129")],
        [(323, "20095 Hamburg")],
        [(50, "Rechnungsempfänger"), (323, "USt-ID: DE 136695976")],
        [(50, "Alpha Logistics SRL")],
        [(50, "Rue de la Loi 12")],
        [(50, "1000 Bruxelles")],
        source="ocr",
    )
    assert f["seller_name"] == "Atelier Dubois Co GmbH"
    assert f["buyer_name"] == "Alpha Logistics SRL"


def test_bare_legal_forms_are_recognised_in_four_languages():
    from recognition.engine.parties import bare_legal_form

    for bare in ("SRL", "BV", "GmbH", "Co. KG", "& Co GmbH", "B.V.", "SA", "Ltd"):
        assert bare_legal_form(bare), bare
    for name in ("Peeters BV", "Acme Ltd", "Dupont & Fils SRL", "Brasserie Lemaire SA"):
        assert not bare_legal_form(name), name


# -- scans: check digits choose the reading ---------------------------------------------------


def test_a_vat_number_with_letters_for_digits_is_repaired_only_when_it_checks():
    f = fields("Facture F-1", "TVA: BE0202239951", "TVA client: BEO790476457")
    assert f["buyer_vat"] == "BE0790476457"
    assert f["seller_vat"] == "BE0202239951"
    f = fields("Rechnung 1", "Ihre USt-IdNr.: DES74517779")
    assert f["buyer_vat"] == "DE574517779"
    # The same look-alikes where the check digits fail: nothing is made up.
    f = fields("Facture F-1", "TVA client: BEO790476458")
    assert f.get("buyer_vat") != "BE0790476458"


def test_an_invoice_number_label_whose_nr_ocr_misread_is_still_a_label():
    f = fields("Rechnung", "Rechnungs-Ne RE25/5882", "Belegdatum | 2025-05-22")
    assert f["invoice_number"] == "RE25/5882"
    f = fields("Rechnung", "Rechnungs-No | RE26/3962", "Rechnungsdatum | 30.04.2026")
    assert f["invoice_number"] == "RE26/3962"


def test_a_structured_communication_is_found_by_its_digit_groups_and_mod_97_alone():
    # Its plus signs wrapped to the line above, or damaged by OCR.
    f = fields("Facture 12", "IBAN BE71 0961 2345 6769 · Communication: ++", "+394/4313/39062+++")
    assert f["payment_reference"] == "+++394/4313/39062+++"
    f = fields("Facture 12", "Communication | tt+394/4313/39062+4+")
    assert f["payment_reference"] == "+++394/4313/39062+++"
    # The same groups failing mod 97 are no structured communication.
    f = fields("Facture 12", "Réf. 394/4313/39063")
    assert f.get("payment_reference") != "+++394/4313/39063+++"


# -- scans: a second reading of a VAT number that fails its check -----------------------------


class _Stub:
    def __init__(self, reading: str) -> None:
        self.reading, self.calls = reading, 0

    def __call__(
        self,
        image: object,
        psm: int = 11,
        languages: str | None = None,
        whitelist: str = "",
        timeout: float = 20,
    ) -> list[dict]:
        self.calls += 1
        return [
            {"text": t, "left": 0, "top": 0, "width": 1, "height": 1, "conf": 90.0}
            for t in self.reading.split()
        ]


def _vat_reread(texts: list[str], reading: str):
    from PIL import Image

    from recognition.engine.ocr import TesseractEngine
    from recognition.engine.reread import reread_rows

    rows = [
        {"text": t, "left": 50 + 90 * i, "top": 100, "width": 80, "height": 20, "conf": 80.0}
        for i, t in enumerate(texts)
    ]
    engine = TesseractEngine()
    stub = _Stub(reading)
    engine._tsv = stub  # type: ignore[method-assign]
    out = reread_rows(engine, Image.new("L", (1000, 300), 255), rows)
    return rows, out, stub.calls


def test_a_vat_number_failing_its_check_is_read_again_and_kept_when_the_reading_checks():
    _rows, out, calls = _vat_reread(["TVA:", "BE0790476487"], "BE0790476457")
    assert calls == 1
    assert [r["text"] for r in out] == ["TVA:", "BE0790476457"]


def test_a_second_vat_reading_that_fails_too_changes_nothing():
    # Every Tesseract reader tries (line x2, x3 binarised, darker threshold, raw line); the
    # second engine reads the blank test image as nothing.
    rows, out, calls = _vat_reread(["USt-IdNr.", "DE", "574517778"], "DE574517778")
    assert calls == 4 and out == rows


def test_a_vat_number_that_checks_or_is_repaired_by_look_alikes_is_not_read_again():
    _rows, _out, calls = _vat_reread(["TVA:", "BE0790476457"], "")
    assert calls == 0
    _rows, _out, calls = _vat_reread(["TVA:", "BEO790476457"], "")
    assert calls == 0


def test_a_dutch_iban_whose_bank_code_looks_like_digits_is_read_as_printed():
    # "RABO": the letter-for-digit fix must not leave "RA80" when the printed form checks.
    f = fields("Invoice 1", "Bank account (IBAN) NL10 RABO 9185 3225 31", source="text")
    assert f["iban"] == "NL10RABO9185322531"
