"""Postal addresses of the seller and the buyer, from words with boxes, template-free.

An address is a postcode + city (Belgian, Dutch, French, German forms, with or without
a country prefix: "1000 Bruxelles", "3012 CN Rotterdam", "D-63571 Gelnhausen") with a
street + house number before it, on the same line ("Rue de la Loi 16, 1000 Bruxelles")
or on a line above in the same column, and a country when one is printed. Whose it is
comes from what surrounds the block: a heading ("Fournisseur", "Bill to", "Käufer"),
the party's name or VAT number found by the field extraction, then where it sits
(a return-address line and the footer are the seller's, the window block the buyer's).
The value has the e-invoice path's shape: "street, postcode city[, country code]".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import labels as L
from .document import Doc, build_doc
from .layout import Segment
from .parse import fold
from .types import FieldValue, PageText, Word

COUNTRIES = {
    "belgique": "BE",
    "belgie": "BE",
    "belgium": "BE",
    "belgien": "BE",
    "france": "FR",
    "frankreich": "FR",
    "frankrijk": "FR",
    "nederland": "NL",
    "netherlands": "NL",
    "the netherlands": "NL",
    "pays-bas": "NL",
    "niederlande": "NL",
    "holland": "NL",
    "deutschland": "DE",
    "germany": "DE",
    "allemagne": "DE",
    "duitsland": "DE",
    "deutschland / germany": "DE",
    "luxembourg": "LU",
    "luxemburg": "LU",
    "osterreich": "AT",
    "austria": "AT",
    "autriche": "AT",
    "schweiz": "CH",
    "suisse": "CH",
    "switzerland": "CH",
    "italia": "IT",
    "italy": "IT",
    "espana": "ES",
    "spain": "ES",
    "espagne": "ES",
    "united kingdom": "GB",
    "royaume-uni": "GB",
}
# Postcode prefixes printed before the number ("D-63571", "F-75001", "B-1000", "DE 80333").
PREFIXES = {
    "D": "DE",
    "DE": "DE",
    "F": "FR",
    "FR": "FR",
    "B": "BE",
    "BE": "BE",
    "NL": "NL",
    "L": "LU",
    "LU": "LU",
    "A": "AT",
    "AT": "AT",
    "CH": "CH",
}
SEPARATORS = re.compile(r"\s*(?:,|\s[-–—|•●·]\s|\s\|\s|\s{2,})\s*")
_POSTCODE = re.compile(
    r"^(?:(?P<cc>[A-Z]{1,2})(?:\s?-\s?|\s))?"
    r"(?P<pc>[1-9]\d{3}\s?[A-Z]{2}(?=\s)|\d{5}|[1-9]\d{3})"
    r"\s*(?P<city>[A-ZÀ-Ýa-zà-ÿ][A-Za-zÀ-ÿ'’.\-]*(?:\s(?:[A-Za-zÀ-ÿ'’.\-]+|\([A-Za-z]+\))){0,3})"
    r"(?:\s+(?P<tail>[A-Z]{2}))?$"
)
STREET_WORDS = (
    r"rue|avenue|av|bd|boulevard|chemin|chaussee|place|quai|route|allee|impasse|cours|square"
    r"|rempart|sentier|clos|straat|laan|weg|plein|steenweg|lei|dreef|kaai|markt|baan|dijk"
    r"|strasse|str|gasse|platz|ring|damm|ufer|allee|street|st|road|rd|ave|lane|drive|way"
)
_STREET_NUMBER_LAST = re.compile(
    r"^[A-Za-zÀ-ÿ][\wÀ-ÿ'’.\- ]{2,50}?,?\s\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?"
    r"(?:\s*(?:bus|bte|boite|box|b)\.?\s*\w{1,4})?$"
)
_STREET_NUMBER_FIRST = re.compile(
    r"^\d{1,4}\s?[a-zA-Z]?(?:\s(?:bis|ter))?,?\s+(?:\S+\s+){0,3}(?:" + STREET_WORDS + r")\b",
)
_NOT_STREET = re.compile(
    r"@|www\.|https?:|\b(?:tel|tél|fax|phone|iban|bic|swift|seite|page|pos|stk|pcs|kg|nr|no"
    r"|invoice|rechnung|facture|factuur|total|summe|tage|days|jours|dagen|hrb|kto|blz)\b"
    r"|\d[.,]\d{2}\b|%",
    re.IGNORECASE,
)
DELIVERY = re.compile(
    r"livraison|lieferadresse|lieferanschrift|afleveradres|leveringsadres|delivery|ship\s*to"
    r"|warenempfanger|deliver\s*to|versandadresse"
)
_NOT_CITY = re.compile(
    r"^(?:stk|pcs|eur|usd|x|tage|days|jours|dagen|jahre|euro|euros|st|h|min|kg|m|cm|mm|gb|mb"
    r"|uhr|ex|per|pro|par|bis|von|vom|du|au|tot|van|et|und|and|en)\b",
    re.IGNORECASE,
)


@dataclass
class Block:
    street: str
    postcode: str
    city: str
    country: str | None
    page: int
    words: list[Word]
    top: int  # line index of the street (or of the postcode when on one line)
    bottom: int  # line index of the postcode
    x0: float
    x1: float
    one_line: bool  # street and postcode on one line ("Acme - Street 1 - 1000 Town")
    parts: int  # pieces on that line (a return-address line has three or more)

    @property
    def value(self) -> str:
        out = f"{self.street}, {self.postcode} {self.city}"
        return f"{out}, {self.country}" if self.country else out


def parts_of(seg: Segment) -> list[str]:
    return [p for p in SEPARATORS.split(seg.text.strip()) if p]


def is_street(text: str) -> bool:
    t = text.strip(" ,")
    if len(t) < 4 or _NOT_STREET.search(t):
        return False
    if _STREET_NUMBER_LAST.match(t):
        return bool(re.search(r"[A-Za-zÀ-ÿ]{3}", t))
    return bool(_STREET_NUMBER_FIRST.match(fold(t)))


def country_of(text: str) -> str | None:
    t = fold(text).strip(" .,")
    if t in COUNTRIES:
        return COUNTRIES[t]
    if re.fullmatch(r"[a-z]{2}", t) and t.upper() in PREFIXES.values():
        return t.upper()
    return None


def find_postcode(part: str) -> re.Match | None:
    m = _POSTCODE.match(part.strip(" ,"))
    if m is None or _NOT_CITY.match(m.group("city")):
        return None
    if m.group("cc") and m.group("cc") not in PREFIXES:
        return None
    if len(m.group("city")) < 2:
        return None
    return m


def _column_lines(doc: Doc, seg: Segment, direction: int, h: float) -> Iterator[Segment]:
    """Segments of the lines above (-1) or below (+1) that share seg's column."""
    prev = seg
    for dist in range(1, 5):
        idx = seg.line + direction * dist
        if idx < 0 or idx >= len(doc.lines) or doc.lines[idx].page != seg.page:
            return
        line = doc.lines[idx]
        same = [
            s
            for s in line.segments
            if abs(s.x0 - seg.x0) <= 2.5 * h
            or (s.x0 < seg.x1 and seg.x0 < s.x1 and abs(s.x0 - seg.x0) < 8 * h)
        ]
        if not same:
            continue
        other = same[0]
        gap = (prev.y0 - other.y1) if direction < 0 else (other.y0 - prev.y1)
        if gap > 3.5 * h:  # address blocks are often set with wide leading
            return
        yield other
        prev = other


def find_blocks(doc: Doc) -> list[Block]:
    out: list[Block] = []
    for line in doc.lines:
        for seg in line.segments:
            h = max(seg.y1 - seg.y0, 1.0)
            parts = parts_of(seg)
            for k, part in enumerate(parts):
                m = find_postcode(part)
                if m is None:
                    continue
                street = next((p for p in reversed(parts[:k]) if is_street(p)), None)
                top, one_line, words = line.index, True, list(seg.words)
                if street is None and k > 0 and is_street(", ".join(parts[k - 1 : k])):
                    street = parts[k - 1]
                if street is None:
                    one_line = False
                    for above in _column_lines(doc, seg, -1, h):
                        if is_street(above.text):
                            street, top = above.text.strip(" ,"), above.line
                            words = list(above.words) + words
                            break
                        joined = " ".join(parts_of(above))
                        if is_street(joined):
                            street, top = joined, above.line
                            words = list(above.words) + words
                            break
                if street is None:
                    continue
                country = PREFIXES.get(m.group("cc") or "") or (
                    m.group("tail") if m.group("tail") in PREFIXES.values() else None
                )
                for after in parts[k + 1 : k + 2]:
                    country = country or country_of(after)
                if country is None and not one_line:
                    below = next(iter(_column_lines(doc, seg, 1, h)), None)
                    if below is not None:
                        country = country_of(below.text)
                city = m.group("city").strip(" ,")
                pc = re.sub(r"\s+", " ", m.group("pc"))
                if re.fullmatch(r"\d{4}[A-Z]{2}", pc):
                    pc = pc[:4] + " " + pc[4:]
                out.append(
                    Block(
                        street=re.sub(r"\s+", " ", street.strip(" ,")),
                        postcode=pc,
                        city=city,
                        country=country,
                        page=seg.page,
                        words=words,
                        top=top,
                        bottom=line.index,
                        x0=seg.x0,
                        x1=seg.x1,
                        one_line=one_line,
                        parts=len(parts),
                    )
                )
                break
    return out


def heading_of(doc: Doc, block: Block, h: float) -> str | None:
    """'seller', 'buyer' or 'delivery' when a short heading above the block says so."""
    prev_y0 = doc.lines[block.top].y0
    for dist in range(0, 7):
        idx = block.top - dist
        if idx < 0 or doc.lines[idx].page != block.page:
            break
        column = [
            seg
            for seg in doc.lines[idx].segments
            if not dist or (seg.x0 < block.x1 + 2 * h and block.x0 - 2 * h < seg.x1)
        ]
        if dist and column:
            if prev_y0 - max(seg.y1 for seg in column) > 3 * h:
                break  # a heading sits over its block, not over the one above it
            prev_y0 = min(seg.y0 for seg in column)
        for seg in column:
            if len(seg.words) > 5 and dist:
                continue
            t = fold(seg.text)
            if dist == 0:
                t = t[: max(0, seg.text.find(block.street))]
            if DELIVERY.search(t):
                return "delivery"
            if L.BUYER_CONTEXT.search(t):
                return "buyer"
            if L.SELLER_CONTEXT.search(t):
                return "seller"
    return None


def _near(doc: Doc, block: Block, anchor: FieldValue | None, pages: dict[int, PageText]) -> float:
    """How strongly a found name or VAT number sits in the block (1 at its top line)."""
    if anchor is None or anchor.box is None or anchor.page != block.page:
        return 0.0
    page = pages[block.page]
    ax0, ay0, ax1, ay1 = (
        anchor.box[0] * page.width,
        anchor.box[1] * page.height,
        anchor.box[2] * page.width,
        anchor.box[3] * page.height,
    )
    top_y = doc.lines[block.top].y0
    bottom_y = doc.lines[block.bottom].y1
    h = max(bottom_y - top_y, 10.0) / max(1, block.bottom - block.top + 1)
    if block.one_line and ay0 <= (top_y + bottom_y) / 2 <= ay1 + 1:
        return 1.0  # on the address line itself
    x_ok = ax0 < block.x1 + 3 * h and block.x0 - 3 * h < ax1
    if not x_ok:
        return 0.0
    if top_y - 5 * h <= ay0 <= bottom_y + 0.5 * h:
        return 1.0  # the name over the street, or a line of the block
    if bottom_y < ay0 <= bottom_y + 8 * h:
        return 0.6  # the VAT number under the block
    return 0.0


def _return_line_over(doc: Doc, line: Block, block: Block) -> bool:
    """The sender's one-line address printed just over the addressee's window block."""
    if not (line.one_line and line.parts >= 3) or line.page != block.page:
        return False
    if not 0 < block.top - line.bottom <= 4:
        return False
    return line.x0 < block.x1 and block.x0 < line.x1


def _extract_addresses(
    pages: list[PageText], fields: dict[str, FieldValue]
) -> dict[str, FieldValue]:
    doc = build_doc(pages)
    if not doc.lines:
        return {}
    blocks = find_blocks(doc)
    if not blocks:
        return {}
    scores: list[dict[str, float]] = []
    for b in blocks:
        page = doc.page_of[b.page]
        h = max(doc.lines[b.bottom].y1 - doc.lines[b.bottom].y0, 1.0)
        heading = heading_of(doc, b, h)
        s = {"seller": 0.0, "buyer": 0.0}
        if heading == "delivery":
            scores.append({"seller": -9.0, "buyer": -9.0})
            continue
        if heading in s:
            s[heading] += 2.0
        for role in ("seller", "buyer"):
            s[role] += 2.0 * _near(doc, b, fields.get(f"{role}_name"), doc.page_of)
            s[role] += 1.2 * _near(doc, b, fields.get(f"{role}_vat"), doc.page_of)
        y = doc.lines[b.top].y0 / page.height
        # Where addresses sit on a letter: the sender's on one line over the window, in
        # the letterhead or in the footer; the addressee's in the window.
        if b.one_line and b.parts >= 3:
            s["seller"] += 1.0
        if y > 0.8:
            s["seller"] += 0.6
        elif b.page == pages[0].number and y < 0.1 and not b.one_line:
            s["seller"] += 0.6  # the letterhead, over the window's height
        elif b.page == pages[0].number and y < 0.4 and not b.one_line:
            # The window block: left under DIN 5008, right in French letters.
            s["buyer"] += 0.5 if b.x0 < 0.5 * page.width else 0.4
            if any(_return_line_over(doc, r, b) for r in blocks):
                s["buyer"] += 1.5
        scores.append(s)
    out: dict[str, FieldValue] = {}
    taken: set[int] = set()
    order = sorted(
        ((sc[role], role, i) for i, sc in enumerate(scores) for role in ("seller", "buyer")),
        reverse=True,
    )
    source = "ocr" if any(p.source == "ocr" for p in doc.pages) else "text"
    for score, role, i in order:
        key = f"{role}_address"
        if score < 0.4 or key in out or i in taken:
            continue
        # A block as strong for the other side is not this one's (a tie says nothing).
        other = "buyer" if role == "seller" else "seller"
        if scores[i][other] >= score and score < 2:
            continue
        b = blocks[i]
        # The same address printed twice (letterhead and notes) is one party's: the
        # seller and the buyer are never at one street and postcode.
        same = {
            k
            for k, c in enumerate(blocks)
            if (c.postcode, fold(c.street)) == (b.postcode, fold(b.street))
        }
        if same & taken:
            continue
        taken |= same
        page = doc.page_of[b.page]
        out[key] = FieldValue(
            b.value,
            min(0.9, 0.35 + 0.15 * score),
            source,
            page=b.page,
            box=page.box(b.words),
        )
    return out


def extract_addresses(
    pages: list[PageText], fields: dict[str, FieldValue]
) -> dict[str, FieldValue]:
    # An extra on top of the fields: a bug on one odd page must not cost the document
    # its recognised fields, so a failure here gives nothing rather than an error.
    try:
        return _extract_addresses(pages, fields)
    except Exception:
        logging.getLogger(__name__).exception("extract_addresses failed")
        return {}
