"""Invoice number, payment reference (structured OGM/VCS first) and order reference."""

from __future__ import annotations

import re

from . import labels as L
from .candidates import Cand, Parsed, best_of, find_labelled
from .document import Doc
from .parse import OGM_RE, find_dates, find_ogm, fold

_SEP = re.compile(r"[\s:#°.\-]*(?:n°|no\.?|nr\.?|number|nummer|numero)?[\s:#°.]*", re.I)
_NUMBER_WORD_BEFORE = re.compile(r"(?:n°|nº|\bno\.?|\bnr\.?|number|nummer|numero|#)[\s:.]*$", re.I)
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_\-.]*")


def parse_identifier(text: str, start: int, doc: Doc) -> Parsed[str] | None:
    m0 = _SEP.match(text, start)
    pos = m0.end() if m0 else start
    paren = re.match(r"\(\d{1,4}\)[\s:#°.]*(?:n°|no\.?|nr\.?)?[\s:#°.]*", text[pos:], re.I)
    if paren:
        pos += paren.end()
    m = _ID_TOKEN.match(text, pos)
    if not m:
        return None
    token = m.group(0).rstrip(".-/")
    if not any(c.isdigit() for c in token) or len(token) < 2:
        return None
    if any(e - s >= len(token) - 1 for _d, s, e in find_dates(token)):
        return None
    if re.fullmatch(r"\d{1,3}([.,]\d{3})*[.,]\d{2}", token):
        return None
    # "Facture 21 %": a bare one- or two-digit figure is a number only after "n°", "nr"...
    if re.fullmatch(r"\d{1,2}", token) and not _NUMBER_WORD_BEFORE.search(text[:pos]):
        return None
    # "1.0", "2,5", "12.50": a version, a quantity or a price, never a document number.
    if re.fullmatch(r"\d{1,3}[.,]\d{1,2}", token):
        return None
    # "#BLR_..." keeps its hash when it is glued to the value.
    if pos > 0 and text[pos - 1] == "#" and (pos < 2 or text[pos - 2] == " "):
        return "#" + token, pos - 1, m.start() + len(token), 1.0
    return token, m.start(), m.start() + len(token), 1.0


def extract_number(doc: Doc) -> Cand[str] | None:
    cands = find_labelled(doc, L.INVOICE_NUMBER, parse_identifier)
    for c in cands:
        label = c.label
        if not L.SPECIFIC_NUMBER.search(label[-30:]):
            c.score *= 0.8
        if c.seg.line > len(doc.lines) * 0.6:
            c.score *= 0.9
        # A label "invoice" followed by a customer or order number is not this field.
        if re.search(
            r"(kunden|klant|client|customer|order|bestel|commande|account|konto)", label[-25:]
        ):
            c.score *= 0.3
    return best_of(cands)


def extract_payment_reference(doc: Doc, number: Cand[str] | None = None) -> Cand[str] | None:
    ogm = _ogm(doc)
    if ogm is not None:
        return ogm
    rf = _creditor_reference(doc)
    if rf is not None:
        return rf
    cands = find_labelled(doc, L.PAYMENT_REFERENCE, parse_identifier)
    best = best_of(cands)
    if best:
        return Cand(best.value, best.score * 0.7, best.seg, best.start, best.end, best.page)
    if number is not None:
        # With no reference printed, payers quote the invoice number, and suppliers' own
        # e-invoices carry it as the remittance text (EN 16931 BT-83) more than anything
        # else: proposed, at low confidence unless the page asks for it.
        score = 0.6 if _asks_for_invoice_number(doc) else 0.35
        return Cand(number.value, score, number.seg, number.start, number.end, number.page)
    return None


def _asks_for_invoice_number(doc: Doc) -> bool:
    """Payment terms that ask for the invoice number with the payment; the sentence may
    run over two lines."""
    texts = [fold(line.text) for line in doc.lines]
    for i, text in enumerate(texts):
        joined = text if i + 1 >= len(texts) else text + " " + texts[i + 1]
        if L.QUOTE_INVOICE_NUMBER.search(joined):
            return True
    return False


def _ogm(doc: Doc) -> Cand[str] | None:
    for seg in doc.segments:
        if "/" in seg.text:
            ogm = find_ogm(seg.text)
            if ogm and (m := OGM_RE.search(seg.text)) is not None:
                return Cand(ogm, 0.98, seg, m.start(), m.end(), doc.page_of[seg.page])
    # A bare 12-digit number beside a "communication" label, mod-97 valid.
    from stdnum.be import ogm_vcs

    for seg in doc.segments:
        if L.PAYMENT_REFERENCE.search(fold(seg.text)):
            for m in re.finditer(r"(?<!\d)(\d{3})[/ ]?(\d{4})[/ ]?(\d{5})(?!\d)", seg.text):
                digits = "".join(m.groups())
                if ogm_vcs.is_valid(digits):
                    value = f"+++{m.group(1)}/{m.group(2)}/{m.group(3)}+++"
                    return Cand(value, 0.9, seg, m.start(), m.end(), doc.page_of[seg.page])
    return None


# An ISO 11649 creditor reference, printed in groups of four ("RF18 5390 0754 7034").
_RF = re.compile(r"\bRF\s?\d{2}(?:[ \u00a0]?[A-Z0-9]{1,4}){1,6}(?![A-Z0-9])")


def _creditor_reference(doc: Doc) -> Cand[str] | None:
    """The structured reference of SEPA transfers outside Belgium: its check digits make
    it certain; a word glued after its last group is let go until the checksum holds."""
    from stdnum import iso11649

    for seg in doc.segments:
        for m in _RF.finditer(seg.text.upper()):
            groups = re.split(r"[ \u00a0]", m.group(0))
            while groups:
                value = "".join(groups)
                if len(value) >= 5 and iso11649.is_valid(value):
                    end = m.start() + len(" ".join(groups))
                    return Cand(value, 0.95, seg, m.start(), end, doc.page_of[seg.page])
                groups.pop()
    return None


def extract_order_reference(doc: Doc) -> Cand[str] | None:
    return best_of(find_labelled(doc, L.ORDER_REFERENCE, parse_identifier))
