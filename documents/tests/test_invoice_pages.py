"""The multi-invoice hint reads each page's number, markers, title and total (B11)."""

from __future__ import annotations

from documents.invoice_pages import clues, likely_first_pages

HEAD = "Garage Dupont SA\nChaussée de Mons 4, 1070 Anderlecht\nBE0444333222"


def page(*lines: str) -> str:
    return "\r\n".join(lines)


def test_the_same_invoice_number_on_page_two_is_the_same_invoice():
    texts = [
        page(HEAD, "Facture 2024-017", "Entretien  1  250,00", "À reporter 250,00"),
        page(HEAD, "Facture 2024-017", "Huile moteur  2  30,00", "Total TVAC 375,10 EUR"),
    ]
    assert likely_first_pages(texts) == []


def test_three_invoices_of_one_supplier_are_told_apart_by_their_numbers():
    texts = [
        page(HEAD, "Facture 2024-017", "Total TVAC 121,00"),
        page(HEAD, "Facture 2024-017", "Total TVAC 121,00"),  # the page repeats the total line
        page(HEAD, "N° de facture : 2024-018", "Total TVAC 60,50"),
        page(HEAD, "Facture n° 2024-019", "Entretien 100,00"),
        page("Huile 2 x 10,00", "Total TVAC 145,20"),
    ]
    assert likely_first_pages(texts) == [1, 3, 4]


def test_page_markers_decide_even_without_a_number():
    texts = [
        page(HEAD, "Factuur", "Pagina 1 van 2", "Onderhoud 100,00"),
        page(HEAD, "Factuur", "Pagina 2 van 2", "Totaal te betalen 121,00"),
        page(HEAD, "Factuur", "Pagina 1 van 1", "Totaal te betalen 50,00"),
    ]
    assert likely_first_pages(texts) == [1, 3]


def test_a_page_with_only_more_lines_and_the_total_continues_the_invoice():
    texts = [
        page(HEAD, "Invoice INV-88", "Description  Qty  Price  Total", "Toner  1  80,00  80,00"),
        page(
            "Paper  3  5,00  15,00",
            "Payable within 30 days of the invoice date.",
            "Total due 95,00",
        ),
        page("Office Supplies Ltd", "Invoice INV-5", "Total due 10,00"),
    ]
    assert likely_first_pages(texts) == [1, 3]


def test_invoices_without_numbers_start_after_a_total():
    texts = [
        page("Brasserie du Parc", "Facture", "Café 2,50", "Total 2,50"),
        page("Brasserie du Parc", "Facture", "Thé 3,00", "Total 3,00"),
    ]
    assert likely_first_pages(texts) == [1, 2]


def test_a_column_named_total_or_a_subtotal_does_not_close_an_invoice():
    assert not clues(page(HEAD, "Description  Qté  Prix  Total", "Sous-total HTVA 10,00")).total
    assert clues(page(HEAD, "Total TVAC 12,10 EUR")).total


def test_the_number_is_read_in_the_four_languages():
    assert clues("Rechnungsnummer: R-2024/88").number == "R-2024/88"
    assert clues("Factuurnummer 2024017").number == "2024017"
    assert clues("Invoice no. INV-88").number == "INV-88"
    assert clues("N° de facture : F12").number == "F12"


def test_a_scan_without_text_gets_no_hint():
    assert likely_first_pages(["", ""]) == []


def test_a_date_on_the_line_after_the_title_is_not_an_invoice_number():
    assert clues(page("Kopie factuur", "8-9-2022", "Factuur totaal EUR 49,99")).number == ""
    assert clues("Facture 08/09/2022").number == ""


def test_an_untitled_receipt_after_a_finished_invoice_starts_a_new_one():
    texts = [
        page(HEAD, "Facture 2024-017", "Total TVAC 121,00"),
        page("Amazon Web Services EMEA SARL", "Amount due 12,10 EUR", "Total 12,10"),
    ]
    assert likely_first_pages(texts) == [1, 2]
