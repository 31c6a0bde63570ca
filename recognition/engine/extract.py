"""Field extraction from words with boxes: labels, patterns, then arithmetic.

Every field is proposed by candidates (a value, where it sits, how it was found); a
candidate's score comes from the label beside or above it and from checks (mod-97,
IBAN checksum, excl + VAT = incl, VAT = rate x base). The best consistent set wins;
a field with no candidate stays None rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from . import labels as L
from .layout import Line, Segment, build_lines
from .parse import (
    AMOUNT_RE,
    CURRENCY_CODES,
    OGM_RE,
    amount_from_match,
    find_dates,
    find_ogm,
    fold,
)
from .spelling import fix_ocr_labels
from .types import FieldValue, PageText

STANDARD_RATES = [Decimal(r) for r in ("21", "12", "6", "0", "19", "7", "20", "10", "5.5", "5", "25", "22", "23", "24", "9", "8", "13", "14", "15", "16", "17", "18", "2.1")]  # fmt: skip
ONE_CENT = Decimal("0.01")


@dataclass
class Cand:
    value: object
    score: float
    seg: Segment
    start: int = 0
    end: int = 0
    page: PageText | None = None
    label: str = ""  # folded label text that led to this value

    def field_value(self, source: str, confidence: float | None = None) -> FieldValue:
        words = self.seg.words_in(self.start, self.end) if self.end > self.start else self.seg.words
        box = self.page.box(words) if self.page else None
        conf = confidence if confidence is not None else max(0.05, min(0.99, self.score))
        return FieldValue(
            value=self.value, confidence=conf, source=source, page=self.seg.page, box=box
        )


@dataclass
class Amount:
    value: Decimal
    seg: Segment
    start: int
    end: int
    page: PageText
    context: str = ""  # label text left of it on its line
    header: str = ""  # column header above it
    role: dict[str, float] = field(default_factory=dict)
    own: dict[str, float] = field(default_factory=dict)  # roles from its own label only

    def cand(self, score: float) -> Cand:
        return Cand(self.value, score, self.seg, self.start, self.end, self.page)


@dataclass
class Doc:
    pages: list[PageText]
    lines: list[Line]
    page_of: dict[int, PageText]
    month_first: bool = False
    # Words the OCR label fixer changed, as OCR read them (id of the fixed word -> text):
    # names are values, and "Adatum" must not come out as the label word "Datum".
    read_as: dict[int, str] = field(default_factory=dict)

    @property
    def segments(self) -> list[Segment]:
        return [s for line in self.lines for s in line.segments]


def build_doc(pages: list[PageText], max_pages: int = 4) -> Doc:
    # Invoice fields sit on the first pages and the last one; long documents are read
    # at their start and end only (the full text stays available for search).
    chosen = pages if len(pages) <= max_pages else pages[: max_pages - 1] + pages[-1:]
    fixed = [fix_ocr_labels(p) for p in chosen]
    read_as = {
        id(f): o.text
        for raw, page in zip(chosen, fixed, strict=True)
        if page is not raw
        for o, f in zip(raw.words, page.words, strict=True)
        if f.text != o.text
    }
    chosen = fixed
    lines: list[Line] = []
    for page in chosen:
        page_lines = build_lines(page)
        offset = len(lines)
        for line in page_lines:
            line.index += offset
            for seg in line.segments:
                seg.line = line.index
        lines.extend(page_lines)
    doc = Doc(pages=chosen, lines=lines, page_of={p.number: p for p in chosen}, read_as=read_as)
    doc.month_first = _month_first(doc)
    return doc


def _month_first(doc: Doc) -> bool:
    votes = Counter()
    for seg in doc.segments:
        for m in re.finditer(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?!\d)", seg.text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                votes["dmy"] += 1
            elif b > 12 >= a:
                votes["mdy"] += 1
    return votes["mdy"] > votes["dmy"]


# -- label -> value --------------------------------------------------------------------


def _values_near(doc: Doc, seg: Segment, label_end: int):
    """Texts where a label's value may be: after it, to its right, or below it."""
    yield 1.0, seg, label_end
    line = doc.lines[seg.line]
    for k, right in enumerate(line.segments[seg.index + 1 : seg.index + 3]):
        yield 0.85 - 0.1 * k, right, 0
    h = max(seg.y1 - seg.y0, 1.0)
    for dist in range(1, 4):
        if seg.line + dist >= len(doc.lines):
            break
        below = doc.lines[seg.line + dist]
        if below.page != seg.page or below.y0 - seg.y1 > 4 * h:
            break
        if any(_crosses_column(other, seg, h) for other in below.segments):
            break  # running text across the label's column: its value is not below it
        for other in below.segments:
            if other.x0 < seg.x1 + 2 and other.x1 > seg.x0 - 2:
                yield 0.75 - 0.12 * (dist - 1), other, 0


def _crosses_column(other: Segment, label: Segment, h: float) -> bool:
    """A text of several words that starts well left of a label and runs into its column
    (an address line, a sentence): the label's column ends there. Its tail ("…, India
    560067") is no value under the label."""
    return (
        other.x0 < label.x0 - 2 * h
        and other.x1 > label.x0 + h
        and len(other.words) >= 3
        and bool(re.search(r"[A-Za-z]{3}", other.text))
    )


def _labelled(
    doc: Doc,
    pattern: re.Pattern,
    parse,
    *,
    exclude: re.Pattern | None = None,
    unless: re.Pattern | None = None,
):
    out: list[Cand] = []
    for seg in doc.segments:
        folded = fold(seg.text)
        for m in pattern.finditer(folded):
            if (
                exclude is not None
                and exclude.search(folded[max(0, m.start() - 25) : m.end() + 12])
                and not (unless is not None and unless.search(m.group(0)))
            ):
                continue
            for weight, where, start in _values_near(doc, seg, m.end()):
                if where is seg and start != m.end():
                    continue
                found = parse(where.text, start, doc)
                if found is not None:
                    value, s, e, quality = found
                    after = folded[m.end() : m.end() + 14]
                    if exclude is not None and exclude.search(after):
                        break  # "date de facture associée", "invoice date of delivery"
                    label = folded[: m.end()][-40:]
                    out.append(
                        Cand(value, weight * quality, where, s, e, doc.page_of[where.page], label)
                    )
                    break
    return out


def _best(cands: list[Cand]) -> Cand | None:
    return max(cands, key=lambda c: c.score) if cands else None


# -- value parsers (text, start) -> (value, start, end, quality) -------------------------

_SEP = re.compile(r"[\s:#°.\-]*(?:n°|no\.?|nr\.?|number|nummer|numero)?[\s:#°.]*", re.I)
_NUMBER_WORD_BEFORE = re.compile(r"(?:n°|nº|\bno\.?|\bnr\.?|number|nummer|numero|#)[\s:.]*$", re.I)
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_\-.]*")


def parse_identifier(text: str, start: int, doc: Doc):
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


def parse_date_after(text: str, start: int, doc: Doc):
    rest = text[start:]
    found = find_dates(rest, month_first=doc.month_first)
    if not found:
        return None
    date, s, e = found[0]
    quality = 1.0 if s <= 14 else 0.7
    return date, start + s, start + e, quality


# -- fields ---------------------------------------------------------------------------


def extract_number(doc: Doc) -> Cand | None:
    cands = _labelled(doc, L.INVOICE_NUMBER, parse_identifier)
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
    return _best(cands)


def extract_dates(doc: Doc) -> tuple[Cand | None, Cand | None]:
    issue = _labelled(
        doc, L.ISSUE_DATE, parse_date_after, exclude=L.NOT_ISSUE_DATE, unless=L.STRONG_ISSUE_DATE
    )
    for c in issue:
        label = c.label
        if not L.STRONG_ISSUE_DATE.search(label):
            c.score *= 0.75
        if c.seg.page != 1:
            c.score *= 0.8
        page = c.page
        if page and c.seg.y0 > 0.85 * page.height:
            c.score *= 0.6  # print dates in footers
        if re.search(r"\w,\s*(?:den|le)\s*$", label):
            c.score = max(c.score, 0.9)  # "München, den 01.11.2024", "Paris, le ..."
    due = _labelled(doc, L.DUE_DATE, parse_date_after)
    best_issue = _best(issue)
    if best_issue is None:
        # An unlabelled date near the top of the first page is most often the invoice date.
        for line in doc.lines[:25]:
            for seg in line.segments:
                if L.NOT_ISSUE_DATE.search(fold(seg.text)):
                    continue
                found = find_dates(seg.text, month_first=doc.month_first)
                if found:
                    d, s, e = found[0]
                    best_issue = Cand(d, 0.45, seg, s, e, doc.page_of[seg.page])
                    break
            if best_issue:
                break
    best_due = _best(due)
    if best_issue and best_due and best_due.value < best_issue.value:
        best_due = None
    return best_issue, best_due


def _amounts(doc: Doc) -> list[Amount]:
    out: list[Amount] = []
    for line in doc.lines:
        for seg in line.segments:
            for m in AMOUNT_RE.finditer(seg.text):
                value = amount_from_match(m)
                if value is None:
                    continue
                after = seg.text[m.end() : m.end() + 2]
                if after.startswith("%") or after.startswith(" %"):
                    continue
                left = seg.text[: m.start()]
                k = seg.index
                while k > 0 and seg.index - k < 3 and not _has_words(left):
                    k -= 1
                    left = line.segments[k].text + " " + left
                if not _has_words(left):
                    left = _label_above(doc, line, m) or left
                out.append(
                    Amount(
                        value,
                        seg,
                        m.start(),
                        m.end(),
                        doc.page_of[seg.page],
                        context=fold(left[-60:]),
                    )
                )
                # "19 573.00" may be a rate column next to 573.00 rather than 19,573.00:
                # offer the tail as a candidate too and let the arithmetic choose.
                num = m.group("num")
                cut = max(num.rfind(" "), num.rfind("\u00a0"), num.rfind("\u202f"))
                if cut > 0:
                    start = m.start("num") + cut + 1
                    tail = amount_from_match(AMOUNT_RE.match(seg.text, start))
                    if tail is not None:
                        tail_left = fold((left + " " + seg.text[m.start() : start])[-60:])
                        out.append(
                            Amount(
                                tail, seg, start, m.end(), doc.page_of[seg.page], context=tail_left
                            )
                        )
    # Column headers: for amounts in tables, the nearest line above with a label over them.
    for a in out:
        h = max(a.seg.y1 - a.seg.y0, 1.0)
        words = a.seg.words_in(a.start, a.end)
        ax0, ax1 = min(w.x0 for w in words), max(w.x1 for w in words)
        for dist in range(1, 7):
            idx = a.seg.line - dist
            if idx < 0:
                break
            above = doc.lines[idx]
            if above.page != a.seg.page or a.seg.y0 - above.y1 > 8 * h:
                break
            hit = [s for s in above.segments if s.x0 < ax1 + 3 and s.x1 > ax0 - 3]
            if hit and re.search(r"[A-Za-z]{2}", hit[0].text) and not AMOUNT_RE.search(hit[0].text):
                a.header = fold(" ".join(s.text for s in hit))
                # Headers over two lines ("Zeilenbetrag" / "ohne MwSt."): the line above
                # completes it when it is words only.
                if idx > 0 and doc.lines[idx - 1].page == a.seg.page:
                    top = [
                        s for s in doc.lines[idx - 1].segments if s.x0 < ax1 + 3 and s.x1 > ax0 - 3
                    ]
                    if top and not any(AMOUNT_RE.search(s.text) for s in top):
                        if above.y0 - doc.lines[idx - 1].y1 < 1.5 * h:
                            a.header = fold(" ".join(s.text for s in top)) + " " + a.header
                break
    for a in out:
        a.role = _roles(a.context) if re.search(r"[a-z]{2}", a.context) else {}
        if _RATE_BASE.search(a.context):
            a.role = {}  # "USt. 19% auf 804,35": the base of a VAT line, not its VAT
        a.own = dict(a.role)
        if a.header:
            # A column header adds what the amount's own label does not say
            # ("Total EUR 34,73" under "Zeilenbetrag ohne MwSt.").
            own = set(a.role)
            for k, v in _roles(a.header).items():
                if k not in own and not (own and k in ("prepaid", "payable")):
                    a.role[k] = max(a.role.get(k, 0.0), 0.7 * v)
    return out


_RATE_BASE = re.compile(r"\d\s?%\s*(?:auf|uber|on|of|over|sur|de|op|van|from)\s*$")


def _label_above(doc: Doc, line: Line, m: re.Match) -> str | None:
    """A lone amount under a line that is only a label ("Due payable:" then "571.04"
    on the next line): that label is the amount's."""
    if len(AMOUNT_RE.findall(line.text)) != 1 or _has_words(line.text):
        return None
    if line.index == 0:
        return None
    above = doc.lines[line.index - 1]
    h = max(line.y1 - line.y0, 1.0)
    if above.page != line.page or line.y0 - above.y1 > 1.5 * h:
        return None
    if AMOUNT_RE.search(above.text) or not _has_words(above.text):
        return None
    return above.text + " "


def _has_words(text: str) -> bool:
    return bool(
        re.search(r"[A-Za-z]{3}", re.sub(r"\b(?:" + "|".join(CURRENCY_CODES) + r")\b", "", text))
    )


def _roles(text: str) -> dict[str, float]:
    roles: dict[str, float] = {}
    tail = text[-40:]
    if L.EXCL.search(tail):
        roles["excl"] = 1.0
    if L.INCL_STRONG.search(tail):
        roles["incl"] = 1.0
        if "excl" in roles and re.search(r"excl|exclusief|\bht\b|hors|ohne|netto", tail):
            roles["incl"] = 0.3
        elif "excl" in roles:
            roles["excl"] = 0.4
    elif L.INCL_WEAK.search(tail) and "excl" not in roles:
        roles["incl"] = 0.75
    if L.VAT.search(tail):
        strength = 1.0 if not roles else 0.35
        if re.search(
            r"(total|montant|summe|gesamt)\s*(tva|vat|btw|mwst|ust)|ust\.?\s*gesamt", tail
        ):
            strength = 1.0
            roles.pop("incl", None)
        roles["vat"] = max(roles.get("vat", 0.0), strength)
    if L.PAYABLE.search(tail):
        roles["payable"] = 1.0
    if L.PREPAID.search(tail):
        roles["prepaid"] = 1.0
        roles.pop("incl", None)
        roles.pop("payable", None)
    return roles


def _rate_fit(base: Decimal, vat: Decimal) -> tuple[Decimal | None, float]:
    if base == 0:
        return None, 0.0
    if vat == 0:
        return Decimal("0"), 0.3
    for rate in STANDARD_RATES:
        expected = (base * rate / 100).quantize(ONE_CENT)
        if abs(expected - vat) <= Decimal("0.02"):
            return rate, 1.0
    ratio = vat / base
    if 0 < ratio <= Decimal("0.27"):
        return None, 0.45  # several rates mixed
    return None, -2.0


def extract_totals(doc: Doc) -> dict[str, Cand]:
    amounts = _amounts(doc)
    if not amounts:
        return {}
    biggest = max(abs(a.value) for a in amounts)
    by_value: dict[Decimal, list[Amount]] = {}
    for a in amounts:
        by_value.setdefault(a.value, []).append(a)
    labelled = [a for a in amounts if a.role]
    best: tuple[float, Amount, Amount, Amount] | None = None
    pool = labelled if len(labelled) >= 2 else amounts
    for a in pool:
        for b0 in pool:
            if a is b0:
                continue
            b = b0
            if a.value < 0 < b.value and by_value.get(a.value - b.value):
                # Credit notes often print their VAT without the minus sign.
                b = Amount(
                    -b0.value, b0.seg, b0.start, b0.end, b0.page, b0.context, b0.header, b0.role
                )
            c_list = by_value.get(a.value + b.value)
            if not c_list:
                continue
            if abs(b.value) > abs(a.value) and a.value != 0:
                continue
            _rate, fit = _rate_fit(a.value, b.value)
            if fit <= 0 and b.value != 0:
                continue
            for c in c_list:
                if c is a or c is b0:
                    continue
                score = (
                    a.role.get("excl", 0) * 1.2
                    + b.role.get("vat", 0) * 1.2
                    + c.role.get("incl", 0) * 1.2
                    + c.role.get("payable", 0) * 0.3
                    + fit
                )
                if b.value == 0 and not b.role.get("vat"):
                    score -= 1.5
                if abs(c.value) == biggest:
                    score += 0.4
                if c.seg.line >= a.seg.line and c.seg.line >= b.seg.line:
                    score += 0.2
                if a.role.get("incl", 0) >= 1 or c.role.get("excl", 0) >= 1:
                    score -= 0.8
                if best is None or score > best[0]:
                    best = (score, a, b, c)
    result: dict[str, Cand] = {}
    # The grand total printed under a strong label ("Bruttosumme", "Total TTC") that the
    # best triple does not reach: read its base elsewhere and let the rate check the VAT
    # that OCR lost (incl - excl = rate x excl for a known rate).
    strong = [a for a in amounts if a.role.get("incl", 0) >= 1 and not a.role.get("prepaid")]
    top = max(strong, key=lambda a: (abs(a.value), a.seg.line)) if strong else None
    if top is not None and (best is None or abs(best[3].value) < abs(top.value)):
        bases = []
        for a in amounts:
            if a is top or abs(a.value) >= abs(top.value) or a.value == 0:
                continue
            rate, fit = _rate_fit(a.value, top.value - a.value)
            if rate is not None and rate > 0 and fit >= 1.0:
                bases.append((a.role.get("excl", 0) + (0.3 if a.header else 0), abs(a.value), a))
        if bases:
            _r, _v, a = max(bases, key=lambda t: (t[0], t[1]))
            inferred = top.value - a.value
            vat_seen = by_value.get(inferred)
            vat = (
                vat_seen[0].cand(0.7) if vat_seen else Cand(inferred, 0.5, top.seg, 0, 0, top.page)
            )
            return _with_payable(
                {"excl": a.cand(0.7), "vat": vat, "incl": top.cand(0.8)}, labelled, by_value
            )
    if best and best[0] >= 2.0:
        score, a, b, c = best
        conf = min(0.99, 0.55 + score / 10)
        result = {"excl": a.cand(conf), "vat": b.cand(conf), "incl": c.cand(conf)}
    else:
        parts = _sum_of_parts(labelled)
        if parts:
            return _with_payable(parts, labelled, by_value)
        # No consistent triple: take what the labels say, with low confidence. Beside a
        # labelled total, a column header alone ("Zeilenbetrag ohne MwSt.") names line
        # amounts, not a total.
        # A header that does not say "total" names line amounts in any case.
        has_incl = any(a.own.get("incl", 0) >= 0.7 for a in labelled)
        for role in ("incl", "excl", "vat"):
            cands = [
                a
                for a in labelled
                if a.role.get(role, 0) >= 0.7
                and (
                    a.own.get(role, 0) >= 0.7
                    or (
                        (role == "incl" or not has_incl)
                        and re.search(r"total|summe|totaal|gesamt", a.header)
                    )
                )
            ]
            if cands:
                pick = max(cands, key=lambda a: (a.role[role], abs(a.value), a.seg.line))
                result[role] = pick.cand(0.5 * pick.role[role])
        if "incl" in result and "excl" in result:
            _vat_from_gap(result, by_value)
        if "incl" not in result:
            pass
        elif "excl" not in result and "vat" in result:
            # Total and VAT labelled, the base printed unlabelled (or as "21% sur 200,00"):
            # the amount that closes incl - VAT = base at a known rate.
            base = result["incl"].value - result["vat"].value
            seen = [a for a in by_value.get(base, []) if a.value]
            if seen and _rate_fit(base, result["vat"].value)[1] >= 1.0:
                result["excl"] = seen[0].cand(0.5)
        elif (
            "excl" not in result
            and "vat" not in result
            and not any(a.own.get("vat") for a in amounts)
            and not any(
                L.VAT.search(a.header) and not L.EXCL.search(a.header) for a in amounts if a.value
            )
            # "Total TVAC": VAT is in the total, just not printed apart; base and VAT unknown.
            and not any(
                L.VAT_INCLUDED.search(fold(a.context)) for a in by_value[result["incl"].value]
            )
        ):
            # A total and no VAT printed anywhere (export, exempt seller): the total is
            # also the base, and the VAT is nil.
            incl = result["incl"]
            result["excl"] = Cand(incl.value, 0.35, incl.seg, incl.start, incl.end, incl.page)
            result["vat"] = Cand(Decimal("0.00"), 0.3, incl.seg, 0, 0, incl.page)
        elif (
            "excl" in result
            and "vat" not in result
            and result["excl"].value == result["incl"].value
        ):
            result["vat"] = Cand(
                Decimal("0.00"), 0.3, result["excl"].seg, 0, 0, result["excl"].page
            )
    return _with_payable(result, labelled, by_value)


MAX_VAT_SHARE = Decimal("0.27")  # the highest standard VAT rate in the EU (Hungary)


def _vat_from_gap(result: dict[str, Cand], by_value: dict) -> None:
    """Base and total read under their labels, the VAT not (OCR lost its comma, or a
    VAT label sits beside a base, "Umsatzsteuer (S) 275,00"): the VAT is the total
    minus the base, when that gap is a VAT share of the base at all. A VAT figure
    that is no VAT share of the base is dropped; one that is, is kept as read."""
    excl, incl = result["excl"].value, result["incl"].value
    gap = incl - excl
    vat = result.get("vat")

    def share_ok(v: Decimal) -> bool:
        return excl != 0 and 0 <= v / excl <= MAX_VAT_SHARE

    if vat is not None and (vat.value == gap or share_ok(vat.value)):
        return
    result.pop("vat", None)
    if gap == 0 or not share_ok(gap):
        return
    seen = [a for a in by_value.get(gap, []) if a.value]
    where = result["incl"]
    result["vat"] = seen[0].cand(0.5) if seen else Cand(gap, 0.4, where.seg, 0, 0, where.page)


def _sum_of_parts(labelled: list[Amount]) -> dict[str, Cand] | None:
    """Totals printed in parts: several net subtotals ("Positionen netto", "Versandkosten
    netto") and several VAT lines that add up, together, to the printed grand total."""

    def per_line(role: str, other: str) -> list[Amount]:
        picked: dict[int, Amount] = {}
        for a in labelled:
            if a.own.get(role, 0) >= 1 and not a.own.get(other) and a.value > 0:
                picked.setdefault(a.seg.line, a)
        return list(picked.values())

    excl, vat = per_line("excl", "vat"), per_line("vat", "excl")
    if not excl or not vat or len(excl) + len(vat) < 3:
        return None
    base, tax = sum(a.value for a in excl), sum(a.value for a in vat)
    if _rate_fit(base, tax)[1] <= 0:
        return None
    last = max(a.seg.line for a in excl + vat)
    for c in labelled:
        if c.own.get("incl", 0) >= 1 and c.value == base + tax and c.seg.line > last:
            first = excl[0]
            return {
                "excl": Cand(base, 0.6, first.seg, first.start, first.end, first.page),
                "vat": Cand(tax, 0.6, vat[0].seg, vat[0].start, vat[0].end, vat[0].page),
                "incl": c.cand(0.7),
            }
    return None


def _with_payable(
    result: dict[str, Cand], labelled: list[Amount], by_value: dict
) -> dict[str, Cand]:
    incl = result.get("incl")
    if incl is not None:
        payable = [
            a
            for a in labelled
            if a.role.get("payable") and a.seg.line >= incl.seg.line and a.value <= incl.value
        ]
        prepaid = [a for a in labelled if a.role.get("prepaid")]
        pick = None
        if payable:
            pick = max(payable, key=lambda a: (a.seg.line, -abs(a.value - incl.value)))
        if prepaid:
            for p in prepaid:
                hits = by_value.get(incl.value - abs(p.value))
                if hits:
                    pick = max(hits, key=lambda a: a.seg.line)
            if pick is None and payable == [] and any(p.value for p in prepaid):
                # Advance paid, amount due not read: total minus the advance.
                p = max(prepaid, key=lambda a: abs(a.value))
                result["payable"] = Cand(
                    incl.value - abs(p.value), 0.5, p.seg, p.start, p.end, p.page
                )
                return result
        result["payable"] = (
            pick.cand(0.8)
            if pick is not None
            else Cand(incl.value, incl.score * 0.9, incl.seg, incl.start, incl.end, incl.page)
        )
    return result


def extract_breakdown(doc: Doc, totals: dict[str, Cand]) -> list[dict]:
    rate_re = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
    rows: list[dict] = []
    for line in doc.lines:
        text = line.text
        for rm in rate_re.finditer(text):
            rate = Decimal(rm.group(1).replace(",", "."))
            values = [
                amount_from_match(m)
                for m in AMOUNT_RE.finditer(text)
                if m.start() > rm.end() or m.end() < rm.start()
            ]
            values = [v for v in values if v is not None]
            for base in values:
                for vat in values:
                    if base is vat or base == 0 or abs(vat) >= abs(base):
                        continue
                    if abs((base * rate / 100).quantize(ONE_CENT) - vat) <= ONE_CENT:
                        row = {"rate": rate.normalize(), "base": base, "vat": vat}
                        if row not in rows:
                            rows.append(row)
    # Keep a set whose VAT adds up to the total VAT when we know it.
    total_vat = totals.get("vat").value if totals.get("vat") else None
    if rows and total_vat is not None:
        uniq = {(r["rate"], r["base"], r["vat"]): r for r in rows}
        rows = list(uniq.values())
        if sum(r["vat"] for r in rows) != total_vat:
            by_rate: dict[Decimal, dict] = {}
            for r in rows:
                by_rate.setdefault(r["rate"], r)
            rows = list(by_rate.values())
            if sum(r["vat"] for r in rows) != total_vat:
                rows = []
    if not rows and totals.get("excl") and totals.get("vat"):
        rate, fit = _rate_fit(totals["excl"].value, totals["vat"].value)
        if rate is not None and fit >= 1.0:
            rows = [
                {"rate": rate.normalize(), "base": totals["excl"].value, "vat": totals["vat"].value}
            ]
    return rows


_VAT_RE = re.compile(
    r"\b(ATU|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|CHE)"
    r"[\s.\-]?((?:[0-9A-Z][\s.\-]?){8,14})"
)


def _vat_candidates(doc: Doc) -> list[Cand]:
    from stdnum.eu import vat as euvat

    out: list[Cand] = []
    for seg in doc.segments:
        upper = seg.text.upper()
        for m in _VAT_RE.finditer(upper):
            raw = (m.group(1) + m.group(2)).replace(" ", "").replace(".", "").replace("-", "")
            found = None
            for n in range(len(raw), 9, -1):
                if euvat.is_valid(raw[:n]):
                    found = (raw[:n], 1.0)
                    break
            token = re.match(r"[0-9A-Z]+", upper[m.start() :]).group(0)
            if len(token) >= 15 or _starts_an_iban(upper, m.start()):
                continue  # an IBAN or another long reference, not a VAT number
            labelled = bool(L.VAT_LABEL.search(_label_context(doc, seg, m.start())))
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
        if not out or out[-1].seg is not seg:
            out += _vat_with_misread_country(doc, seg, upper)
        # Belgian enterprise numbers written without "BE" beside a VAT label.
        if L.VAT_LABEL.search(fold(seg.text)):
            for m in re.finditer(r"(?<![\dA-Z])([01]\d{3})[.\s]?(\d{3})[.\s]?(\d{3})(?!\d)", upper):
                raw = "BE" + "".join(m.groups())
                if euvat.is_valid(raw) and not any(c.value == raw for c in out):
                    out.append(Cand(raw, 0.8, seg, m.start(), m.end(), doc.page_of[seg.page]))
    return out


def _starts_an_iban(upper: str, start: int) -> bool:
    """A VAT look-alike that begins an IBAN printed in groups ("BE71 0961 2345 6769")."""
    tail = re.sub(r"[\s.\-]", "", upper[start : start + 48])
    m = re.match(r"[A-Z]{2}\d{2}[0-9A-Z]{11,30}", tail)
    return bool(m) and any(_iban_ok(m.group(0)[:n]) for n in range(len(m.group(0)), 14, -1))


_COUNTRY_LOOKALIKES = {"0": "DO", "1": "IL", "2": "Z", "4": "A", "5": "S", "6": "GE", "8": "B"}


def _vat_with_misread_country(doc: Doc, seg: Segment, upper: str) -> list[Cand]:
    """OCR reads the country code of 'DE123456789' as '06…' or 'D€…': beside a VAT label,
    digit look-alikes in the first two places are put back as letters, and only a
    number that then passes its country's check is kept."""
    from stdnum.eu import vat as euvat

    line = doc.lines[seg.line]
    label = " ".join(s.text for s in line.segments[: seg.index + 1])
    out: list[Cand] = []
    for m in re.finditer(r"(?<![0-9A-Z])([0-9A-Z]{2})[\s.]?(\d{8,12})(?![0-9A-Z])", upper):
        head = m.group(1)
        if head.isalpha() or not L.VAT_LABEL.search(
            fold(label[: label.find(seg.text) + m.start()])
        ):
            continue
        firsts = _COUNTRY_LOOKALIKES.get(head[0], head[0] if head[0].isalpha() else "")
        seconds = _COUNTRY_LOOKALIKES.get(head[1], head[1] if head[1].isalpha() else "")
        valid = {
            a + b + m.group(2)
            for a in firsts
            for b in seconds
            if euvat.is_valid(a + b + m.group(2))
        }
        if len(valid) == 1:
            out.append(Cand(valid.pop(), 0.5, seg, m.start(), m.end(), doc.page_of[seg.page]))
    return out


def _label_context(doc: Doc, seg: Segment, start: int) -> str:
    """Folded label text for a value: before it, the segment to its left, the header above."""
    parts = [fold(seg.text[:start])[-30:]]
    line = doc.lines[seg.line]
    if seg.index > 0 and not re.search(r"[a-z]{2}", parts[0]):
        parts.append(fold(line.segments[seg.index - 1].text)[-30:])
    if seg.line > 0:
        above = doc.lines[seg.line - 1]
        if above.page == seg.page:
            parts += [fold(o.text) for o in above.segments if o.x0 < seg.x1 and o.x1 > seg.x0]
    return " | ".join(parts)


def _context(doc: Doc, seg: Segment, start: int) -> str | None:
    """'buyer' or 'seller' when a heading says whose block this is, nearest first."""
    own = fold(seg.text[:start])
    if L.BUYER_CONTEXT.search(own):
        return "buyer"
    if L.SELLER_CONTEXT.search(own):
        return "seller"
    line = doc.lines[seg.line]
    for left in reversed(line.segments[: seg.index]):
        t = fold(left.text)
        if L.BUYER_CONTEXT.search(t):
            return "buyer"
        if L.SELLER_CONTEXT.search(t):
            return "seller"
    for dist in range(1, 12):
        idx = seg.line - dist
        if idx < 0:
            break
        above = doc.lines[idx]
        if above.page != seg.page:
            break
        for other in above.segments:
            if other.x0 < seg.x1 and other.x1 > seg.x0 - 5:
                t = fold(other.text)
                if len(other.words) > 4:
                    # "Client : Dupont & Fils SRL": a heading with its name on one line.
                    head, colon, _rest = t[:25].partition(":")
                    if not colon:
                        continue
                    t = head
                if L.BUYER_CONTEXT.search(t):
                    return "buyer"
                if L.SELLER_CONTEXT.search(t):
                    return "seller"
    return None


def extract_parties(doc: Doc, own_vat: str | None) -> dict[str, Cand]:
    cands = _vat_candidates(doc)
    own = _compact(own_vat) if own_vat else None
    seller = buyer = None
    unassigned: list[Cand] = []
    for c in cands:
        if own and _compact(c.value) == own:
            continue
        ctx = _context(doc, c.seg, c.start)
        if ctx == "buyer":
            buyer = buyer or c
        elif ctx == "seller":
            seller = seller or c
        else:
            unassigned.append(c)
    for c in unassigned:
        if seller is None and (buyer is None or c.value != buyer.value):
            seller = c
        elif buyer is None and c.value != seller.value and not own:
            # A second, different number with no heading: most often the customer's.
            buyer = Cand(c.value, c.score * 0.6, c.seg, c.start, c.end, c.page)
    result: dict[str, Cand] = {}
    if own:
        own_cand = next((c for c in cands if _compact(c.value) == own), None)
        counterpart = seller or buyer
        if own_cand is not None:
            own_ctx = _context(doc, own_cand.seg, own_cand.start)
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


def _compact(v: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", v.upper())


# Groups of four split by a space, or by a hyphen (printed so, or OCR's reading of a gap).
_IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:[\s-]?[A-Z0-9]{4}){2,7}(?:[\s-]?[A-Z0-9]{1,4})?)")


def _plain_upper(text: str) -> str:
    """Upper case without accents, one character per character ("DÉ88" -> "DE88": OCR
    puts accents on capitals), so offsets stay valid in the original."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in fold(text))


def extract_iban(doc: Doc) -> tuple[Cand | None, Cand | None]:
    from schwifty import BIC, IBAN

    ibans: list[Cand] = []
    for seg in doc.segments:
        upper = _plain_upper(seg.text)
        texts = [upper]
        nxt = _below(doc, seg)
        if nxt is not None:
            texts.append(upper + " " + _plain_upper(nxt.text))
        for t in texts:
            found = False
            for m in _IBAN_RE.finditer(_iban_ocr_fix(t)):
                raw = re.sub(r"[\s-]", "", m.group(1))
                labelled = bool(re.search(r"iban\W*$", fold(t[: m.start()])))
                for n in range(len(raw), 14, -1):
                    try:
                        iban = IBAN(raw[:n], validate_bban=False)
                    except ValueError:
                        if labelled and n == len(raw) and len(raw) >= 15:
                            # Printed beside "IBAN" but failing its checksum: keep what the
                            # page says, with low confidence, for a person to check.
                            ibans.append(
                                Cand(
                                    raw,
                                    0.35,
                                    seg,
                                    m.start(),
                                    min(m.end(), len(upper)),
                                    doc.page_of[seg.page],
                                )
                            )
                        continue
                    ctx = _context(doc, seg, m.start() if m.start() < len(upper) else 0)
                    score = 1.0 if ctx != "buyer" else 0.3
                    if re.search(
                        r"prelev|domicili|lastschrift|debit|abgebucht|your\s*account|uw\s*rekening",
                        fold(seg.text),
                    ):
                        score *= 0.5
                    ibans.append(
                        Cand(
                            iban.compact,
                            score,
                            seg,
                            m.start(),
                            min(m.end(), len(upper)),
                            doc.page_of[seg.page],
                        )
                    )
                    found = True
                    break
            if found:
                break
    if not any(c.score >= 0.5 for c in ibans):
        ibans += _labelled_ibans(doc)
    iban = _best(ibans)
    bics: list[Cand] = []
    for seg in doc.segments:
        for m in re.finditer(
            r"\b(?:BIC|SWIFT)(?:\s*CODE)?\s*[:.]?\s*([A-Z]{6}[A-Z2-9][A-NP-Z0-9](?:[A-Z0-9]{3})?)\b",
            seg.text.upper(),
        ):
            try:
                bic = BIC(m.group(1))
            except ValueError:
                continue
            bics.append(Cand(str(bic), 0.9, seg, m.start(1), m.end(1), doc.page_of[seg.page]))
    bic = None
    if bics:
        bic = min(bics, key=lambda c: abs(c.seg.line - iban.seg.line) if iban else 0)
    return iban, bic


_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
)


def _iban_ocr_fix(text: str) -> str:
    """OCR reads the check digits of 'NL50…' as 'NLSO…': letters there become digits.

    The IBAN's mod-97 check still decides whether the result is an IBAN.
    """
    return re.sub(
        r"\b([A-Z]{2})([0-9OIDQLSBZG]{2})(?=\s?[A-Z0-9]{4})",
        lambda m: m.group(1) + m.group(2).translate(_DIGIT_LOOKALIKES),
        text,
    )


IBAN_LENGTHS = {
    "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15,
    "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24,
}  # fmt: skip
# BBANs that start with a 4-letter bank code, then digits only; in the rest of these
# countries (in this table) the BBAN is digits only.
_LETTER_BANK_CODE = {"NL", "GB", "IE", "BG", "RO", "LV", "MT", "CY"}
_TO_DIGIT = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"})  # fmt: skip
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"})


def _iban_ok(s: str) -> bool:
    moved = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
    except ValueError:
        return False


def repair_iban(raw: str) -> str | None:
    """An OCR-read IBAN with look-alikes put back where the country's format says
    digits (or bank-code letters) must be; one deterministic candidate, then mod 97."""
    raw = _iban_ocr_fix(raw.upper())
    country = raw[:2]
    length = IBAN_LENGTHS.get(country)
    if not length or len(raw) < length:
        return None
    raw = raw[:length]
    if _iban_ok(raw):
        return raw
    if country in _LETTER_BANK_CODE:
        fixed = raw[:4] + raw[4:8].translate(_TO_LETTER) + raw[8:].translate(_TO_DIGIT)
    elif country in ("FR", "MC", "IT", "LU", "CH", "LI", "IS", "ES", "GR"):
        return None  # letters are allowed inside these BBANs: no safe repair
    else:
        fixed = raw[:4] + raw[4:].translate(_TO_DIGIT)
    return fixed if fixed != raw and _iban_ok(fixed) else None


def _labelled_ibans(doc: Doc) -> list[Cand]:
    out = []
    for seg in doc.segments:
        upper = _plain_upper(seg.text)
        for m in re.finditer(r"I?BAN\s*[:.]?\s*([A-Z]{2}[0-9A-Z -]{12,40})", upper):
            compact = re.sub(r"[^0-9A-Z]", "", m.group(1))
            fixed = repair_iban(compact)
            if fixed:
                out.append(Cand(fixed, 0.8, seg, m.start(1), m.end(1), doc.page_of[seg.page]))
    return out


def _below(doc: Doc, seg: Segment) -> Segment | None:
    if seg.line + 1 >= len(doc.lines):
        return None
    below = doc.lines[seg.line + 1]
    if below.page != seg.page:
        return None
    for other in below.segments:
        if other.x0 < seg.x1 and other.x1 > seg.x0:
            return other
    return None


def extract_currency(doc: Doc) -> Cand | None:
    counts: Counter = Counter()
    first: dict[str, Cand] = {}
    for seg in doc.segments:
        folded = fold(seg.text)
        labelled = bool(L.CURRENCY_LABEL.search(folded))
        for code in re.findall(r"\b(" + "|".join(CURRENCY_CODES) + r")\b", seg.text.upper()):
            counts[code] += 5 if labelled else 2
            first.setdefault(
                code, Cand(code, 0.9 if labelled else 0.8, seg, 0, 0, doc.page_of[seg.page])
            )
        for sym, code in (("€", "EUR"), ("£", "GBP"), ("₹", "INR"), ("zł", "PLN"), ("$", "USD")):
            n = seg.text.count(sym)
            if n:
                counts[code] += n
                first.setdefault(code, Cand(code, 0.75, seg, 0, 0, doc.page_of[seg.page]))
        if re.search(r"\brs\.?\s?-?\d", folded):
            counts["INR"] += 1
            first.setdefault("INR", Cand("INR", 0.6, seg, 0, 0, doc.page_of[seg.page]))
        if re.search(r"us\s*dollars?", folded):
            counts["USD"] += 5
            first.setdefault("USD", Cand("USD", 0.85, seg, 0, 0, doc.page_of[seg.page]))
        if re.search(r"\beuros?\b", folded):
            counts["EUR"] += 2
            first.setdefault("EUR", Cand("EUR", 0.8, seg, 0, 0, doc.page_of[seg.page]))
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    return first[code]


def extract_payment_reference(doc: Doc, number: Cand | None = None) -> Cand | None:
    ogm = _ogm(doc)
    if ogm is not None:
        return ogm
    cands = _labelled(doc, L.PAYMENT_REFERENCE, parse_identifier)
    best = _best(cands)
    if best:
        return Cand(best.value, best.score * 0.7, best.seg, best.start, best.end, best.page)
    if number is not None and _asks_for_invoice_number(doc):
        return Cand(number.value, 0.6, number.seg, number.start, number.end, number.page)
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


def _ogm(doc: Doc) -> Cand | None:
    for seg in doc.segments:
        if "+++" in seg.text or "***" in seg.text:
            ogm = find_ogm(seg.text)
            if ogm:
                m = OGM_RE.search(seg.text)
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


def extract_order_reference(doc: Doc) -> Cand | None:
    return _best(_labelled(doc, L.ORDER_REFERENCE, parse_identifier))


def extract_kind(doc: Doc) -> Cand | None:
    for line in doc.lines[:40]:
        for seg in line.segments:
            m = L.CREDIT_NOTE.search(fold(seg.text))
            # A title ("Avoir AV-2017-0005", "Gutschrift"), not a word in running text.
            if m and (m.start() <= 2 or len(seg.words) <= 5):
                return Cand("credit_note", 0.85, seg, 0, 0, doc.page_of[seg.page])
    for line in doc.lines[:40]:
        for seg in line.segments:
            if re.search(r"\b(invoice|facture|factuur|rechnung|bill)\b", fold(seg.text)):
                return Cand("invoice", 0.9, seg, 0, 0, doc.page_of[seg.page])
    return None


def extract_fields(
    pages: list[PageText], *, own_vat: str | None = None
) -> tuple[dict[str, FieldValue], list[dict]]:
    doc = build_doc(pages)
    if not doc.lines:
        return {}, []
    source = "ocr" if any(p.source == "ocr" for p in doc.pages) else "text"
    fields: dict[str, FieldValue] = {}

    def put(name: str, cand: Cand | None) -> None:
        if cand is not None and cand.value is not None:
            fields[name] = cand.field_value(source)

    put("document_type", extract_kind(doc))
    number = extract_number(doc)
    put("invoice_number", number)
    issue, due = extract_dates(doc)
    put("issue_date", issue)
    put("due_date", due)
    put("currency", extract_currency(doc))
    parties = extract_parties(doc, own_vat)
    put("seller_vat", parties.get("seller_vat"))
    put("buyer_vat", parties.get("buyer_vat"))
    # Imported here: parties builds on this module's Doc and Cand.
    from .parties import extract_names

    names = extract_names(doc, parties)
    put("seller_name", names.get("seller"))
    put("buyer_name", names.get("buyer"))
    iban, bic = extract_iban(doc)
    put("iban", iban)
    put("bic", bic)
    put("payment_reference", extract_payment_reference(doc, number))
    put("order_reference", extract_order_reference(doc))
    totals = extract_totals(doc)
    put("total_excl_vat", totals.get("excl"))
    put("total_vat", totals.get("vat"))
    put("total_incl_vat", totals.get("incl"))
    put("payable_amount", totals.get("payable"))
    breakdown = extract_breakdown(doc, totals)
    kind = fields.get("document_type")
    incl = fields.get("total_incl_vat")
    if kind is None and incl is not None:
        fields["document_type"] = FieldValue(
            "credit_note" if incl.value < 0 else "invoice", 0.5, source
        )
    return fields, breakdown


def _date_or_none(v) -> dt.date | None:
    return v if isinstance(v, dt.date) else None
