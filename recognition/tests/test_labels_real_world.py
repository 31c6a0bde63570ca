"""Labels as real issuers print them (FR, NL, DE, EN), read through the engine.

The phrasings are the wording seen on third-party invoices (utilities, telecoms, web
shops, hosting providers, wholesalers): which words stand before the total incl. VAT,
the base, the VAT, the dates and the invoice number. Each is placed on a small invoice
and the engine must read the value beside it into the right field; the negative cases
are labels that look alike and must not be taken for that field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from recognition.engine.extract import extract_fields
from recognition.tests.test_rules import page

EXCL, VAT, INCL = Decimal("200.00"), Decimal("42.00"), Decimal("242.00")


def read(*lines: str) -> dict:
    found, _breakdown = extract_fields([page(*lines, source="text")])
    return {k: v.value for k, v in found.items()}


def money(value: Decimal, lang: str) -> str:
    text = f"{value:.2f}"
    return text if lang == "en" else text.replace(".", ",")


HEAD = {
    "fr": ["Facture N° F2024-0117", "Date : 15/02/2024"],
    "nl": ["Factuurnummer : F2024-0117", "Factuurdatum : 15/02/2024"],
    "de": ["Rechnungsnummer : F2024-0117", "Rechnungsdatum : 15.02.2024"],
    "en": ["Invoice number: F2024-0117", "Invoice date: 15/02/2024"],
}
# Two service lines adding up to the base: amounts that are no total.
ITEMS = {
    "fr": ["Prestation de conseil | 150,00", "Frais de déplacement | 50,00"],
    "nl": ["Adviesprestatie | 150,00", "Verplaatsingskosten | 50,00"],
    "de": ["Beratungsleistung | 150,00", "Reisekosten | 50,00"],
    "en": ["Consulting services | 150.00", "Travel expenses | 50.00"],
}
# The plain labels each language uses, beside the one under test.
PLAIN = {
    "fr": ("Total HT", "TVA 21 %", "Total TTC"),
    "nl": ("Totaal excl. btw", "Btw 21 %", "Totaal incl. btw"),
    "de": ("Nettobetrag", "MwSt. 21 %", "Gesamtbetrag"),
    "en": ("Subtotal", "VAT 21%", "Total"),
}

# -- the phrasings ------------------------------------------------------------------------

INCL_LABELS = [
    ("fr", "Total TTC :"),
    ("fr", "Montant TTC"),
    ("fr", "Total T.T.C."),
    ("fr", "TOTAL TTC À PAYER"),
    ("fr", "Total facture TTC"),
    ("fr", "Facture TTC"),
    ("fr", "Total TTC en euros :"),
    ("fr", "Montant total à payer EUR"),
    ("fr", "Total à payer"),
    ("fr", "NET A PAYER"),
    ("fr", "Net à payer"),
    ("fr", "Montant à payer en Euros"),
    ("fr", "Montant à régler EUR"),
    ("fr", "MONTANT TTC A REGLER EN EUROS"),
    ("fr", "SOLDE À PAYER (en €)"),
    ("fr", "Montant Total EUR"),
    ("fr", "TOTAL TTC - EUR"),
    ("fr", "TOTAL A PAYER (EUR) :"),
    ("fr", "Total TVAC"),
    ("fr", "Montant dû en EUR :"),
    ("fr", "Total à payer TTC*"),
    ("nl", "Totaalbedrag EUR"),
    ("nl", "Factuureindbedrag in EUR"),
    ("nl", "Eindbedrag"),
    ("nl", "TOTAAL"),
    ("nl", "Bedrag incl. btw :"),
    ("nl", "Totaal te betalen"),
    ("nl", "Te betalen"),
    ("nl", "Eindtotaal EUR"),
    ("nl", "Totaal inclusief btw"),
    ("nl", "Totaal EUR incl. btw"),
    ("nl", "Totaal (EUR)"),
    ("de", "Rechnungsbetrag"),
    ("de", "Endpreis Brutto"),
    ("de", "Endsumme:"),
    ("de", "Gesamtbetrag inkl. MwSt."),
    ("de", "Gesamtbetrag (brutto)"),
    ("de", "Gesamt Brutto"),
    ("de", "Gesamtsumme mit USt."),
    ("de", "Bruttobetrag"),
    ("de", "Zu zahlender Betrag"),
    ("de", "Total EUR"),
    ("en", "Total to pay EUR"),
    ("en", "Total to be paid"),
    ("en", "Total amount to be paid"),
    ("en", "Amount due:"),
    ("en", "Total due"),
    ("en", "TOTAL AMOUNT DUE"),
    ("en", "Invoice Total:"),
    ("en", "Total Price (incl. VAT)"),
    ("en", "TOTAL AMOUNT:"),
    ("en", "Grand Total"),
    ("en", "Balance due"),
    ("en", "Amount payable"),
    ("en", "Invoice Total (USD):"),
    ("en", "Invoice Amount:"),
    ("en", "Total Amount Due USD"),
    ("en", "Total including VAT"),
]
EXCL_LABELS = [
    ("fr", "Total HT :"),
    ("fr", "Montant HT"),
    ("fr", "Total de la facture HT"),
    ("fr", "Montant Hors TVA"),
    ("fr", "Montant Hors T.V.A. :"),
    ("fr", "Total Hors TVA"),
    ("fr", "Total H.T."),
    ("fr", "TOTAL HT."),
    ("fr", "Prix Total H.T."),
    ("fr", "TOTAL NET H.T."),
    ("fr", "Total (HT)"),
    ("fr", "Total HTVA"),
    ("fr", "Sous-total en EUR :"),
    ("fr", "Total des frais avant impôt"),
    ("fr", "Montant avant TVA"),
    ("nl", "Netto-som"),
    ("nl", "Subtotaal"),
    ("nl", "Exclusief BTW"),
    ("nl", "Totaal exclusief btw"),
    ("nl", "Totaalbedrag excl. BTW"),
    ("nl", "Totaal EUR excl. btw"),
    ("nl", "Maatstaf van heffing"),
    ("nl", "Subtotaal Ex. BTW"),
    ("de", "Warenwert total"),
    ("de", "Gesamtsumme ohne USt."),
    ("de", "Nettobetrag"),
    ("de", "Summe netto"),
    ("de", "Gesamtbetrag netto"),
    ("de", "Zwischensumme"),
    ("en", "Subtotal"),
    ("en", "Sub Total:"),
    ("en", "Subtotal (excl. VAT)"),
    ("en", "Untaxed total"),
    ("en", "Amount (VAT excl.)"),
    ("en", "Total excl. VAT"),
    ("en", "Net amount"),
    ("en", "Total before tax"),
    ("en", "Pre-Tax Total"),
    ("en", "Net Total EUR"),
    ("en", "Subtotal (USD)"),
]
VAT_LABELS = [
    ("fr", "Montant TVA"),
    ("fr", "Total TVA"),
    ("fr", "Total TVA 21,00 % :"),
    ("fr", "TVA 21 %"),
    ("fr", "Taxe totale"),
    ("fr", "Montant TVA (payée sur les débits)"),
    ("fr", "Taxe :"),
    ("nl", "Totale btw-kosten"),
    ("nl", "Totaal BTW-bedrag"),
    ("nl", "BTW ( 21% )"),
    ("nl", "Btw 21 %"),
    ("nl", "BTW-bedrag"),
    ("nl", "Totaal BTW 21%"),
    ("de", "USt-Betrag"),
    ("de", "MwSt. 21 %"),
    ("de", "zzgl. 21 % MwSt."),
    ("de", "Umsatzsteuer 21 %"),
    ("de", "Mehrwertsteuer"),
    ("en", "Total taxes"),
    ("en", "Tax 21%"),
    ("en", "VAT Amount"),
    ("en", "VAT 21%"),
    ("en", "Total VAT"),
    ("en", "Tax Amount"),
]


def _ids(table):
    return [f"{lang}:{label}" for lang, label in table]


# -- totals -------------------------------------------------------------------------------


def _totals(lang: str, excl: str, vat: str, incl: str) -> dict:
    return read(
        *HEAD[lang],
        *ITEMS[lang],
        f"{excl} | {money(EXCL, lang)}",
        f"{vat} | {money(VAT, lang)}",
        f"{incl} | {money(INCL, lang)}",
    )


def _triple(f: dict) -> tuple:
    return (f.get("total_excl_vat"), f.get("total_vat"), f.get("total_incl_vat"))


@pytest.mark.parametrize("lang,label", INCL_LABELS, ids=_ids(INCL_LABELS))
def test_an_incl_vat_label_reads_a_consistent_set(lang, label):
    excl, vat, _incl = PLAIN[lang]
    assert _triple(_totals(lang, excl, vat, label)) == (EXCL, VAT, INCL)


@pytest.mark.parametrize("lang,label", INCL_LABELS, ids=_ids(INCL_LABELS))
def test_an_incl_vat_label_alone_names_the_total(lang, label):
    f = read(HEAD[lang][0], f"{label} | {money(INCL, lang)}")
    assert f.get("total_incl_vat") == INCL
    assert f.get("payable_amount") == INCL


@pytest.mark.parametrize("lang,label", EXCL_LABELS, ids=_ids(EXCL_LABELS))
def test_an_excl_vat_label_reads_a_consistent_set(lang, label):
    _excl, vat, incl = PLAIN[lang]
    assert _triple(_totals(lang, label, vat, incl)) == (EXCL, VAT, INCL)


@pytest.mark.parametrize("lang,label", EXCL_LABELS, ids=_ids(EXCL_LABELS))
def test_an_excl_vat_label_alone_is_the_base_never_the_total(lang, label):
    f = read(HEAD[lang][0], f"{label} | {money(EXCL, lang)}")
    assert f.get("total_excl_vat") == EXCL
    assert f.get("total_incl_vat") is None


@pytest.mark.parametrize("lang,label", VAT_LABELS, ids=_ids(VAT_LABELS))
def test_a_vat_label_reads_a_consistent_set(lang, label):
    excl, _vat, incl = PLAIN[lang]
    assert _triple(_totals(lang, excl, label, incl)) == (EXCL, VAT, INCL)


@pytest.mark.parametrize("lang,label", VAT_LABELS, ids=_ids(VAT_LABELS))
def test_a_vat_label_alone_is_the_vat_never_the_total(lang, label):
    f = read(HEAD[lang][0], f"{label} | {money(VAT, lang)}")
    assert f.get("total_vat") == VAT
    assert f.get("total_incl_vat") is None


# Whole sets as one issuer prints them, top to bottom.
ISSUER_SETS = [
    ("fr", "Montant HT", "Montant TVA", "Montant TTC"),
    ("fr", "Total H.T.", "Total T.V.A.", "Total T.T.C."),
    ("fr", "Montant Hors TVA", "TVA 21 %", "Montant total à payer"),
    ("fr", "Total HTVA", "TVA 21 %", "Total TVAC"),
    ("nl", "Subtotaal", "BTW ( 21% )", "Totaal"),
    ("nl", "Totaalbedrag excl. BTW", "Totaal BTW-bedrag", "Totaal te betalen"),
    ("de", "Warenwert netto", "USt-Betrag", "Rechnungsbetrag"),
    ("de", "Gesamtsumme ohne USt.", "USt. 21 %", "Gesamtsumme mit USt."),
    ("de", "Summe netto", "zzgl. 21 % MwSt.", "Gesamtbetrag (brutto)"),
    ("en", "Untaxed total", "Total taxes", "Total due"),
    ("en", "Subtotal (excl. VAT)", "VAT 21%", "Amount due:"),
    ("en", "Amount (VAT excl.)", "VAT Amount", "Total amount to be paid"),
]


@pytest.mark.parametrize(
    "lang,excl,vat,incl", ISSUER_SETS, ids=[" / ".join(s) for s in ISSUER_SETS]
)
def test_an_issuers_set_of_total_labels_reads_all_three(lang, excl, vat, incl):
    assert _triple(_totals(lang, excl, vat, incl)) == (EXCL, VAT, INCL)


@pytest.mark.parametrize(
    "lang,paid,due",
    [
        ("fr", "Déjà payé", "Reste à payer"),
        ("fr", "Acompte versé", "Net à payer"),
        ("nl", "Reeds betaald", "Nog te betalen"),
        ("de", "Bereits bezahlt", "Offener Betrag"),
        ("de", "Anzahlung", "Zu zahlen"),
        ("en", "Amount paid", "Balance due"),
        ("en", "Paid", "Amount due"),
    ],
)
def test_an_amount_already_paid_is_not_the_amount_payable(lang, paid, due):
    excl, vat, incl = PLAIN[lang]
    f = read(
        *HEAD[lang],
        f"{excl} | {money(EXCL, lang)}",
        f"{vat} | {money(VAT, lang)}",
        f"{incl} | {money(INCL, lang)}",
        f"{paid} | {money(Decimal('100.00'), lang)}",
        f"{due} | {money(Decimal('142.00'), lang)}",
    )
    assert f["total_incl_vat"] == INCL
    assert f["payable_amount"] == Decimal("142.00")


# -- dates --------------------------------------------------------------------------------

ISSUE = dt.date(2024, 2, 15)
DUE = dt.date(2024, 3, 16)


def _date(d: dt.date, lang: str) -> str:
    return d.strftime("%d.%m.%Y" if lang == "de" else "%d/%m/%Y")


NUMBER_LINE = {
    "fr": "Facture N° F2024-0117",
    "nl": "Factuur F2024-0117",
    "de": "Rechnung Nr. F2024-0117",
    "en": "Invoice F2024-0117",
}
ISSUE_LABELS = [
    ("fr", "Date de facture :"),
    ("fr", "Date d'émission :"),
    ("fr", "Date facturation :"),
    ("fr", "Date de facturation :"),
    ("fr", "Date facture :"),
    ("fr", "Facture du :"),
    ("fr", "Date :"),
    ("fr", "Date du document :"),
    ("nl", "Factuurdatum :"),
    ("nl", "Factuur datum"),
    ("nl", "Datum"),
    ("de", "Rechnungsdatum:"),
    ("de", "Datum:"),
    ("de", "Ausstellungsdatum"),
    ("de", "Rechnungs- + Lieferdatum"),
    ("de", "Lieferdatum/Rechnungsdatum"),
    ("en", "Invoice date:"),
    ("en", "Date of Issue:"),
    ("en", "Date Issued:"),
    ("en", "Issue date"),
    ("en", "Date:"),
]


@pytest.mark.parametrize("lang,label", ISSUE_LABELS, ids=_ids(ISSUE_LABELS))
def test_an_issue_date_label_names_the_invoice_date(lang, label):
    f = read(NUMBER_LINE[lang], f"{label} {_date(ISSUE, lang)}")
    assert f.get("issue_date") == ISSUE


@pytest.mark.parametrize(
    "lang,other,label",
    [
        ("fr", "Date de livraison :", "Date de facture :"),
        ("fr", "Période de facturation du 01/01/2024 au", "Date d'émission :"),
        ("nl", "Leverdatum :", "Factuurdatum :"),
        ("de", "Lieferdatum:", "Rechnungsdatum:"),
        ("de", "Leistungsdatum:", "Datum:"),
        ("en", "Delivery date:", "Invoice date:"),
        ("en", "Order date:", "Invoice date:"),
    ],
)
def test_a_delivery_or_order_date_is_not_the_issue_date(lang, other, label):
    f = read(
        NUMBER_LINE[lang],
        f"{other} {_date(dt.date(2024, 1, 31), lang)}",
        f"{label} {_date(ISSUE, lang)}",
    )
    assert f.get("issue_date") == ISSUE


DUE_LABELS = [
    ("fr", "Date d'échéance :"),
    ("fr", "Date limite de paiement"),
    ("fr", "Date limite de paiement le"),
    ("fr", "Échéance :"),
    ("fr", "À payer avant le"),
    ("fr", "Date d'exigibilité :"),
    ("nl", "Vervaldatum :"),
    ("nl", "Niet later dan:"),
    ("nl", "Uiterste betaaldatum"),
    ("nl", "Te betalen voor"),
    ("de", "Fälligkeitsdatum:"),
    ("de", "Fällig am"),
    ("de", "Zahlbar bis"),
    ("de", "Zahlbar ohne Abzug bis"),
    ("de", "Zahlbar innerhalb 14 Tagen bis"),
    ("en", "Due date:"),
    ("en", "Payment due"),
    ("en", "Please Pay By:"),
    ("en", "payment before"),
    ("en", "Payable by"),
]


@pytest.mark.parametrize("lang,label", DUE_LABELS, ids=_ids(DUE_LABELS))
def test_a_due_date_label_names_the_due_date(lang, label):
    f = read(*HEAD[lang], f"{label} {_date(DUE, lang)}")
    assert f.get("issue_date") == ISSUE
    assert f.get("due_date") == DUE


@pytest.mark.parametrize(
    "lang,line",
    [
        ("de", "Bei Zahlung bis {d} 2 % Skonto"),
        ("de", "2 % Skonto bis {d}"),
        ("de", "Skontofrist bis {d}"),
        ("fr", "Escompte 2 % si paiement avant le {d}"),
        ("en", "2% discount if paid by {d}"),
        ("nl", "2% korting bij betaling voor {d}"),
    ],
)
def test_a_cash_discount_date_is_not_the_due_date(lang, line):
    f = read(*HEAD[lang], line.format(d=_date(dt.date(2024, 2, 25), lang)))
    assert f.get("due_date") in (None, DUE)


@pytest.mark.parametrize(
    "lang,lines",
    [
        ("fr", ("Exigibilité de la TVA : d'après les débits", "Livraison le {d}")),
        ("de", ("Zahlbar sofort. Lieferung bis {d}",)),
        ("en", ("Delivery by {d}",)),
    ],
)
def test_a_vat_regime_or_a_delivery_deadline_is_not_the_due_date(lang, lines):
    d = _date(dt.date(2024, 2, 25), lang)
    f = read(*HEAD[lang], *(line.format(d=d) for line in lines))
    assert f.get("due_date") is None


def test_a_net_term_followed_by_its_cash_discount_keeps_the_net_date():
    f = read(
        *HEAD["de"],
        "Zahlbar innerhalb 30 Tagen netto bis 16.03.2024, 3% Skonto",
        "innerhalb 10 Tagen bis 25.02.2024",
    )
    assert f.get("due_date") == DUE


def test_the_net_due_date_wins_over_the_cash_discount_date():
    f = read(
        *HEAD["de"],
        "Zahlbar bis 25.02.2024 mit 2 % Skonto",
        "oder bis 16.03.2024 ohne Abzug",
        "Fälligkeitsdatum: 16.03.2024",
    )
    assert f.get("due_date") == DUE


# -- invoice number -----------------------------------------------------------------------

NUMBER_LABELS = [
    ("fr", "N° de facture :"),
    ("fr", "Facture n°"),
    ("fr", "FACTURE N°"),
    ("fr", "Numéro de facture"),
    ("fr", "N° facture :"),
    ("fr", "Référence facture :"),
    ("fr", "Numéro de la facture :"),
    ("fr", "Votre n° facture :"),
    ("nl", "Factuurnummer :"),
    ("nl", "Factuur-nr."),
    ("nl", "Factuur nummer"),
    ("nl", "Factuur:"),
    ("nl", "Factuurnr."),
    ("de", "Rechnungsnr."),
    ("de", "Rechnungsnummer:"),
    ("de", "Rechnung:"),
    ("de", "Rechnungs-Nr."),
    ("de", "RE-Nummer"),
    ("de", "Rechnungs-ID"),
    ("en", "Invoice Number:"),
    ("en", "Invoice no.:"),
    ("en", "Invoice #"),
    ("en", "Invoice:"),
    ("en", "Invoice No:"),
    ("en", "Invoice ID"),
]


@pytest.mark.parametrize("lang,label", NUMBER_LABELS, ids=_ids(NUMBER_LABELS))
def test_an_invoice_number_label_names_the_number(lang, label):
    f = read(f"{label} F2024-0117", f"{PLAIN[lang][2]} | {money(INCL, lang)}")
    assert f.get("invoice_number") == "F2024-0117"


@pytest.mark.parametrize(
    "lang,other,label",
    [
        ("fr", "N° client :", "N° de facture :"),
        ("fr", "N° de commande :", "Facture n°"),
        ("nl", "Klantnummer :", "Factuurnummer :"),
        ("nl", "Ordernummer:", "Factuurnummer :"),
        ("de", "Kundennummer:", "Rechnungsnummer:"),
        ("de", "Bestellnummer:", "Rechnungsnr."),
        ("en", "Customer No.:", "Invoice Number:"),
        ("en", "Order Number:", "Invoice no.:"),
    ],
)
def test_a_customer_or_order_number_is_not_the_invoice_number(lang, other, label):
    f = read(f"{other} C7788-12", f"{label} F2024-0117", f"{PLAIN[lang][2]} | {money(INCL, lang)}")
    assert f.get("invoice_number") == "F2024-0117"


# -- payment reference and IBAN -----------------------------------------------------------


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Communication structurée : +++090/9337/55493+++", "090933755493"),
        ("Mededeling: +++090/9337/55493+++", "090933755493"),
        ("Verwendungszweck: RE2024-0117", "RE2024-0117"),
        ("Payment reference: RF18 5390 0754 7034", "RF18539007547034"),
    ],
)
def test_a_payment_reference_label_names_the_reference(line, expected):
    f = read("Invoice F2024-0117", "IBAN: BE68 5390 0754 7034", line, "Total | 242.00")
    value = str(f.get("payment_reference", "")).replace(" ", "").replace("/", "").strip("+")
    assert value == expected


@pytest.mark.parametrize(
    "line",
    [
        "IBAN: BE68 5390 0754 7034",
        "IBAN BE68 5390 0754 7034 BIC GKCCBEBB",
        "Bank Account: BE68539007547034",
        "Rekeningnummer: BE68 5390 0754 7034",
        "Bankverbindung: IBAN BE68 5390 0754 7034",
    ],
)
def test_an_iban_label_names_the_iban(line):
    f = read("Invoice F2024-0117", line, "Total | 242.00")
    assert f.get("iban") == "BE68539007547034"
