"""Invoice line items from words with boxes (text PDFs and scans), template-free.

The item table is found by its header row (a description label beside a price or
amount label, in FR/NL/DE/EN); the header's labels give the columns' x-ranges. Rows
below it are read until the totals block. Which column holds the quantity, the unit
price and the line amount is settled by the arithmetic (quantity x price = amount)
over all rows, the labels only breaking ties. A table is kept only when its
arithmetic holds: the amounts add up to a total printed on the invoice, or the rows
that can be checked (at least two, two thirds of them) all multiply out. The
confidence says which. Otherwise no line is returned: never a guess.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import product
from statistics import median
from typing import cast

from . import labels as L
from .document import build_doc
from .layout import Line, Segment
from .parse import AMOUNT_RE, amount_from_match, fold, parse_amount
from .types import FieldValue, PageText, Word

CENT = Decimal("0.01")
MAX_RATE = Decimal("30")
MAX_DESCRIPTION = 300

# Header words by the column they name. Compound German words are matched inside.
_PRICE = re.compile(
    r"preis|prijs|price|prix|tarif|einzel|unitaire|^pu$|^p\.?u\.?$|^stuckpreis|rate$|^cost$"
)
_NET = re.compile(
    r"betrag|bedrag|amount|montant|total|totaal|summe|gesamt|^subtotal|^net$|^netto$|^sum$|^value$"
)
_VAT = re.compile(
    r"^(?:vat|tva|btw|mwst|ust|u\.?st|tax|taxe|iva|gst|taux|tarief)\.?$|steuersatz|^satz$|^%$"
)
_QTY = re.compile(
    r"^(?:qty|qte|qt|quantity|quantite|quantites|quant|aantal|menge|anzahl|hoeveelheid|nombre|nbr?"
    r"|hours|uren|heures|stunden|std|stuks|stk|pcs)\.?$"
)
_DESC_STRONG = re.compile(
    r"^(?:description|descriptif|omschrijving|designation|bezeichnung|beschreibung"
    r"|artikelbeschreibung|leistungsbeschreibung|libelle|specification|details?|omschr)\.?$"
)
_DESC_WEAK = re.compile(
    r"^(?:produkt|product|produit|products|item|items|article|articles|artikel|artikelen"
    r"|leistung|dienst|diensten|prestation|prestations|service|services|naam|bezeichnung)\.?$"
)
_OTHER = re.compile(
    r"^(?:pos|position|no|nr|n°|#|ref|reference|referenz|referenzen|referentie|code|date|datum"
    r"|einheit|unit|units|unite|eenheid|uom|remise|rem|rabatt|korting|discount|charge|ean|sku"
    r"|art-nr|artnr|art\.?-nr|ligne|lijn|zeile|shipment|lieferung|periode|period)\.?$"
)
# Words that qualify the label they stand in ("Unit Price Excl. VAT", "Prix HT (EUR)").
_MODIFIER = re.compile(
    r"^(?:excl|exclusief|excluding|exkl|incl|inclusief|including|inkl|ohne|mit|hors|zonder|met|ht"
    r"|ttc|htva|tvac|ex|net|netto|brutto|per|par|pro|je|stuk|unit|line|vk|eur|€|\(eur\)|\(€\)|in"
    r"|de|du|la|le|van|der|des|of|the|for|\(\+\)|\(-\)|/|-|:)\.?$"
)
_VAT_AMOUNT = re.compile(
    r"(?:vat|tva|btw|mwst|ust|tax|steuer)\w*\s*(?:betrag|bedrag|amount|montant)"
    r"|(?:montant|bedrag|amount)\s*(?:de\s*)?(?:la\s*)?(?:tva|btw|vat|tax)|steuerbetrag"
)
_TOTAL_WORDS = re.compile(r"total|gesamt|totaal|summe|betrag|bedrag|amount|montant")
_CARRIED = re.compile(r"ubertrag|carried\s*forward|a\s*reporter|report\b|transport\b|overdracht")
_STOP = re.compile(
    "|".join(p.pattern for p in (L.EXCL, L.INCL_STRONG, L.INCL_WEAK, L.PAYABLE, L.PREPAID)),
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[-−–]?\s?\d[\d.,'\u00a0\u202f]*")
_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
NUMERIC_KINDS = ("qty", "price", "net", "vat")
_SYMBOL = re.compile(r"^(?:€|\$|£|%|eur|usd|gbp|chf)$", re.IGNORECASE)


@dataclass
class Label:
    kind: str | None  # desc | qty | price | net | vat | other | None (unknown)
    x0: float
    x1: float
    words: list[Word] = field(default_factory=list)
    strong: bool = True  # a description label that says "description", not "item"

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Row:
    line: Line
    cells: dict[int, list[Word]]  # label index -> words
    desc: list[Word]
    values: dict[int, list[Decimal]] = field(default_factory=dict)
    rates: dict[int, Decimal] = field(default_factory=dict)

    @property
    def y0(self) -> float:
        return self.line.y0

    @property
    def y1(self) -> float:
        return self.line.y1


@dataclass
class Table:
    labels: list[Label]
    rows: list[Row]
    after: list[Line]  # the lines of the totals block, for the sum check
    height: float


# -- header -----------------------------------------------------------------------------


def _norm(word: str) -> str:
    return fold(word).strip(" :;,[]").replace("[%]", "%")


def _word_kind(word: str) -> str | None:
    w = _norm(word)
    if not w:
        return None
    if _PRICE.search(w):
        # "Gesamtpreis", "Totaalprijs": the line's amount, not a unit price.
        return "net" if re.search(r"gesamt|total|totaal", w) else "price"
    if _NET.search(w):
        return "net"
    if _QTY.match(w):
        return "qty"
    if _DESC_STRONG.match(w) or _DESC_WEAK.match(w):
        return "desc"
    if _VAT.search(w):
        return "vat"
    if _MODIFIER.match(w):
        return "mod"
    if _OTHER.match(w):
        return "other"
    return None


def _labels_of_line(line: Line) -> list[Label]:
    """Column labels of one header line: words of one segment run together until a word
    names another column ("Menge Einheit" is two labels, "Unit Price Excl. VAT" one)."""
    out: list[Label] = []
    for seg in line.segments:
        current: Label | None = None
        prev_kind = None
        for w in seg.words:
            kind = _word_kind(w.text)
            if kind in ("mod", None) or current is None:
                if current is None:
                    current = Label(None if kind in ("mod", None) else kind, w.x0, w.x1, [w])
                    out.append(current)
                else:
                    current.words.append(w)
                    current.x1 = max(current.x1, w.x1)
                prev_kind = kind
                continue
            head = current.kind
            same = head is None or head == kind
            # "Excl. VAT" qualifies the label before it; "%" joins any label.
            if kind == "vat" and (prev_kind == "mod" or _norm(w.text) == "%"):
                same = True
            if {head, kind} == {"price", "net"} and _TOTAL_WORDS.search(
                _norm(w.text) + " " + fold(current.text)
            ):
                same = True  # "Prix total", "Total price", "Gesamtpreis"
            if same:
                current.words.append(w)
                current.x1 = max(current.x1, w.x1)
                if head is None or (head == "price" and kind == "net"):
                    current.kind = kind if head is None else "net"
            else:
                current = Label(kind, w.x0, w.x1, [w])
                out.append(current)
            prev_kind = kind
    for lab in out:
        text = fold(lab.text)
        if _VAT_AMOUNT.search(text):
            lab.kind = "other"  # a VAT amount column is not the line amount
        elif lab.kind is None:
            words = [_norm(w.text) for w in lab.words]
            if any(re.fullmatch(r"net|netto", x) for x in words):
                lab.kind = "net"
            elif any(re.fullmatch(r"unit|einheit|eenheid|unite", x) for x in words):
                lab.kind = "other"
        if lab.kind == "desc":
            lab.strong = any(_DESC_STRONG.match(_norm(w.text)) for w in lab.words)
    return out


def _is_header(labels: list[Label], line: Line) -> bool:
    kinds = {lab.kind for lab in labels}
    if "desc" not in kinds or not kinds & {"price", "net"}:
        return False
    # Column labels, not a sentence that happens to say "description" and "total".
    words = [w for seg in line.segments for w in seg.words]
    if 2 * sum(_word_kind(w.text) not in (None, "mod") for w in words) < len(words):
        return False
    return not AMOUNT_RE.search(line.text)


def _height(lines: list[Line]) -> float:
    hs = [w.y1 - w.y0 for ln in lines for s in ln.segments for w in s.words]
    return max(median(hs), 1.0) if hs else 10.0


def _header_band(lines: list[Line], i: int, h: float) -> tuple[int, int]:
    """Header labels written over two or three lines: the text-only lines touching it."""
    lo = hi = i
    while lo > 0 and i - lo < 2:
        up = lines[lo - 1]
        if up.page != lines[i].page or lines[lo].y0 - up.y1 > 0.6 * h or _NUMBER.search(up.text):
            break
        lo -= 1
    while hi + 1 < len(lines) and hi - i < 2:
        down = lines[hi + 1]
        if down.page != lines[i].page or down.y0 - lines[hi].y1 > 0.6 * h:
            break
        if (
            AMOUNT_RE.search(down.text)
            or not _labels_of_line(down)
            or re.search(r"\d{2}", down.text)
        ):
            break
        hi += 1
    return lo, hi


def _merge_band(lines: list[Line], lo: int, main: int, hi: int) -> list[Label]:
    labels = _labels_of_line(lines[main])
    for k in range(lo, hi + 1):
        if k == main:
            continue
        for extra in _labels_of_line(lines[k]):
            hit = [lab for lab in labels if lab.x0 < extra.x1 and extra.x0 < lab.x1]
            if not hit:
                labels.append(extra)
                continue
            target = max(hit, key=lambda lab: min(lab.x1, extra.x1) - max(lab.x0, extra.x0))
            words = sorted(target.words + extra.words, key=lambda w: (w.y0, w.x0))
            # _labels_of_line reads only the words of its segments.
            combined = _labels_of_line(Line([cast(Segment, _Seg(words))], lines[main].page, 0))
            target.words = words
            target.x0, target.x1 = min(target.x0, extra.x0), max(target.x1, extra.x1)
            if len(combined) == 1 and combined[0].kind:
                target.kind = combined[0].kind
                target.strong = combined[0].strong
            elif target.kind in (None, "other") and extra.kind not in (None, "other"):
                target.kind = extra.kind
    labels.sort(key=lambda lab: lab.x0)
    # "Artikel" beside "Omschrijving": the description is the one that says so.
    if any(lab.kind == "desc" and lab.strong for lab in labels):
        for lab in labels:
            if lab.kind == "desc" and not lab.strong:
                lab.kind = "other"
    return labels


class _Seg:
    """The little of layout.Segment that _labels_of_line reads."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words


# -- rows -------------------------------------------------------------------------------


def _is_number_word(text: str) -> bool:
    return bool(re.search(r"\d", text)) and not re.search(r"[A-Za-z]{2}", text)


def _assign(labels: list[Label], line: Line) -> Row:
    cells: dict[int, list[Word]] = {}
    desc: list[Word] = []
    desc_idx = [i for i, lab in enumerate(labels) if lab.kind == "desc"]
    for seg in line.segments:
        for w in seg.words:
            best, best_overlap = None, 0.0
            for i, lab in enumerate(labels):
                ov = min(lab.x1, w.x1) - max(lab.x0, w.x0)
                if ov > best_overlap:
                    best, best_overlap = i, ov
            numeric = _is_number_word(w.text)
            if not numeric and best is not None:
                mid = (w.x0 + w.x1) / 2
                lab = labels[best]
                if not (lab.x0 - 2 <= mid <= lab.x1 + 2) and labels[best].kind != "desc":
                    best = None
            if best is None and numeric:
                near = [
                    (min(abs(lab.x0 - w.x1), abs(w.x0 - lab.x1)), i) for i, lab in enumerate(labels)
                ]
                dist, i = min(near)
                if dist <= 30:
                    best = i
            if _SYMBOL.match(w.text):
                if best is not None and labels[best].kind in NUMERIC_KINDS:
                    cells.setdefault(best, []).append(w)
                continue  # "€" printed apart from its amount
            if best is None or labels[best].kind == "desc":
                desc.append(w)
            elif labels[best].kind in NUMERIC_KINDS or (labels[best].kind is None and numeric):
                # A label nobody can read ("Qté" scanned as "ate") may still head numbers.
                cells.setdefault(best, []).append(w)
            elif not desc_idx and labels[best].kind is None:
                desc.append(w)
    row = Row(line, cells, desc)
    for i, words in cells.items():
        text = " ".join(w.text for w in words)
        vals = _numbers(text, labels[i].kind == "net")
        if vals:
            row.values[i] = vals
        m = _RATE.search(text)
        if m:
            rate = Decimal(m.group(1).replace(",", "."))
            if rate <= MAX_RATE:
                row.rates[i] = rate
    return row


def _numbers(text: str, money: bool) -> list[Decimal]:
    """Readings of the first number in a cell ("1.000" may be one thousand or one)."""
    if money:
        value = parse_amount(text)
        if value is not None:
            return [value]
    m = _NUMBER.search(text.replace("\u2212", "-"))
    if not m:
        return []
    raw = m.group(0).replace(" ", "").replace("\u00a0", "").replace("\u202f", "").rstrip(".,'")
    neg = raw[:1] in "-−–"
    raw = raw.lstrip("-−–")
    tail = text[m.end() : m.end() + 2].strip()
    neg = neg or tail.startswith("-")
    seps = [c for c in raw if c in ".,'"]
    out: list[str] = []
    if not seps:
        out = [raw]
    elif len(set(seps)) == 2:
        dec = raw[max(raw.rfind("."), raw.rfind(","))]
        out = [re.sub(r"[.,']", "", raw[: raw.rfind(dec)]) + "." + raw[raw.rfind(dec) + 1 :]]
    elif len(seps) > 1:
        out = [re.sub(r"[.,']", "", raw)]
    else:
        head, _sep, frac = re.split(r"([.,'])", raw)
        if len(frac) == 3 and _sep != "'":
            out = [head + frac, head + "." + frac]
        elif _sep == "'":
            out = [head + frac]
        else:
            out = [head + "." + frac]
    values = []
    for s in out:
        try:
            v = Decimal(s)
        except InvalidOperation:
            continue
        values.append(-v if neg else v)
    return values


# -- the arithmetic ---------------------------------------------------------------------


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(abs(a) - abs(b)) <= max(CENT, abs(b) * Decimal("0.002"))


def _product_fits(
    qtys: list[Decimal], prices: list[Decimal], net: Decimal, discount: Decimal | None
) -> tuple[Decimal, Decimal] | None:
    for q in qtys:
        for p in prices:
            prod = q * p
            if _close(prod, net):
                return q, p
            if discount and _close(prod * (100 - discount) / 100, net):
                return q, p
    return None


def _discount(row: Row, labels: list[Label]) -> Decimal | None:
    for seg in row.line.segments:
        for w in seg.words:
            m = _RATE.search(w.text)
            if m and "%" in w.text:
                for lab in labels:
                    if lab.kind == "other" and lab.x0 - 5 < w.x1 and w.x0 < lab.x1 + 5:
                        return Decimal(m.group(1).replace(",", "."))
    return None


@dataclass
class Roles:
    qty: int | None
    price: int | None
    net: int
    vat: int | None


def _roles(labels: list[Label], rows: list[Row]) -> Roles | None:
    """Which columns hold quantity, unit price and amount: the assignment under which most
    rows multiply out, the header's words breaking ties."""
    cols = [i for i, lab in enumerate(labels) if lab.kind in ("qty", "price", "net", None)]
    money = [i for i in cols if any(i in r.values for r in rows)]
    vat = next(
        (
            i
            for i, lab in enumerate(labels)
            if lab.kind == "vat" and any(i in r.rates or i in r.values for r in rows)
        ),
        None,
    )
    if not money:
        return None
    best: tuple[float, Roles] | None = None
    options = [None, *money]
    for net in [i for i in money if labels[i].kind in ("net", "price")]:
        for q, p in product(options, options):
            if q in (net,) or p in (net,) or (q is not None and q == p):
                continue
            ok = bad = 0
            for r in rows:
                if net not in r.values:
                    continue
                if q is None or p is None or q not in r.values or p not in r.values:
                    continue
                if _product_fits(r.values[q], r.values[p], r.values[net][0], None):
                    ok += 1
                else:
                    bad += 1
            score = 2.0 * ok - 2.0 * bad
            score += 0.6 * (labels[net].kind == "net") + 0.3 * (net == max(money))
            if q is not None:
                score += 0.4 * (labels[q].kind == "qty") - 0.2
            if p is not None:
                score += 0.4 * (labels[p].kind == "price") - 0.2
            if q is not None and p is not None and ok == 0:
                score -= 1.0
            if best is None or score > best[0]:
                best = (score, Roles(q, p, net, vat))
    return best[1] if best else None


# -- the table --------------------------------------------------------------------------


def _stop(row: Row, line: Line) -> bool:
    """The totals block (or another table's header) begins on this line."""
    text = fold(line.text)
    first = fold(line.segments[0].text).strip()
    outside = " ".join(
        w.text for i, ws in row.cells.items() for w in ws if not _is_number_word(w.text)
    )
    # A totals label opening the line, or in the amount columns, with an amount beside it
    # ("Bruttopreis :4,0000" under an item is a note, not a total).
    short = [fold(seg.text).strip() for seg in line.segments if len(seg.words) <= 4]
    if (
        _label_only(first)
        or (outside and _STOP.search(fold(outside)))
        or any(_label_only(t) for t in short)
    ) and AMOUNT_RE.search(line.text):
        return True
    # Another header (the VAT breakdown's) ends the items.
    labs = _labels_of_line(line)
    known = {lab.kind for lab in labs if lab.kind not in (None, "mod", "other")}
    return len(known) >= 2 and not re.search(r"\d", text)


def _label_only(text: str) -> bool:
    """A totals label opens the text and nothing but short words and amounts follow it
    ("Totaal excl. btw", "Nettobetrag: 496,00"; not "Incl. copy levy Thuiskopie 3,50")."""
    m = _STOP.match(text)
    if m is None:
        return False
    end = m.end()
    while end < len(text) and text[end].isalpha():
        end += 1  # the rest of the label's word ("netto" in "nettobetrag")
    rest = re.findall(r"[a-z]{6,}", text[end:])
    return all(_STOP.search(w) or L.VAT.search(w) for w in rest)


def _tables(lines: list[Line]) -> list[Table]:
    h = _height(lines)
    out: list[Table] = []
    i = 0
    while i < len(lines):
        labels = _labels_of_line(lines[i])
        if not _is_header(labels, lines[i]):
            i += 1
            continue
        lo, hi = _header_band(lines, i, h)
        labels = _merge_band(lines, lo, i, hi)
        page = lines[i].page
        rows: list[Row] = []
        after: list[Line] = []
        j = hi + 1
        while j < len(lines):
            line = lines[j]
            if line.page != page:
                break
            row = _assign(labels, line)
            if _stop(row, line) and not _has_qty(row, labels):
                after = lines[j : j + 15]
                break
            if _CARRIED.search(fold(line.text)):
                j += 1
                continue
            rows.append(row)
            j += 1
        out.append(Table(labels, rows, after, h))
        i = j
    return out


def _has_qty(row: Row, labels: list[Label]) -> bool:
    return any(labels[i].kind == "qty" for i in row.values)


def _continued(tables: list[Table], lines: list[Line]) -> list[Table]:
    """A table that runs to the page's foot without totals goes on after the next
    page's own header, or (no header there) in the same columns on that page."""
    merged: list[Table] = []
    for t in tables:
        if merged and not merged[-1].after and merged[-1].rows and t.rows:
            prev = merged[-1]
            if t.rows[0].line.page == prev.rows[-1].line.page + 1:
                prev.rows += t.rows
                prev.after = t.after
                continue
        merged.append(t)
    for t in merged:
        if t.after or not t.rows:
            continue
        last_page = t.rows[-1].line.page
        nxt = [ln for ln in lines if ln.page == last_page + 1]
        if not nxt or any(_is_header(_labels_of_line(ln), ln) for ln in nxt):
            continue
        for line in nxt:
            row = _assign(t.labels, line)
            if _stop(row, line) and not _has_qty(row, t.labels):
                t.after = nxt[nxt.index(line) : nxt.index(line) + 15]
                break
            t.rows.append(row)
    return merged


def _items(table: Table, roles: Roles) -> list[dict]:
    """Rows with an amount start an item; text rows join the item they sit closest to
    (above or below), within a line's spacing; rows further off are not the table's."""
    rows = table.rows
    amount_rows = [k for k, r in enumerate(rows) if roles.net in r.values]
    if not amount_rows:
        return []
    owner: dict[int, int] = {k: k for k in amount_rows}
    gap = 1.6 * table.height
    for k, r in enumerate(rows):
        if k in owner:
            continue
        prev_gap = r.y0 - rows[k - 1].y1 if k > 0 else 1e9
        next_gap = rows[k + 1].y0 - r.y1 if k + 1 < len(rows) else 1e9
        if prev_gap <= next_gap and prev_gap <= gap and (k - 1) in owner:
            owner[k] = owner[k - 1]
    for k in range(len(rows) - 1, -1, -1):
        if k in owner:
            continue
        r = rows[k]
        next_gap = rows[k + 1].y0 - r.y1 if k + 1 < len(rows) else 1e9
        if next_gap <= gap and (k + 1) in owner and rows[k + 1].line.page == r.line.page:
            owner[k] = owner[k + 1]
    items = []
    has_qty_column = any(lab.kind == "qty" for lab in table.labels)
    for k in amount_rows:
        r = rows[k]
        words = [w for j, o in sorted(owner.items()) if o == k for w in rows[j].desc]
        description = " ".join(w.text for w in words).strip()[:MAX_DESCRIPTION] or None
        net = r.values[roles.net][0]
        qtys = r.values.get(roles.qty, []) if roles.qty is not None else []
        prices = r.values.get(roles.price, []) if roles.price is not None else []
        fit: tuple[Decimal | None, Decimal] | None = (
            _product_fits(qtys, prices, net, _discount(r, table.labels))
            if qtys and prices
            else None
        )
        qty, price = fit if fit else (qtys[0] if qtys else None, prices[0] if prices else None)
        checkable = bool(qtys and prices)
        if not qtys and has_qty_column and any(_close(p, net) for p in prices):
            # Quantity not read (OCR drops a lone "1"), price and amount equal: the row
            # agrees with itself; the quantity stays unknown rather than guessed.
            checkable, fit = True, (None, next(p for p in prices if _close(p, net)))
            price = fit[1]
        rate = None
        if roles.vat is not None:
            rate = r.rates.get(roles.vat)
            if rate is None and r.values.get(roles.vat):
                v = r.values[roles.vat][-1]
                rate = v if 0 <= v <= MAX_RATE else None
        items.append(
            {
                "id": None,
                "description": description,
                "quantity": qty,
                "unit_price": price,
                "net_amount": net,
                "vat_rate": _plain(rate),
                "_checked": fit is not None,
                "_multiplied": fit is not None and fit[0] is not None,
                "_checkable": checkable,
                "_box": (r.line.page, words or [w for s in r.line.segments for w in s.words]),
            }
        )
    return items


def _plain(rate: Decimal | None) -> Decimal | None:
    """21.00 -> 21, 5.50 -> 5.5 (normalize() alone would write 10 as 1E+1)."""
    if rate is None:
        return None
    return rate.quantize(Decimal(1)) if rate == rate.to_integral() else rate.normalize()


def _adds_up(items: list[dict], printed: list[Decimal]) -> bool:
    total = sum((it["net_amount"] for it in items), Decimal("0"))
    tol = max(Decimal("0.02"), CENT * len(items))
    return any(abs(abs(total) - abs(t)) <= tol for t in printed)


def _printed_totals(table: Table, fields: dict[str, FieldValue]) -> list[Decimal]:
    out = [
        fields[k].value
        for k in ("total_excl_vat", "total_incl_vat")
        if k in fields and isinstance(fields[k].value, Decimal)
    ]
    for line in table.after:
        for m in AMOUNT_RE.finditer(line.text):
            v = amount_from_match(m)
            if v is not None:
                out.append(v)
    return out


def _extract_lines(pages: list[PageText], fields: dict[str, FieldValue]) -> list[dict]:
    """The invoice's line items, or [] when no table reads consistently."""
    doc = build_doc(pages)
    if not doc.lines:
        return []
    for table in _continued(_tables(doc.lines), doc.lines):
        roles = _roles(table.labels, table.rows)
        if roles is None:
            continue
        items = _items(table, roles)
        if not items:
            continue
        checkable = [it for it in items if it["_checkable"]]
        printed = _printed_totals(table, fields)
        sums = _adds_up(items, printed)
        failing = [it for it in checkable if not it["_checked"]]
        repaired = False
        if not sums and len(failing) == 1 and len(checkable) >= 2:
            # One amount misread (OCR's 5 for a 3): its quantity x price, if that makes
            # the lines add up to the printed total, is what the page says.
            it = failing[0]
            was = it["net_amount"]
            it["net_amount"] = (it["quantity"] * it["unit_price"]).quantize(CENT)
            if _adds_up(items, printed):
                sums = repaired = it["_checked"] = True
            else:
                it["net_amount"] = was
        consistent = bool(checkable) and all(it["_checked"] for it in checkable)
        # Most rows multiply out: the columns are right, and a row with only an amount in
        # the amount column ("Incl. copy levy ... 4,24") is read from the same columns.
        mostly = consistent and len(checkable) >= 2 and 3 * len(checkable) >= 2 * len(items)
        if not (sums or mostly):
            continue
        others = [it for it in items if it["unit_price"] is not None]
        if 2 * sum(it["quantity"] is not None for it in others) > len(others):
            # Rows with an amount and neither quantity nor price, in a table whose rows
            # have both, are the invoice's allowances and charges ("Remise", "Frais de
            # déplacement"): they count in the sum, they are not item lines.
            items = [
                it for it in items if it["quantity"] is not None or it["unit_price"] is not None
            ]
        if repaired:
            confidence = 0.7
        elif sums and consistent:
            confidence = 0.95
        elif sums:
            confidence = 0.8
        elif all(it["_multiplied"] for it in items):
            confidence = 0.7
        else:
            # Some rows agree only as price = amount, and no total confirms them.
            confidence = 0.5
        source = "ocr" if any(p.source == "ocr" for p in pages) else "text"
        out = []
        for it in items:
            page_no, words = it.pop("_box")
            it.pop("_checked")
            it.pop("_checkable")
            it.pop("_multiplied")
            page = doc.page_of[page_no]
            it["confidence"] = confidence
            it["source"] = source
            it["page"] = page_no
            it["box"] = list(page.box(words))
            out.append(it)
        return out
    return []


def extract_lines(pages: list[PageText], fields: dict[str, FieldValue]) -> list[dict]:
    # An extra on top of the fields: a bug on one odd page must not cost the document
    # its recognised fields, so a failure here gives nothing rather than an error.
    try:
        return _extract_lines(pages, fields)
    except Exception:
        logging.getLogger(__name__).exception("extract_lines failed")
        return []
