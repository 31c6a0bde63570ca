"""The seller's and the buyer's VAT numbers: checked per country, told apart by the
heading over them and by the dossier's own number."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from . import labels as L
from .candidates import Cand
from .context import label_context, whose_block
from .document import Doc
from .iban import IBAN_LENGTHS, iban_checksum_ok, valid_iban
from .layout import Segment
from .parse import fold

# The country code at a word start, or glued to its label by OCR ("TVABE0123456789").
_COUNTRIES = (
    "ATU|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|CHE"
)
_VAT_RE = re.compile(
    rf"(?:\b|(?<=VAT)|(?<=TVA)|(?<=BTW)|(?<=UID)|(?<=IVA))({_COUNTRIES})"
    r"[\s.,\-]?((?:[0-9A-Z][\s.,\-]?){8,14})"
)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, also one starting inside an earlier one: "Chaussée DE Waterloo
    BE0061999529" holds a country code "DE" whose would-be number swallows the real one."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def _vat_candidates(doc: Doc) -> list[Cand[str]]:
    from stdnum.eu import vat as euvat

    out: list[Cand[str]] = []
    for seg in doc.segments:
        upper = seg.text.upper()
        taken = 0  # end of the last number found: no second reading inside it
        for m in _overlapping(_VAT_RE, upper):
            if m.start() < taken:
                continue
            raw = re.sub(r"[\s.,\-]", "", m.group(1) + m.group(2))
            found = None
            for n in range(len(raw), 9, -1):
                if euvat.is_valid(raw[:n]):
                    # An old nine-digit Belgian number ("BE 403.170.701") in today's form.
                    found = (_be_ten_digits(raw[:n]), 1.0)
                    break
            if found is None:
                found = repair_vat(raw)
            head = re.match(r"[0-9A-Z]+", upper[m.start() :])
            token = head.group(0) if head else ""
            if len(token) >= 15 or _starts_an_iban(upper, m.start()):
                continue  # an IBAN or another long reference, not a VAT number
            if re.search(r"IBAN\W{0,3}$", upper[max(0, m.start() - 8) : m.start()]):
                continue  # an IBAN the OCR damaged, its first groups a VAT look-alike
            labelled = bool(L.VAT_LABEL.search(label_context(doc, seg, m.start())))
            if found is None and labelled:
                digits = re.match(r"[A-Z]{2,3}[0-9A-Z]{8,12}", raw)
                if digits and sum(c.isdigit() for c in digits.group(0)) >= 7:
                    code = digits.group(0)
                    # Stop at the first letter after digits (text glued to the number).
                    short = re.match(r"[A-Z]{2,3}\d[0-9]*(?:[A-Z]\d+)?(?:MVA)?", code)
                    if short and sum(c.isdigit() for c in short.group(0)) >= 7:
                        found = (short.group(0), 0.6)
            if found is None:
                continue
            value, quality = found
            if labelled:
                quality = min(1.0, quality + 0.2)
            out.append(Cand(value, quality, seg, m.start(), m.end(), doc.page_of[seg.page]))
            taken = m.end()
        if not out or out[-1].seg is not seg:
            out += _vat_with_misread_country(doc, seg, upper)
        if not out or out[-1].seg is not seg:
            out += _vat_split_after_country(doc, seg, upper)
        # Belgian enterprise numbers written without "BE" beside a VAT or enterprise
        # number label, on the segment or just left of it or above it ("TVA" | "0123.456.789").
        for m in re.finditer(
            r"(?<![\dA-Z])([01]\d{3})[.,\s\-]?(\d{3})[.,\s\-]?(\d{3})(?![\d]|[.,]\d)", upper
        ):
            raw = "BE" + "".join(m.groups())
            if not euvat.is_valid(raw) or any(c.value == raw for c in out):
                continue
            context = fold(seg.text) + " | " + label_context(doc, seg, m.start())
            if L.VAT_LABEL.search(context) or L.BE_ENTERPRISE_LABEL.search(context):
                out.append(Cand(raw, 0.8, seg, m.start(), m.end(), doc.page_of[seg.page]))
    return out


_COUNTRY_AT_END = re.compile(rf"(?:^|[\s:])({_COUNTRIES})\s*$")


def _vat_split_after_country(doc: Doc, seg: Segment, upper: str) -> list[Cand[str]]:
    """A labelled number the layout broke after its country code ("Ondernemingsnummer: NL"
    over "364444903B01"): the code and the start of the line below, in its column, when
    together they pass the country's check."""
    from stdnum.eu import vat as euvat

    m = _COUNTRY_AT_END.search(upper)
    if m is None or not L.VAT_LABEL.search(
        fold(seg.text[: m.start(1)]) + " " + label_context(doc, seg, m.start(1))
    ):
        return []
    h = max(seg.y1 - seg.y0, 1.0)
    for below in doc.lines[seg.line + 1 : seg.line + 3]:
        if below.page != seg.page or below.y0 - seg.y1 > 0.8 * h:
            return []
        for o in below.segments:
            if abs(o.x0 - seg.x0) <= 2.5 * h or (o.x0 < seg.x1 and seg.x0 < o.x1):
                head = re.match(r"[0-9A-Z][0-9A-Z.\s]{7,14}", o.text.upper())
                if head is None:
                    return []
                raw = m.group(1) + re.sub(r"[\s.]", "", head.group(0))
                for n in range(len(raw), 9, -1):
                    if euvat.is_valid(raw[:n]):
                        value = _be_ten_digits(raw[:n])
                        return [Cand(value, 0.9, o, 0, len(head.group(0)), doc.page_of[o.page])]
                return []
    return []


# Letters OCR reads for digits ("BEO790476457", "DES74517779"); undone only when the
# country's check digits then pass.
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "Q": "0",
        "D": "0",
        "I": "1",
        "L": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "G": "6",
        "T": "7",
    }
)


def repair_vat(raw: str) -> tuple[str, float] | None:
    from stdnum.eu import vat as euvat

    country = "ATU" if raw.startswith("ATU") else raw[:2]
    body = raw[len(country) :]
    if not any(c.isalpha() for c in body):
        return None
    fixed = body.translate(_DIGIT_LOOKALIKES)
    if country == "NL" and len(body) >= 12 and body[9] == "B":
        fixed = fixed[:9] + "B" + fixed[10:]  # NL123456789B01: the B is part of it
    for n in range(len(fixed), 7, -1):
        value = country + fixed[:n]
        if euvat.is_valid(value):
            return value, 0.9
    return None


def _be_ten_digits(value: str) -> str:
    return "BE0" + value[2:] if value.startswith("BE") and len(value) == 11 else value


def _starts_an_iban(upper: str, start: int) -> bool:
    """A VAT look-alike that begins an IBAN printed in groups ("BE71 0961 2345 6769")."""
    tail = re.sub(r"[\s.\-]", "", upper[start : start + 48])
    m = re.match(r"[A-Z]{2}\d{2}[0-9A-Z]{11,30}", tail)
    if m is None:
        return False
    # At its country's length and format only: checked at every length, about one in ten
    # VAT numbers followed by other text ("NL954298846B01 - KvK 43092561") passed by chance.
    length = IBAN_LENGTHS.get(m.group(0)[:2])
    if length is not None:
        return len(m.group(0)) >= length and valid_iban(m.group(0)[:length])
    return any(iban_checksum_ok(m.group(0)[:n]) for n in range(len(m.group(0)), 14, -1))


_COUNTRY_LOOKALIKES = {
    "0": "DO",
    "1": "IL",
    "2": "Z",
    "3": "E",
    "4": "A",
    "5": "S",
    "6": "GE",
    "8": "B",
    "€": "E",
    # letters OCR reads for the letters of a country code ("RE0123…", "BF0123…")
    "R": "RB",
    "P": "PB",
    "F": "FE",
}
_COUNTRY_CODES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "GB",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "XI",
    ]
)


def _vat_with_misread_country(doc: Doc, seg: Segment, upper: str) -> list[Cand[str]]:
    """OCR reads the country code of 'DE123456789' as '06…', 'D€…' or 'B E…', the 'B' of
    'BE' as '8' or 'R': beside a VAT label, look-alikes in the first two places are put
    back as letters, and only a number that then passes its country's check, under
    exactly one reading, is kept."""
    from stdnum.eu import vat as euvat

    line = doc.lines[seg.line]
    label = " ".join(s.text for s in line.segments[: seg.index + 1])
    out: list[Cand[str]] = []
    for m in re.finditer(
        r"(?<![0-9A-Z])([0-9A-Z€]{1,2}(?:\s[0-9A-Z€]{1,2})?)[\s.,\-]?(\d(?:[\s.,\-]?\d){7,11})"
        r"(?![0-9A-Z])",
        upper,
    ):
        # The code as read: two signs, or a few broken ones ("D JE" for "DE").
        head = m.group(1).replace(" ", "")
        digits = re.sub(r"\D", "", m.group(2))
        if (
            len(head) < 2
            or head in _COUNTRY_CODES
            or not L.VAT_LABEL.search(fold(label[: label.find(seg.text) + m.start()]))
        ):
            continue
        valid = set()
        for i, j in itertools.combinations(range(len(head)), 2):
            firsts = _COUNTRY_LOOKALIKES.get(head[i], head[i] if head[i].isalpha() else "")
            seconds = _COUNTRY_LOOKALIKES.get(head[j], head[j] if head[j].isalpha() else "")
            valid |= {
                euvat.compact(a + b + digits)
                for a in firsts
                for b in seconds
                if a + b in _COUNTRY_CODES and euvat.is_valid(a + b + digits)
            }
        if len(valid) == 1:
            out.append(Cand(valid.pop(), 0.5, seg, m.start(), m.end(), doc.page_of[seg.page]))
    return out


def extract_parties(doc: Doc, own_vat: str | None) -> dict[str, Cand[str]]:
    cands = _vat_candidates(doc)
    own = _compact(own_vat) if own_vat else None
    seller: Cand[str] | None = None
    buyer: Cand[str] | None = None
    unassigned: list[Cand[str]] = []
    claimed_by_buyer: list[Cand[str]] = []
    for c in cands:
        if own and _compact(c.value) == own:
            continue
        ctx = whose_block(doc, c.seg, c.start)
        if ctx == "buyer":
            buyer = buyer or c
            claimed_by_buyer.append(c)
        elif ctx == "seller":
            seller = seller or c
        else:
            unassigned.append(c)
    # The issuer's number is the one in the footer or on a line of contact details; a
    # number with no heading elsewhere (under an address: Odoo's "TVA: DE…" under the
    # customer) is then the customer's.
    unassigned.sort(key=lambda c: not _issuers_line(doc, c))
    for c in unassigned:
        if seller is None and (buyer is None or c.value != buyer.value):
            seller = c
        elif buyer is None and seller is not None and c.value != seller.value and not own:
            # A second, different number with no heading: most often the customer's.
            buyer = Cand(c.value, c.score * 0.6, c.seg, c.start, c.end, c.page)
    if seller is None:
        buyer, seller = _split_buyer_claims(claimed_by_buyer, buyer, seller)
    result: dict[str, Cand[str]] = {}
    if own:
        own_cand = next((c for c in cands if _compact(c.value) == own), None)
        counterpart = seller or buyer
        if own_cand is not None:
            own_ctx = whose_block(doc, own_cand.seg, own_cand.start)
            # No heading over the dossier's own number, but one over the other party's
            # ("Client :"): the dossier is the issuer, a sales invoice.
            if own_ctx == "seller" or (own_ctx is None and buyer is not None and seller is None):
                result["seller_vat"] = own_cand
                if counterpart:
                    result["buyer_vat"] = counterpart
            else:
                result["buyer_vat"] = own_cand
                if counterpart:
                    result["seller_vat"] = counterpart
            return result
    if seller:
        result["seller_vat"] = seller
    if buyer:
        result["buyer_vat"] = buyer
    return result


_CONTACT_MARKS = re.compile(
    r"\biban\b|\bbic\b|@|www\.|https?:|\btel\b|\bphone\b|\btelefon|\bkvk\b|\bhrb\b"
    r"|\brcs\b|\brpm\b|\brpr\b|\bsiret\b|\bsiren\b|amtsgericht|handelsregister",
    re.I,
)


def _issuers_line(doc: Doc, c: Cand[str]) -> bool:
    """The footer (the bottom fifth of its page) or a line of the issuer's details
    (two of IBAN, BIC, e-mail, web, phone, register) around the number."""
    line = doc.lines[c.seg.line]
    if line.y0 > 0.8 * doc.page_of[line.page].height:
        return True
    return len({m.group(0).lower() for m in _CONTACT_MARKS.finditer(line.text)}) >= 2


def _split_buyer_claims(
    claims: list[Cand[str]], buyer: Cand[str] | None, seller: Cand[str] | None
) -> tuple[Cand[str] | None, Cand[str] | None]:
    """Two different numbers under the buyer's heading, no seller's: an invoice carries
    its issuer's number, so one of them is the seller's. The number whose own label
    names the customer ("BTW klant:", "N° TVA client", "Your VAT number") stays the
    buyer's; the other one (a footer or a letterhead column the heading seemed to reach)
    is the seller's. Without such a label nothing is decided."""
    from stdnum.eu import vat as euvat

    # Only numbers that pass their country's check: a labelled guess ("den 18-11-2025"
    # under "USt-IdNr.") is never promoted to the seller's number.
    claims = [c for c in claims if euvat.is_valid(c.value)]
    values = {c.value for c in claims}
    if len(values) < 2:
        return buyer, seller
    labelled = [c for c in claims if L.BUYER_CONTEXT.search(fold(c.seg.text[: c.start]))]
    if not labelled or len({c.value for c in labelled}) != 1:
        return buyer, seller
    others = [c for c in claims if c.value != labelled[0].value]
    if len({c.value for c in others}) != 1:
        return buyer, seller
    o = others[0]
    return labelled[0], Cand(o.value, o.score * 0.8, o.seg, o.start, o.end, o.page)


def _compact(v: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", v.upper())
