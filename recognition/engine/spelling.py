"""Put OCR-damaged label words back ("Gesamberag" -> "Gesamtbetrag") before labels are matched,
and letters OCR read for digits inside amounts and dates ("1.2O4,56", "l2.03.2026").

Only words close to a label word of the four languages are touched, and only on OCR
pages. A number is touched only when its look-alike letters are few and the word then
reads wholly as an amount or a numeric date; other values (names, invoice numbers,
IBANs, VAT numbers) are left as read: their checks (mod 97, arithmetic) decide about them.
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
    "zahlungsziel",
    "vervaldag",
    "falligkeitsdatum",
    "faelligkeitsdatum",
    "uiterlijk",
    "spatestens",
    "facturation",
    "emission",
    "factuurbedrag",
    "maatstaf",
    "heffing",
    "imposable",
    "mehrwertsteuer",
    "zwischensumme",
    "subtotaal",
]


@lru_cache(maxsize=4096)
def _fix_token(token: str) -> str | None:
    if len(token) < 6 or not token.isalpha():
        return None
    folded = fold(token)
    if folded in _VOCAB:
        return None
    # Tesseract's usual confusions first: "rn" for "m", a capital I for the l that
    # starts a word ("Iimite", "paiernent").
    undone = folded.replace("rn", "m")
    if undone[0] == "i":
        undone = "l" + undone[1:]
    if undone != folded and undone in _VOCAB:
        return undone
    match = difflib.get_close_matches(folded, LABEL_WORDS, n=1, cutoff=0.84)
    return match[0] if match else None


_VOCAB = frozenset(LABEL_WORDS)
# Short label words, which a one-letter fuzzy match would confuse with other words, are
# only put back from digit and sign look-alikes ("Tota1", "incI.", "T0TAL", "exc|").
_SHORT_LABELS = frozenset(
    [
        "voor",
        "avant",
        "bis",
        "total",
        "totaal",
        "incl",
        "excl",
        "inkl",
        "exkl",
        "tva",
        "btw",
        "vat",
        "mwst",
        "ust",
        "htva",
        "tvac",
        "ttc",
        "net",
        "netto",
        "brutto",
        "summe",
        "somme",
        "sous",
        "bedrag",
        "montant",
        "subtotal",
        "sub",
        "due",
        "date",
        "datum",
        "iban",
        "bic",
        "tax",
        "taxe",
        "taxes",
        "solde",
        "saldo",
        "facture",
        "factuur",
        "invoice",
        "client",
        "klant",
        "kunde",
        "numero",
        "echeance",
        "payer",
        "betalen",
        "zahlen",
        "gesamt",
        "paid",
        "amount",
        "balance",
        "base",
        "basis",
        "rechnung",
    ]
)
_LABEL_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "5": "s", "|": "l", "!": "l"})
_LABEL_CORE = re.compile(r"^([(\"'“]*)([A-Za-zÀ-ÿ0-9|!]+)([.:;,)\"'”/-]*)$")


@lru_cache(maxsize=4096)
def fix_label_lookalikes(core: str) -> str | None:
    """A label word OCR wrote with a digit or sign for a letter ("Tota1", "T0TAL",
    "Tota!") or a capital I for an l ("incI.", "TotaI"): put back only when the word
    then is a label word."""
    if sum(c.isalpha() for c in core) < 2:
        return None
    chars = list(core)
    for k in range(1, len(chars)):
        if chars[k] == "I" and chars[k - 1].islower():
            chars[k] = "l"
    upper = sum(c.isupper() for c in core) > len(core) / 2
    table = (
        _LABEL_LOOKALIKES
        if not upper
        else str.maketrans({"0": "O", "1": "L", "5": "S", "|": "L", "!": "L"})
    )
    fixed = "".join(chars).translate(table)
    if fixed == core:
        return None
    folded = fold(fixed)
    return fixed if folded in _SHORT_LABELS or folded in _VOCAB else None


# A word, the signs around it, and an elided article before it ("d'échéancc").
_SPLIT = re.compile(r"^([^A-Za-zÀ-ÿ]*(?:[dlDL]['’])?)([A-Za-zÀ-ÿ]+)([^A-Za-zÀ-ÿ]*)$")


# Letters and signs OCR reads for digits in print: O/o/Q for 0, l/I/| for 1, S for 5,
# B for 8, Z for 2.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
)
# What a repaired word must then be, whole: an amount with two decimals (an optional
# sign, currency sign or code around it, or OCR's "C"/"E" for a euro sign), or a
# numeric date.
_AMOUNT_WORD = re.compile(
    r"[-−–]?(?:€|EUR|[CE¢$£])?\d{1,3}(?:[.,']\d{3})*[.,]\d{2}(?:€|-)?[.,:;]?"
    r"|[-−–]?(?:€|EUR|[CE¢$£])?\d+[.,]\d{2}(?:€|-)?[.,:;]?"
)
_DATE_WORD = re.compile(
    r"\d{1,2}[./,-]\d{1,2}[./,-](?:\d{2}|\d{4})[.,:;]?|\d{4}-\d{2}-\d{2}[.,:;]?"
)


def fix_ocr_number(token: str) -> str | None:
    """'1.2O4,56' -> '1.204,56', 'l2.03.2026' -> '12.03.2026'; None when the word is not
    a number with a look-alike letter or two (a word, a code such as 'INV-2O24', a name)."""
    digits = sum(c.isdigit() for c in token)
    if digits < 2 or not any(c in "OoQlI|SBZ" for c in token):
        return None
    body = token.translate(_DIGIT_LOOKALIKES)
    changed = sum(a != b for a, b in zip(token, body, strict=True))
    if changed > 2 or changed > digits:
        return None
    # "EUR" keeps its letters: it is a code, not a misread.
    body = re.sub(r"EUR|E0R|EU8", "EUR", body)
    if not (_AMOUNT_WORD.fullmatch(body) or _DATE_WORD.fullmatch(body)):
        return None
    # A first sign that may be no digit ("|1.234,56": a table rule; "S5,00": a dollar
    # sign) stays as read when the number without it is whole already.
    rest = token[1:].translate(_DIGIT_LOOKALIKES)
    if body[0] != token[0] and (
        token[0] == "|" or (token[0] == "S" and _AMOUNT_WORD.fullmatch(rest))
    ):
        return None
    return body


# The first group of a number spaced in thousands ("Z05 687,98", "-l 234,56"), read as a
# word of its own: put back when the next word on the line, close by, is the number's rest.
_LEAD_GROUP = re.compile(r"([-−–]?(?:€|EUR)?)([\dOoQlISBZ]{1,3})")
_REST_GROUPS = re.compile(r"\d{3}(?:[.,'\u00a0\u202f]\d{3})*[.,]\d{2}\b.*")


def fix_lead_group(word: Word, after: Word | None) -> str | None:
    m = _LEAD_GROUP.fullmatch(word.text)
    if m is None or after is None or m.group(2).isdigit() or not re.search(r"\d", m.group(2)):
        return None
    h = max(word.y1 - word.y0, 1.0)
    same_line = abs((word.y0 + word.y1) / 2 - (after.y0 + after.y1) / 2) < 0.4 * h
    if not same_line or not 0 <= after.x0 - word.x1 < 0.8 * h:
        return None
    if not _REST_GROUPS.fullmatch(after.text):
        return None
    return m.group(1) + m.group(2).translate(_DIGIT_LOOKALIKES)


def fix_ocr_labels(page: PageText) -> PageText:
    if page.source != "ocr":
        return page
    words = []
    for i, w in enumerate(page.words):
        lead = fix_lead_group(w, page.words[i + 1] if i + 1 < len(page.words) else None)
        if lead is not None:
            words.append(Word(lead, w.x0, w.y0, w.x1, w.y1))
            continue
        m = _SPLIT.match(w.text)
        fixed = _fix_token(m.group(2)) if m else None
        lm = None if fixed else _LABEL_CORE.match(w.text)
        label = fix_label_lookalikes(lm.group(2)) if lm else None
        number = None if fixed or label else fix_ocr_number(w.text)
        if fixed and m:
            text = m.group(1) + fixed.capitalize() + m.group(3)
            words.append(Word(text, w.x0, w.y0, w.x1, w.y1))
        elif label and lm:
            words.append(Word(lm.group(1) + label + lm.group(3), w.x0, w.y0, w.x1, w.y1))
        elif number is not None:
            words.append(Word(number, w.x0, w.y0, w.x1, w.y1))
        else:
            words.append(w)
    return PageText(page.number, page.width, page.height, words, page.source)
