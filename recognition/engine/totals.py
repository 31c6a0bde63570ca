"""Totals (base, VAT, total, amount payable) from the amounts on the page: each amount's
roles come from its label and column header, and the best triple is the one where
base + VAT = total and VAT = rate x base for a standard rate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from . import labels as L
from . import totals_solver as S
from .candidates import Cand
from .document import Doc
from .layout import Line, Segment
from .parse import AMOUNT_RE, CURRENCY_CODES, amount_from_match, fold
from .types import PageText, Word

STANDARD_RATES = [
    Decimal(r)
    for r in (
        "21",
        "12",
        "6",
        "0",
        "19",
        "7",
        "20",
        "10",
        "5.5",
        "5",
        "25",
        "22",
        "23",
        "24",
        "9",
        "8",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "2.1",
    )
]
ONE_CENT = Decimal("0.01")


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
    parts: list[Amount] = field(default_factory=list)  # a VAT printed per rate, summed
    tail: bool = False  # the end of a spaced number ("19 573.00" read as 573.00)

    def cand(self, score: float) -> Cand[Decimal]:
        return Cand(self.value, score, self.seg, self.start, self.end, self.page)


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
                    tail_match = AMOUNT_RE.match(seg.text, start)
                    tail = amount_from_match(tail_match) if tail_match else None
                    if tail is not None:
                        tail_left = fold((left + " " + seg.text[m.start() : start])[-60:])
                        out.append(
                            Amount(
                                tail,
                                seg,
                                start,
                                m.end(),
                                doc.page_of[seg.page],
                                context=tail_left,
                                tail=True,
                            )
                        )
    # Column headers: for amounts in tables, the nearest line above with a label over them.
    columns: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for a in out:
        words = a.seg.words_in(a.start, a.end)
        span = (min(w.x0 for w in words), max(w.x1 for w in words))
        row = columns.setdefault((a.seg.page, a.seg.line), [])
        if span not in row:
            row.append(span)
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
                mine = _own_header_words(a, hit, columns.get((a.seg.page, a.seg.line), []))
                if mine is not None:
                    a.header = fold(mine)
                    break
                # Headers over two lines ("Zeilenbetrag" / "ohne MwSt."): the line above
                # completes it when it is words only.
                if idx > 0 and doc.lines[idx - 1].page == a.seg.page:
                    top = [
                        s for s in doc.lines[idx - 1].segments if s.x0 < ax1 + 3 and s.x1 > ax0 - 3
                    ]
                    if (
                        top
                        and not any(AMOUNT_RE.search(s.text) for s in top)
                        and above.y0 - doc.lines[idx - 1].y1 < 1.5 * h
                    ):
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
            for name, v in _roles(a.header).items():
                if name not in own and not (own and name in ("prepaid", "payable")):
                    a.role[name] = max(a.role.get(name, 0.0), 0.7 * v)
    return out


def _own_header_words(a: Amount, hit: list[Segment], row: list[tuple[float, float]]) -> str | None:
    """A header line read as one run of words over several amount columns ("Warenwert
    netto USt.-Betrag Gesamtbetrag" over three amounts in a row): each header word
    belongs to the amount column nearest to it, so each amount gets its own label."""
    words = [w for s in hit for w in s.words]
    if len(row) < 2 or not words:
        return None
    covered = [c for c in row if any(w.x0 < c[1] + 3 and w.x1 > c[0] - 3 for w in words)]
    header_x0 = min(w.x0 for w in words)
    header_x1 = max(w.x1 for w in words)
    spanned = [c for c in row if c[0] < header_x1 and c[1] > header_x0]
    if len(covered) < 2 and len(spanned) < 2:
        return None
    aw = a.seg.words_in(a.start, a.end)
    me = (min(w.x0 for w in aw), max(w.x1 for w in aw))

    def nearest(w: Word) -> tuple[float, float]:
        # Headers are mostly right-aligned over their amounts: compare right edges,
        # then centres, and take the column closest by either.
        return min(
            row,
            key=lambda c: min(abs(c[1] - w.x1), abs((c[0] + c[1]) / 2 - (w.x0 + w.x1) / 2)),
        )

    # Group header words into phrases (a word space is about a quarter of the height),
    # then give each phrase to one column, so "USt.-Betrag" stays whole.
    phrases: list[list] = []
    for w in sorted(words, key=lambda w: w.x0):
        if phrases and w.x0 - phrases[-1][-1].x1 < 0.5 * (w.y1 - w.y0):
            phrases[-1].append(w)
        else:
            phrases.append([w])
    mine: list[str] = []
    for ph in phrases:
        by_vote: dict[tuple[float, float], int] = {}
        for w in ph:
            c = nearest(w)
            by_vote[c] = by_vote.get(c, 0) + 1
        if max(by_vote, key=lambda c: by_vote[c]) == me:
            mine += [w.text for w in ph]
    return " ".join(mine) if mine else None


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
        # "Total TVA", "Totaal BTW-bedrag", "Total taxes": the VAT's own total, not the
        # grand total.
        if re.search(
            r"(?:total|totaal|totale|montant|summe|gesamt)\s*(?:der\s*)?"
            r"(?:tva|vat|btw|mwst|ust|tax(?:es)?|steuer)(?![a-z])|ust\.?\s*gesamt",
            tail,
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


def rate_fit(base: Decimal, vat: Decimal) -> tuple[Decimal | None, float]:
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


def extract_totals(doc: Doc) -> dict[str, Cand[Decimal]]:
    """The totals of the document: the field-by-field reading below, checked against
    the solver's consistent set (totals_solver), which replaces it when the reading
    does not add up, and gives the confidence from the constraints that hold."""
    amounts = _amounts(doc)
    fieldwise = _fieldwise_totals(doc, amounts)
    return _no_total_below_its_base(
        _printed_vat_over_derived(reconcile(doc, amounts, fieldwise), amounts)
    )


def _no_total_below_its_base(result: dict[str, Cand[Decimal]]) -> dict[str, Cand[Decimal]]:
    """A total incl. VAT smaller than the base, both of one sign, contradicts itself: one
    of them is not what its label says (a column header's line amount taken for the
    total when OCR ruined the total's own label). The weaker is dropped, and the amount
    payable that is that very figure with it: no value rather than a wrong one."""
    excl, incl = result.get("excl"), result.get("incl")
    if excl is None or incl is None or excl.value * incl.value <= 0:
        return result
    if abs(incl.value) >= abs(excl.value):
        return result
    weaker = "incl" if incl.score <= excl.score else "excl"
    dropped = result.pop(weaker)
    payable = result.get("payable")
    if weaker == "incl" and payable is not None and payable.value == dropped.value:
        result.pop("payable")
    return result


def _printed_vat_over_derived(
    result: dict[str, Cand[Decimal]], amounts: list[Amount]
) -> dict[str, Cand[Decimal]]:
    """A VAT derived as total minus base that a printed VAT amount misses by a cent or
    two ("Steuerbetrag 163,16" where 1.021,92 - 858,75 gives 163,17): one digit of the
    page was misread. The printed VAT is kept when it is exactly its base at a standard
    rate, at low confidence (the sum no longer closes, which sends doubtful amounts to
    the second reader); the derived figure would be a value printed nowhere."""
    vat, excl = result.get("vat"), result.get("excl")
    if vat is None or excl is None or any(a.value == vat.value for a in amounts):
        return result
    for a in amounts:
        if a.own.get("vat", 0) < 1 or a.value == vat.value:
            continue
        if abs(a.value - vat.value) > Decimal("0.02"):
            continue
        if any((excl.value * r / 100).quantize(ONE_CENT) == a.value for r in STANDARD_RATES if r):
            result["vat"] = a.cand(0.4)
            break
    return result


def _fieldwise_totals(doc: Doc, amounts: list[Amount]) -> dict[str, Cand[Decimal]]:
    if not amounts:
        return {}
    biggest = max(abs(a.value) for a in amounts)
    by_value: dict[Decimal, list[Amount]] = {}
    for a in amounts:
        by_value.setdefault(a.value, []).append(a)
    labelled = [a for a in amounts if a.role]
    best: tuple[float, Amount, Amount, Amount] | None = None
    pool = labelled if len(labelled) >= 2 else amounts
    per_rate = _vat_per_rate(labelled)
    for a in pool:
        for b0 in pool + per_rate:
            if a is b0 or a in b0.parts:
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
            _rate, fit = rate_fit(a.value, b.value)
            if b0.parts:
                fit = _parts_fit(a.value, b0.parts)
            if fit <= 0 and b.value != 0:
                continue
            for c in c_list:
                if c is a or c is b0 or c in b0.parts:
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
    result: dict[str, Cand[Decimal]] = {}
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
            rate, fit = rate_fit(a.value, top.value - a.value)
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
            if seen and rate_fit(base, result["vat"].value)[1] >= 1.0:
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


_RATE_IN_LABEL = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def _label_rate(a: Amount) -> Decimal | None:
    m = _RATE_IN_LABEL.search(a.context[-25:])
    if not m:
        return None
    rate = Decimal(m.group(1).replace(",", "."))
    return rate if rate in STANDARD_RATES and rate > 0 else None


def _vat_per_rate(labelled: list[Amount]) -> list[Amount]:
    """The VAT printed once per rate ("BTW 21 % 514,72", "BTW 6 % 2.588,88") and never
    as one figure: their sum is a VAT candidate, as consistent as any printed one."""
    lines: dict[int, Amount] = {}
    for a in labelled:
        if a.own.get("vat", 0) >= 0.35 and a.value > 0 and not a.own.get("incl"):
            lines.setdefault(a.seg.line, a)
    vats = sorted(lines.values(), key=lambda a: a.seg.line)
    out: list[Amount] = []
    if len(vats) > 8:
        return out
    for size in (2, 3):
        for i in range(len(vats) - size + 1):
            group = vats[i : i + size]  # printed one under the other
            if group[-1].seg.line - group[0].seg.line > 2 * size:
                continue
            total = sum((g.value for g in group), Decimal(0))
            last = group[-1]
            out.append(
                Amount(
                    total,
                    last.seg,
                    last.start,
                    last.end,
                    last.page,
                    last.context,
                    last.header,
                    {"vat": min(g.own["vat"] for g in group)},
                    {"vat": min(g.own["vat"] for g in group)},
                    group,
                )
            )
    return out


def _parts_fit(base: Decimal, parts: list[Amount]) -> float:
    """VAT per rate: each part divided by the rate its label prints gives a base; those
    bases adding up to the total base is the full check (1.0); parts without printed
    rates only get the plausibility of a mix of rates."""
    rates = [_label_rate(p) for p in parts]
    if all(r is not None for r in rates):
        bases = sum((p.value * 100 / r for p, r in zip(parts, rates, strict=True) if r), Decimal(0))
        tolerance = Decimal("0.01") * 100 * len(parts) / min(r for r in rates if r)
        return 1.0 if abs(bases - base) <= tolerance else -2.0
    total = sum((p.value for p in parts), Decimal(0))
    return 0.45 if base and 0 < total / base <= Decimal("0.27") else -2.0


MAX_VAT_SHARE = Decimal("0.27")  # the highest standard VAT rate in the EU (Hungary)


def _vat_from_gap(result: dict[str, Cand[Decimal]], by_value: dict) -> None:
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


def _sum_of_parts(labelled: list[Amount]) -> dict[str, Cand[Decimal]] | None:
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
    base, tax = sum((a.value for a in excl), Decimal(0)), sum((a.value for a in vat), Decimal(0))
    if rate_fit(base, tax)[1] <= 0:
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
    result: dict[str, Cand[Decimal]], labelled: list[Amount], by_value: dict
) -> dict[str, Cand[Decimal]]:
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


# -- the consistent solution (totals_solver) ----------------------------------------------


def solver_cands(doc: Doc, amounts: list[Amount]) -> list[S.Cand]:
    last = doc.pages[-1].number if doc.pages else 1
    rates: dict[int, Decimal | None] = {}
    out = []
    for a in amounts:
        if a.seg.line not in rates:
            rates[a.seg.line] = S.from_text_rate(doc.lines[a.seg.line].text)
        words = a.seg.words_in(a.start, a.end)
        out.append(
            S.Cand(
                a.value,
                dict(a.role),
                page=a.seg.page,
                last_page=a.seg.page == last,
                line=a.seg.line,
                y=a.seg.y0 / max(a.page.height, 1.0),
                x=max(w.x1 for w in words) / max(a.page.width, 1.0),
                rate=rates[a.seg.line],
                partial=a.tail,
                ref=a,
            )
        )
    return out


SOLVER_MARGIN = 1.0


def _consistent(result: dict[str, Cand[Decimal]]) -> bool:
    if not all(k in result for k in ("excl", "vat", "incl")):
        return False
    excl, vat, incl = (result[k].value for k in ("excl", "vat", "incl"))
    return excl + vat == incl and (vat == 0 or S.plausible_share(excl, vat))


def reconcile(
    doc: Doc, amounts: list[Amount], fieldwise: dict[str, Cand[Decimal]]
) -> dict[str, Cand[Decimal]]:
    sol = S.solve(solver_cands(doc, amounts)) if amounts else None
    if sol is None:
        return fieldwise
    same = _consistent(fieldwise) and (
        fieldwise["excl"].value,
        fieldwise["vat"].value,
        fieldwise["incl"].value,
    ) == (sol.excl, sol.vat, sol.incl)
    if same:
        conf = sol.confidence
        for k in ("excl", "vat", "incl"):
            fieldwise[k].score = max(fieldwise[k].score, conf)
        if "payable" in sol.held and sol.payable_c is not None:
            fieldwise["payable"] = cast(Amount, sol.payable_c.ref).cand(conf)
        return _with_rows(fieldwise, sol)
    if _consistent(fieldwise):
        # Both add up: the field-by-field reading stands unless the solver's set fits
        # the labels and the layout clearly better.
        key = tuple(fieldwise[k].value for k in ("excl", "vat", "incl"))
        if sol.score - sol.alternatives.get(key, sol.score) < SOLVER_MARGIN:
            return fieldwise
    elif sol.score < 1.5:
        return fieldwise
    conf = sol.confidence
    if sol.incl_c is None:  # every solution rests on a printed total; never guess one
        return fieldwise
    where = cast(Amount, sol.incl_c.ref)

    def cand(value: Decimal, c: S.Cand | None, score: float) -> Cand[Decimal]:
        if c is not None and c.value == value:
            return cast(Amount, c.ref).cand(score)
        return Cand(value, score, where.seg, 0, 0, where.page)

    out = _with_rows(
        {
            "excl": cand(sol.excl, sol.excl_c, conf),
            "vat": cand(sol.vat, sol.vat_c, conf if sol.vat_c else conf * 0.9),
            "incl": cand(sol.incl, sol.incl_c, conf),
            "payable": cand(sol.payable, sol.payable_c or sol.incl_c, conf * 0.9),
        },
        sol,
    )
    return out


def _with_rows(result: dict, sol: S.Solution) -> dict:
    """The solver's per-rate rows travel with the totals (key "rows": not a field) for
    the VAT breakdown."""
    if sol.rows and result.get("excl") is not None and result["excl"].value == sol.excl:
        result["rows"] = [(r.rate, r.base.value if r.base else None, r.vat.value) for r in sol.rows]
    return result
