"""Candidates and their features for the learned ranker (`engine/ranker.py`).

For a field, every place on the page that could hold its value is a candidate: each
identifier-like token (invoice number), each date (issue and due dates), each line or
line part that reads as a name (seller and buyer names). A candidate is described by
numbers the rules also look at, but all at once: which labels (FR/NL/DE/EN, from
`labels.py`) sit before it on its segment, to its left, or above it in its column; where
it is on the page and on which page; how tall its text is against the document's; the
shape of the value; and, for names, what the block under it holds (a street, a postcode,
a VAT number the rules gave to the seller or the buyer, an IBAN, contact lines).

Plain Python, no Django, no numpy: the same code builds the training rows
(`bench/recognition/train_ranker.py`) and scores at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from . import labels as L
from .address import DELIVERY, SEPARATORS, find_postcode, is_street
from .candidates import Cand
from .document import Doc
from .layout import Segment
from .parse import find_dates, fold
from .parties import bare_legal_form, name_like

FIELDS = ("invoice_number", "issue_date", "due_date", "seller_name", "buyer_name")

# Label groups, looked for on folded text.
_GROUPS: dict[str, re.Pattern[str]] = {
    "number": L.INVOICE_NUMBER,
    "specific": L.SPECIFIC_NUMBER,
    "issue": L.ISSUE_DATE,
    "issue_strong": re.compile(
        r"(?:invoice|factuur|rechnungs?|facture|beleg|billing|bill)\s*-?\s*(?:date|datum)"
        r"|date\s*(?:de\s*)?(?:la\s*)?(?:facture|facturation|d'?emission)|date\s*of\s*issue"
        r"|issue\s*date|datum\s*(?:van\s*)?(?:de\s*)?factuur|rechnungsdatum|belegdatum",
        re.I,
    ),
    "not_issue": L.NOT_ISSUE_DATE,
    "due": L.DUE_DATE,
    "vat": L.VAT_LABEL,
    "iban": re.compile(r"iban|\bbic\b|swift|rekening|konto|compte|bank", re.I),
    "customer": re.compile(
        r"kunden|klant|client|customer|debiteur|debitor|account|konto|contract|vertrag", re.I
    ),
    "order": L.ORDER_REFERENCE,
    "payref": L.PAYMENT_REFERENCE,
    "buyer": L.BUYER_CONTEXT,
    "seller": L.SELLER_CONTEXT,
    "delivery": DELIVERY,
    "total": re.compile(L.INCL_WEAK.pattern + "|" + L.EXCL.pattern, re.I),
    "contact": re.compile(r"\b(?:tel|tél|fon|fax|phone|telefon|telefoon|gsm|e-?mail)\b", re.I),
}
_RELATIONS = ("same", "left", "above", "above2")

_ID_TOKEN = re.compile(r"[A-Za-z0-9#][A-Za-z0-9/_\-.]*")
_AMOUNT = re.compile(r"\d{1,3}([.,\s]\d{3})*[.,]\d{2}")
_VATISH = re.compile(r"\b[A-Z]{2}[\s.]?\d[\d\s.]{7,13}")
_IBANISH = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,}")
_NAME_LABEL = re.compile(
    r"^(?:name|nom|naam|firma|company|raison\s*sociale|bedrijfsnaam)\s*:\s*", re.I
)
# A contact person's line ("z. Hd. Herr Maier", "T.a.v. Jan Peeters", "Attn: ...").
_ATTN = re.compile(
    r"(?:z\.?\s*hd|zu\s*handen|t\.?\s*a\.?\s*v|attn|attention|a\s*l'?\s*attention|c/o"
    r"|herrn?\b|frau\b|monsieur|madame|mr\.?\b|mrs\.?\b|ms\.?\b|dhr\.?|mevr\.?)",
    re.I,
)
_DOMAIN = re.compile(r"(?:@|www\.|https?://(?:www\.)?)([a-z0-9-]{3,})\.[a-z]{2,}", re.I)


@dataclass
class RCand:
    """A candidate value for one field, where it sits, and its features."""

    value: object
    seg: Segment
    start: int
    end: int
    feats: dict[str, float]

    def as_cand(self, doc: Doc, score: float) -> Cand:
        return Cand(self.value, score, self.seg, self.start, self.end, doc.page_of[self.seg.page])


# -- shared context --------------------------------------------------------------------


class Context:
    """What every candidate of a document shares: heights, dates, VAT and IBAN lines."""

    def __init__(self, doc: Doc, vats: dict[str, Cand] | None = None) -> None:
        self.doc = doc
        heights = [s.y1 - s.y0 for s in doc.segments if s.y1 > s.y0]
        self.med_h = median(heights) if heights else 10.0
        self.max_h = max(heights) if heights else 10.0
        self.folded = {id(s): fold(s.text) for s in doc.segments}
        self.first_page = doc.pages[0].number if doc.pages else 1
        self.last_page = doc.pages[-1].number if doc.pages else 1
        self.vats = vats or {}
        self.iban_lines = {ln.index for ln in doc.lines if _IBANISH.search(ln.text.upper())}
        self.vat_lines = {ln.index for ln in doc.lines if _VATISH.search(ln.text.upper())}
        domains: set[str] = set()
        for ln in doc.lines:
            for m in _DOMAIN.finditer(ln.text):
                domains.add(fold(m.group(1)).replace("-", ""))
        self.domains = domains
        dates: list = []
        for s in doc.segments:
            dates += [d for d, _s, _e in find_dates(s.text, month_first=doc.month_first)]
        self.dates = sorted(set(dates))
        self.date_count: dict = {}
        for d in dates:
            self.date_count[d] = self.date_count.get(d, 0) + 1

    def labels(self, seg: Segment, start: int) -> dict[str, float]:
        """Which label groups sit before the value, to its left, or above it."""
        doc = self.doc
        out: dict[str, float] = {}
        before = fold(seg.text[:start])[-40:]
        texts: dict[str, list[str]] = {"same": [before], "left": [], "above": [], "above2": []}
        line = doc.lines[seg.line]
        width = doc.page_of[seg.page].width
        if seg.index > 0:
            left = line.segments[seg.index - 1]
            if seg.x0 - left.x1 < 0.3 * width:
                texts["left"].append(self.folded[id(left)][-40:])
        h = max(seg.y1 - seg.y0, 1.0)
        prev_y0 = seg.y0
        for dist in range(1, 5):
            idx = seg.line - dist
            if idx < 0 or doc.lines[idx].page != seg.page:
                break
            above = doc.lines[idx]
            if prev_y0 - above.y1 > 4 * h:
                break
            prev_y0 = above.y0
            for o in above.segments:
                if o.x0 < seg.x1 + 2 and o.x1 > seg.x0 - 2:
                    texts["above" if dist == 1 else "above2"].append(self.folded[id(o)][-40:])
        for rel, parts in texts.items():
            joined = " | ".join(parts)
            if not joined.strip():
                continue
            for name, pattern in _GROUPS.items():
                if pattern.search(joined):
                    out[f"{name}@{rel}"] = 1.0
        return out

    def position(self, seg: Segment) -> dict[str, float]:
        page = self.doc.page_of[seg.page]
        y = seg.y0 / page.height
        x = seg.x0 / page.width
        h = (seg.y1 - seg.y0) / max(self.med_h, 1.0)
        line = self.doc.lines[seg.line]
        return {
            "x": x,
            "x_right": 1.0 if x > 0.5 else 0.0,
            "y": y,
            "y_top": 1.0 if y < 0.15 else 0.0,
            "y_window": 1.0 if 0.1 <= y < 0.4 else 0.0,
            "y_foot": 1.0 if y > 0.85 else 0.0,
            "page_first": 1.0 if seg.page == self.first_page else 0.0,
            "page_last": 1.0 if seg.page == self.last_page else 0.0,
            "height": min(h, 3.0),
            "tallest": 1.0 if seg.y1 - seg.y0 >= 0.95 * self.max_h else 0.0,
            "taller": 1.0 if h > 1.15 else 0.0,
            "line_segs": min(len(line.segments), 6) / 6,
            "seg_words": min(len(seg.words), 10) / 10,
            "line_vat": 1.0 if seg.line in self.vat_lines else 0.0,
            "line_iban": 1.0 if seg.line in self.iban_lines else 0.0,
            "line_index": min(seg.line, 100) / 100,
        }


# -- candidates per field ------------------------------------------------------------------


def candidates(doc: Doc, field: str, ctx: Context) -> list[RCand]:
    if field == "invoice_number":
        return _numbers(doc, ctx)
    if field in ("issue_date", "due_date"):
        return _dates(doc, ctx)
    return _names(doc, ctx, field.split("_")[0])


def _base(ctx: Context, seg: Segment, start: int) -> dict[str, float]:
    f = {"bias": 1.0}
    f.update(ctx.labels(seg, start))
    f.update(ctx.position(seg))
    return f


def _numbers(doc: Doc, ctx: Context) -> list[RCand]:
    out: list[RCand] = []
    for seg in doc.segments:
        text = seg.text
        upper = text.upper()
        vat_spans = [(m.start(), m.end()) for m in _VATISH.finditer(upper)]
        vat_spans += [(m.start(), m.end()) for m in _IBANISH.finditer(upper)]
        dates = [(s, e) for _d, s, e in find_dates(text)]
        for m in _ID_TOKEN.finditer(text):
            token = m.group(0).rstrip(".-/")
            if len(token) < 2 or len(token) > 30 or not any(c.isdigit() for c in token):
                continue
            s, e = m.start(), m.start() + len(token)
            if any(ds <= s and e <= de + 1 for ds, de in dates):
                continue
            if _AMOUNT.fullmatch(token) or re.fullmatch(r"\d{1,3}[.,]\d{1,2}", token):
                continue
            value = token.lstrip("#")
            if len(value) < 2:
                continue
            digits = sum(c.isdigit() for c in value)
            f = _base(ctx, seg, s)
            f.update(
                {
                    "n_len": min(len(value), 20) / 20,
                    "n_short": 1.0 if len(value) <= 3 else 0.0,
                    "n_digits": digits / len(value),
                    "n_alpha": 1.0 if re.search(r"[A-Za-z]", value) else 0.0,
                    "n_dash": 1.0 if "-" in value else 0.0,
                    "n_slash": 1.0 if "/" in value else 0.0,
                    "n_dot": 1.0 if "." in value else 0.0,
                    "n_year": 1.0 if re.search(r"20[1-3]\d", value) else 0.0,
                    "n_long_digits": 1.0 if re.search(r"\d{10,}", value) else 0.0,
                    "n_in_vat": 1.0 if any(vs <= s < ve for vs, ve in vat_spans) else 0.0,
                    "n_seg_start": 1.0 if s == 0 else 0.0,
                    "n_whole_seg": 1.0 if s == 0 and e >= len(text.rstrip(" .")) else 0.0,
                    "n_hash": 1.0 if text[max(0, s - 1) : s] == "#" else 0.0,
                    "n_after_colon": 1.0 if text[:s].rstrip().endswith(":") else 0.0,
                }
            )
            out.append(RCand(value, seg, s, e, f))
    return out


def _dates(doc: Doc, ctx: Context) -> list[RCand]:
    out: list[RCand] = []
    first = ctx.dates[0] if ctx.dates else None
    for seg in doc.segments:
        for d, s, e in find_dates(seg.text, month_first=doc.month_first):
            f = _base(ctx, seg, s)
            rank = ctx.dates.index(d)
            before = fold(seg.text[:s])
            f.update(
                {
                    "d_earliest": 1.0 if rank == 0 else 0.0,
                    "d_latest": 1.0 if rank == len(ctx.dates) - 1 else 0.0,
                    "d_rank": min(rank, 5) / 5,
                    "d_after_first": min(((d - first).days if first else 0), 120) / 120,
                    "d_count": min(ctx.date_count.get(d, 1), 4) / 4,
                    "d_numeric": 1.0 if re.match(r"\d", seg.text[s:e]) else 0.0,
                    "d_place": 1.0 if re.search(r"\w,\s*(?:den|le)?\s*$", before) else 0.0,
                    "d_range": 1.0 if re.search(r"(?:-|au|bis|tot|to|until)\s*$", before) else 0.0,
                    "d_seg_start": 1.0 if s == 0 else 0.0,
                    "d_after_colon": 1.0 if seg.text[:s].rstrip().endswith(":") else 0.0,
                }
            )
            out.append(RCand(d, seg, s, e, f))
    return out


def _name_texts(seg: Segment) -> list[tuple[str, int, str]]:
    """Name-like pieces of a segment: the whole text, the part before a separator (a
    one-line address), the part after a heading's colon ('Client : Dupont SRL')."""
    text = seg.text
    out: list[tuple[str, int, str]] = []
    whole = text.strip(" ,;")
    if name_like(whole):
        out.append((whole, text.find(whole), "whole"))
    parts = [p for p in SEPARATORS.split(text.strip()) if p]
    if len(parts) >= 2:
        head = parts[0].strip(" ,;")
        if head != whole and name_like(head) and not find_postcode(head):
            out.append((head, text.find(head), "head"))
    head, colon, rest = text.partition(":")
    rest = rest.strip(" ,;")
    if colon and rest and len(fold(head).split()) <= 3 and name_like(rest):
        out.append((rest, text.find(rest, len(head)), "after_colon"))
    return out


def _names(doc: Doc, ctx: Context, role: str) -> list[RCand]:
    out: list[RCand] = []
    for line in doc.lines[:90] + [ln for ln in doc.lines[90:] if ln.page == ctx.last_page]:
        for seg in line.segments:
            for value, start, kind in _name_texts(seg):
                f = name_features(doc, ctx, seg, value, start, kind)
                out.append(RCand(value, seg, start, start + len(value), f))
    return out


def name_features(
    doc: Doc, ctx: Context, seg: Segment, value: str, start: int, kind: str
) -> dict[str, float]:
    f = _base(ctx, seg, start)
    f.update(_block_below(doc, ctx, seg, ctx.vats.get("seller_vat"), ctx.vats.get("buyer_vat")))
    words = value.split() or [""]
    key = fold(value)
    same = sum(1 for s in doc.segments if s is not seg and key in ctx.folded[id(s)])
    tokens = {fold(w).replace("-", "") for w in re.findall(r"[\w-]{4,}", value)}
    f.update(
        {
            "m_legal": 1.0 if L.LEGAL_FORM.search(value) else 0.0,
            "m_legal_end": 1.0 if L.LEGAL_FORM.search(value[-12:]) else 0.0,
            "m_bare_legal": 1.0 if bare_legal_form(value) else 0.0,
            "m_words": min(len(words), 8) / 8,
            "m_long": 1.0 if len(words) > 5 else 0.0,
            "m_lower_words": sum(1 for w in words if w[:1].islower()) / len(words),
            "m_digits": 1.0 if re.search(r"\d", value) else 0.0,
            "m_sentence": 1.0 if value.rstrip().endswith((".", "!")) else 0.0,
            "m_short": 1.0 if len(value) <= 4 else 0.0,
            "m_one_word": 1.0 if len(words) == 1 else 0.0,
            "m_upper": 1.0 if value.isupper() else 0.0,
            "m_repeat": min(same, 3) / 3,
            "m_domain": 1.0 if tokens & ctx.domains else 0.0,
            "m_head": 1.0 if kind == "head" else 0.0,
            "m_after_colon": 1.0 if kind == "after_colon" else 0.0,
            "m_title": 1.0 if L.INVOICE_NUMBER.search(key) else 0.0,
            "m_delivery": 1.0 if DELIVERY.search(key) else 0.0,
            "m_name_label": 1.0 if _NAME_LABEL.match(fold(seg.text)) else 0.0,
            "m_attn": 1.0 if _ATTN.match(key) else 0.0,
            "m_joined": 1.0 if kind == "rules" and value not in seg.text else 0.0,
        }
    )
    return f


def rule_candidate(doc: Doc, field: str, ctx: Context, cand: Cand) -> RCand:
    """The rules' answer as a candidate when the candidates do not hold it (a name the
    rules joined from two lines, a number read past a separator)."""
    if field.endswith("_name"):
        feats = name_features(doc, ctx, cand.seg, str(cand.value), cand.start, "rules")
    else:
        feats = _base(ctx, cand.seg, cand.start)
    return RCand(cand.value, cand.seg, cand.start, cand.end, feats)


def _block_below(
    doc: Doc, ctx: Context, seg: Segment, seller_vat: Cand | None, buyer_vat: Cand | None
) -> dict[str, float]:
    """What the lines under a name, in its column, hold: an address block's street and
    postcode, contact lines, a VAT number the rules gave to one side, an IBAN."""
    h = max(seg.y1 - seg.y0, 1.0)
    f: dict[str, float] = {}
    prev_y1 = seg.y1
    street = postcode = contact = 0
    for dist in range(1, 9):
        idx = seg.line + dist
        if idx >= len(doc.lines) or doc.lines[idx].page != seg.page:
            break
        below = [
            s
            for s in doc.lines[idx].segments
            if abs(s.x0 - seg.x0) <= 3 * h or (s.x0 < seg.x1 and s.x1 > seg.x0)
        ]
        if not below:
            continue
        o = below[0]
        if o.y0 - prev_y1 > 3 * h:
            break
        prev_y1 = o.y1
        if dist <= 3 and is_street(o.text):
            street = 1
        if dist <= 4 and find_postcode(o.text.strip()):
            postcode = 1
        if ctx.folded[id(o)] and _GROUPS["contact"].search(ctx.folded[id(o)]):
            contact += 1
        if seller_vat is not None and seller_vat.seg is o:
            f["b_seller_vat"] = 1.0
        if buyer_vat is not None and buyer_vat.seg is o:
            f["b_buyer_vat"] = 1.0
        if idx in ctx.iban_lines:
            f["b_iban"] = 1.0
        if idx in ctx.vat_lines:
            f["b_vat"] = 1.0
    f["b_street"] = float(street)
    f["b_postcode"] = float(postcode)
    f["b_contact"] = min(contact, 3) / 3
    # Inline: a one-line address whose first part is this name.
    parts = [p for p in SEPARATORS.split(seg.text.strip()) if p]
    if len(parts) >= 3 and any(find_postcode(p) for p in parts[1:]):
        f["b_one_line"] = 1.0
    for role, vat in (("seller", seller_vat), ("buyer", buyer_vat)):
        if vat is not None and vat.seg is seg:
            f[f"b_{role}_vat_same"] = 1.0
    return f
