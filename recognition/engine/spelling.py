"""Put OCR-damaged label words back ("Gesamberag" -> "Gesamtbetrag") before labels are matched.

Only words close to a label word of the four languages are touched, and only on OCR
pages; values (numbers, names) are left as read: their checks (mod 97, arithmetic)
decide about them.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from .parse import fold
from .types import PageText, Word

LABEL_WORDS = [
    "invoice",
    "number",
    "date",
    "due",
    "total",
    "subtotal",
    "amount",
    "vat",
    "tax",
    "excl",
    "incl",
    "payable",
    "balance",
    "reference",
    "order",
    "customer",
    "supplier",
    "seller",
    "buyer",
    "iban",
    "swift",
    "currency",
    "credit",
    "note",
    "facture",
    "numero",
    "echeance",
    "montant",
    "total",
    "tva",
    "ht",
    "ttc",
    "client",
    "fournisseur",
    "acheteur",
    "vendeur",
    "paiement",
    "reference",
    "commande",
    "avoir",
    "devise",
    "date",
    "limite",
    "payer",
    "factuur",
    "factuurnummer",
    "factuurdatum",
    "vervaldatum",
    "totaal",
    "subtotaal",
    "bedrag",
    "btw",
    "exclusief",
    "inclusief",
    "klant",
    "leverancier",
    "betalen",
    "mededeling",
    "bestelling",
    "ordernummer",
    "klantnummer",
    "creditnota",
    "rechnung",
    "rechnungsnummer",
    "rechnungsdatum",
    "belegdatum",
    "lieferdatum",
    "leistungsdatum",
    "datum",
    "faellig",
    "falligkeit",
    "gesamtbetrag",
    "nettobetrag",
    "bruttobetrag",
    "endsumme",
    "summe",
    "netto",
    "brutto",
    "mwst",
    "umsatzsteuer",
    "steuerbetrag",
    "rechnungsbetrag",
    "zahlbetrag",
    "zahlbar",
    "kunde",
    "kundennummer",
    "verkaufer",
    "kaufer",
    "bestellung",
    "gutschrift",
    "wahrung",
    "bankverbindung",
    "anzahlungen",
    "rechnungssumme",
    "positionssumme",
    "basisbetrag",
]


@lru_cache(maxsize=4096)
def _fix_token(token: str) -> str | None:
    if len(token) < 6 or not token.isalpha():
        return None
    folded = fold(token)
    if folded in _VOCAB:
        return None
    match = difflib.get_close_matches(folded, LABEL_WORDS, n=1, cutoff=0.84)
    return match[0] if match else None


_VOCAB = frozenset(LABEL_WORDS)
_SPLIT = re.compile(r"^([^A-Za-zÀ-ÿ]*)([A-Za-zÀ-ÿ]+)([^A-Za-zÀ-ÿ]*)$")


def fix_ocr_labels(page: PageText) -> PageText:
    if page.source != "ocr":
        return page
    words = []
    for w in page.words:
        m = _SPLIT.match(w.text)
        fixed = _fix_token(m.group(2)) if m else None
        if fixed and m:
            text = m.group(1) + fixed.capitalize() + m.group(3)
            words.append(Word(text, w.x0, w.y0, w.x1, w.y1))
        else:
            words.append(w)
    return PageText(page.number, page.width, page.height, words, page.source)
