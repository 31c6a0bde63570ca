"""OCR-tolerant reading of scanned invoices: amounts, dates, VAT numbers, label words
and the currency, on small synthetic OCR pages (word boxes built by test_rules.page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from recognition.engine.extract import extract_fields
from recognition.engine.parse import find_dates, month_number
from recognition.engine.spelling import fix_label_lookalikes, fix_ocr_number
from recognition.engine.types import PageText, Word

from .test_rules import fields

# -- numbers with letters for digits ------------------------------------------------------


def test_it_puts_back_digits_ocr_read_as_letters_in_an_amount_or_a_date():
    assert fix_ocr_number("1.2O4,56") == "1.204,56"
    assert fix_ocr_number("1.234,S6") == "1.234,56"
    assert fix_ocr_number("l.234,56") == "1.234,56"
    assert fix_ocr_number("12.O3.2O26") == "12.03.2026"


def test_it_leaves_codes_words_and_signs_that_are_not_a_whole_number():
    assert fix_ocr_number("INV-2O24") is None  # an invoice number keeps its letters
    assert fix_ocr_number("2O24") is None  # no decimals: not an amount
    assert fix_ocr_number("BE0l23") is None
    assert fix_ocr_number("Total") is None
    # A first sign that the number does not need: a table rule, a dollar sign.
    assert fix_ocr_number("|1.234,56") is None
    assert fix_ocr_number("S5,00") is None


def test_a_total_with_a_letter_for_a_digit_adds_up_again():
    f = fields(
        "Facture 2026-001",
        "Total HTVA | 1.2O0,00",
        "TVA 21 % | 252,00",
        "Total TVAC | 1.452,00",
    )
    assert f["total_excl_vat"] == Decimal("1200.00")
    assert f["total_vat"] == Decimal("252.00")
    assert f["total_incl_vat"] == Decimal("1452.00")


# -- label words --------------------------------------------------------------------------


def test_it_puts_back_label_words_written_with_digits_or_a_capital_i():
    assert fix_label_lookalikes("Tota1") == "Total"
    assert fix_label_lookalikes("incI") == "incl"
    assert fix_label_lookalikes("T0TAL") == "TOTAL"
    assert fix_label_lookalikes("exc|") == "excl"
    assert fix_label_lookalikes("Dupont") is None
    assert fix_label_lookalikes("IBAN") is None  # already right
    assert fix_label_lookalikes("Ka1") is None  # not a label word


def test_an_incl_label_read_with_a_capital_i_is_not_taken_for_the_vat():
    # "Total incI. TVA": without the fix, "TVA" would make the grand total a VAT amount.
    f = fields(
        "Invoice 2026-7",
        "Total excI. TVA | 500,00",
        "TVA 21% | 105,00",
        "Total incI. TVA | 605,00",
    )
    assert f["total_excl_vat"] == Decimal("500.00")
    assert f["total_vat"] == Decimal("105.00")
    assert f["total_incl_vat"] == Decimal("605.00")


# -- dates ----------------------------------------------------------------------------------


def test_a_date_whose_separators_ocr_changed_or_spaced_is_read():
    assert find_dates("12.03,2026")[0][0] == dt.date(2026, 3, 12)
    assert find_dates("12,03.2026")[0][0] == dt.date(2026, 3, 12)
    assert find_dates("12 / 03 / 2026")[0][0] == dt.date(2026, 3, 12)
    assert find_dates("12-Mar-2026")[0][0] == dt.date(2026, 3, 12)


def test_an_amount_or_a_list_is_not_read_as_a_date():
    assert find_dates("1.234,56 2026") == []
    assert find_dates("Qty 1, 12.2026") == []
    assert find_dates("Total 12,50 2026") == []


def test_a_month_name_damaged_by_ocr_is_read_when_one_month_is_close():
    assert month_number("rnars") == 3
    assert month_number("Dezernber") == 12
    assert month_number("janvler") == 1
    assert month_number("xyzzy") is None
    assert find_dates("le 12 rnars 2026")[0][0] == dt.date(2026, 3, 12)


def test_a_due_date_with_a_letter_in_its_year_is_read():
    f = fields("Facture 123", "Date 12.03,2026", "Echéance: 12/04/2O26")
    assert f["issue_date"] == dt.date(2026, 3, 12)
    assert f["due_date"] == dt.date(2026, 4, 12)


# -- VAT numbers ----------------------------------------------------------------------------


def test_a_belgian_vat_number_with_commas_for_dots_is_read():
    assert fields("Facture 123", "N° TVA BE 0403,170,701")["seller_vat"] == "BE0403170701"


def test_a_vat_number_glued_to_its_label_is_read():
    assert fields("Facture 123", "TVABE0403170701")["seller_vat"] == "BE0403170701"


def test_a_belgian_number_without_be_beside_a_dotted_or_enterprise_label_is_read():
    assert fields("Facture 123", "T.V.A. | 0403.170.701")["seller_vat"] == "BE0403170701"
    assert fields("Facture 123", "RPM Bruxelles 0403,170,701")["seller_vat"] == "BE0403170701"


def test_a_country_code_ocr_broke_is_put_back_when_one_country_checks():
    assert fields("Facture 123", "TVA 8E 0403.170.701")["seller_vat"] == "BE0403170701"
    assert fields("Facture 123", "TVA RE0403170701")["seller_vat"] == "BE0403170701"
    assert fields("Invoice 123", "VAT: D JE 408178649")["seller_vat"] == "DE408178649"


def test_a_number_that_checks_under_no_country_is_not_made_a_vat_number():
    assert "seller_vat" not in fields("Facture 123", "TVA 8E 0403.170.702")
    # Not beside a VAT label: a bare enterprise-like number is not taken.
    assert "seller_vat" not in fields("Facture 123", "Commande 0403.170.701")


# -- currency ---------------------------------------------------------------------------------


def test_no_currency_read_from_a_euro_country_seller_is_euro_with_a_low_confidence():
    from recognition.engine.extract import extract_fields

    from .test_rules import page

    found, _ = extract_fields([page("Facture 123", "TVA BE 0403.170.701", "Total 121,00")])
    assert found["currency"].value == "EUR"
    assert found["currency"].confidence <= 0.5


def test_a_euro_iban_implies_euro_when_no_seller_vat_is_read():
    f = fields("Factuur 123", "IBAN BE71 0961 2345 6769", "Totaal 121,00")
    assert f["currency"] == "EUR"


def test_no_currency_is_implied_for_a_seller_outside_the_euro_area_or_without_amounts():
    assert "currency" not in fields("Invoice 123", "VAT GB 980780684", "Total 121.00")
    assert "currency" not in fields("Facture 123", "TVA BE 0403.170.701")


def test_a_printed_currency_wins_over_the_implied_one():
    f = fields("Invoice 123", "VAT BE 0403.170.701", "Total USD 121.00")
    assert f["currency"] == "USD"


def test_a_word_date_with_an_ocr_damaged_day_year_or_month_is_read():
    assert find_dates("18. Oktober 2O25")[0][0] == dt.date(2025, 10, 18)
    assert find_dates("l1. Juli 2014")[0][0] == dt.date(2014, 7, 11)
    assert find_dates("11 December Z025")[0][0] == dt.date(2025, 12, 11)
    assert find_dates("26 okt0ber 2O25")[0][0] == dt.date(2025, 10, 26)
    # A letter glued to a word is no day: "Les septembre 2025" has none.
    assert find_dates("Les septembre 2025") == []


def test_a_word_date_with_a_two_digit_year_between_dashes_is_read():
    assert find_dates("12-Mar-26")[0][0] == dt.date(2026, 3, 12)
    assert find_dates("05/okt/25")[0][0] == dt.date(2025, 10, 5)
    assert find_dates("3 mai 25 kg") == []


def test_a_leading_l_in_a_date_is_its_one_but_a_table_rule_is_not():
    assert fix_ocr_number("l1.12.2025") == "11.12.2025"
    assert fix_ocr_number("|2.03.2026") is None


def test_dutch_and_french_pay_by_labels_give_the_due_date():
    f = fields("Factuur 123", "Factuurdatum 01/03/2026", "Betaalbaar tot 31/03/2026")
    assert f["issue_date"] == dt.date(2026, 3, 1)
    assert f["due_date"] == dt.date(2026, 3, 31)
    f = fields("Facture 123", "Date 01/03/2026", "Paiement avant le 31/03/2026")
    assert f["issue_date"] == dt.date(2026, 3, 1)
    assert f["due_date"] == dt.date(2026, 3, 31)


def test_a_due_date_label_misread_by_ocr_is_put_back():
    f = fields("Rechnung 123", "Rechnungsdatum 01.03.2026", "Zahlungszicl 2026-03-31")
    assert f["due_date"] == dt.date(2026, 3, 31)
    f = fields("Factuur 123", "Factuurdatum 01/03/2026", "Te betalen vo0r 31.03,2026")
    assert f["due_date"] == dt.date(2026, 3, 31)


def test_a_minus_sign_before_an_ocr_euro_sign_is_kept():
    from recognition.engine.parse import parse_amount

    assert parse_amount("-C799,62") == Decimal("-799.62")
    assert parse_amount("-E12 883,48") == Decimal("-12883.48")
    assert parse_amount("AC12,50") == Decimal("12.50")


def test_a_vat_country_code_split_by_a_space_is_read_in_its_compact_form():
    assert fields("Facture 123", "TVA: B E0403170701")["seller_vat"] == "BE0403170701"


def test_a_euro_country_buyer_and_decimal_commas_imply_euro_but_decimal_points_do_not():
    f = fields("Facture 123", "Client | TVA BE 0403.170.701", "Total 1.210,00")
    assert f["buyer_vat"] == "BE0403170701"
    assert f["currency"] == "EUR"
    f = fields("Invoice 123", "Customer | VAT BE 0403.170.701", "Total 1,210.00")
    assert "currency" not in f


def test_an_old_nine_digit_belgian_vat_number_is_given_in_its_ten_digit_form():
    assert fields("Facture 123", "TVA BE 403.170.701")["seller_vat"] == "BE0403170701"


def test_an_ordinal_day_is_read_in_a_word_date():
    assert find_dates("Bruxelles, le 1er mars 2026")[0][0] == dt.date(2026, 3, 1)
    assert find_dates("1st of March 2026")[0][0] == dt.date(2026, 3, 1)
    assert fields("Facture 123", "Bruxelles, le 1er mars 2026")["issue_date"] == dt.date(2026, 3, 1)


def test_a_misread_label_after_an_elided_article_is_put_back():
    f = fields("Facture 123", "Date 01/03/2026", "Date d'échéancc : 31/03/2026")
    assert f["issue_date"] == dt.date(2026, 3, 1)
    assert f["due_date"] == dt.date(2026, 3, 31)


def test_the_first_group_of_a_spaced_number_read_with_a_letter_is_put_back():
    f = fields(
        "Factuur 2025-1",
        "Totaal excl. btw | € 177 183,39",
        "BTW | € 28 504,59",
        "Totaal incl. btw | € Z05 687,98",
    )
    assert f["total_incl_vat"] == Decimal("205687.98")
    assert f["total_vat"] == Decimal("28504.59")


def test_a_lone_letter_group_far_from_a_number_is_left_alone():
    from recognition.engine.spelling import fix_lead_group
    from recognition.engine.types import Word

    far = fix_lead_group(Word("Z05", 0, 0, 18, 10), Word("687,98", 60, 0, 96, 10))
    near = fix_lead_group(Word("Z05", 0, 0, 18, 10), Word("687,98", 22, 0, 58, 10))
    assert far is None
    assert near == "205"
    assert fix_lead_group(Word("Zone", 0, 0, 24, 10), Word("687,98", 28, 0, 64, 10)) is None


def test_an_amount_with_both_decimals_read_as_letters_is_put_back():
    assert fix_ocr_number("473,OO") == "473,00"
    assert fix_ocr_number("432,lB") == "432,18"
    assert fix_ocr_number("1O,OO") is None  # more letters than digits: not trusted


def test_label_words_with_rn_for_m_or_a_capital_i_for_l_are_put_back():
    f = fields("Facture 123", "Date 07-01-2026", "Date Iimite de paiernent 22-01-2026")
    assert f["issue_date"] == dt.date(2026, 1, 7)
    assert f["due_date"] == dt.date(2026, 1, 22)


def test_an_amount_behind_an_ocr_euro_sign_is_repaired_too():
    assert fix_ocr_number("C88.904,O3") == "C88.904,03"
    assert fix_ocr_number("E1.2O4,56") == "E1.204,56"


def test_a_currency_code_glued_to_its_amount_is_read():
    assert fields("Invoice 1", "Total USD1,210.00")["currency"] == "USD"
    assert fields("Invoice 1", "Total 1.210,00CHF")["currency"] == "CHF"
    assert "currency" not in fields("Invoice 1", "NEUROLOGY PEUR 12")


def test_a_labelled_date_whose_separators_ocr_lost_is_read_but_not_a_bare_number():
    assert find_dates("31122025", compact=True)[0][0] == dt.date(2025, 12, 31)
    assert find_dates("31122025") == []
    f = fields("Rechnung 1", "Rechnungsdatum 01.12.2025", "Zahlbar bis 31122025")
    assert f["due_date"] == dt.date(2025, 12, 31)
    assert "issue_date" not in fields("Rechnung 1", "Kunde 31122025")


def test_a_printed_vat_that_checks_against_its_base_wins_over_a_derived_one_a_cent_away():
    # The grand total was misread by a cent: total minus base would give 163,17, a
    # value printed nowhere; the printed 163,16 is 19 % of 858,75.
    f = fields(
        "Rechnung 47110815",
        "Rechnungssumme ohne USt. | 858,75",
        "Steuerbetrag | 163,16",
        "Bruttosumme | 1.021,92",
    )
    assert f["total_excl_vat"] == Decimal("858.75")
    assert f["total_vat"] == Decimal("163.16")


def test_a_total_below_its_base_is_not_given():
    # The grand total's label is unreadable; the biggest line amount under the
    # "Gesamtbetrag" column header must not become the total incl. VAT.
    f = fields(
        "Rechnung RE-506",
        "Menge | Produkt | Preis | Gesamtbetrag",
        "1,00 | Gestaltung | 160,00 € | 160,00 €",
        "400,00 | Luftballon | 0,79 € | 316,00 €",
        "200,00 | Heiße Luft | 0,10 € | 20,00 €",
        "Nettobetrag: 496,00 €",
        "Gesanibion ad: | 571,O4 €.",
    )
    assert f.get("total_incl_vat") in (None, Decimal("571.04"))
    assert f.get("payable_amount") in (None, Decimal("571.04"))


def test_a_spaced_amounts_first_group_boxed_a_little_lower_joins_its_amount():
    # Word boxes as the OCR gave them on the scan of a framed totals cell: the box of "15"
    # reaches lower than "750,90" and its middle falls nearer the line of the column
    # beside it ("Mode de règlement Virement bancaire").
    boxes = [
        ("Facture", 40, 100, 80, 110),
        ("FA2501-0042", 84, 100, 140, 110),
        ("Conditions", 34.6, 340.9, 76.0, 347.0),
        ("de", 78.1, 340.9, 87.5, 347.0),
        ("règlement", 90.4, 340.6, 128.2, 348.5),
        ("45", 135.4, 340.9, 143.6, 347.0),
        ("jours", 145.8, 340.9, 163.4, 348.5),
        ("Mode", 34.6, 348.8, 55.1, 355.0),
        ("de", 57.2, 348.8, 66.6, 355.0),
        ("règlement", 69.5, 348.5, 107.3, 356.4),
        ("Virement", 114.5, 348.8, 146.2, 355.3),
        ("bancaire", 148.3, 348.8, 178.6, 355.3),
        ("Total", 337.3, 342.4, 355.7, 353.2),
        ("HT", 359.3, 346.0, 370.8, 352.8),
        ("15", 513.7, 346.0, 522.7, 359.3),
        ("750,90", 526.0, 342.4, 553.0, 353.9),
    ]
    words = [Word(t, x0, y0, x1, y1) for t, x0, y0, x1, y1 in boxes]
    found, _ = extract_fields([PageText(1, 595, 842, words, "ocr")])
    assert found["total_excl_vat"].value == Decimal("15750.90")
