"""Who sold and who bought: the parties' names, template-free, in four languages.

A letter says whose each address block is by where and how it is printed, whatever the
language: the sender's one-line address ("Acme SRL · Rue X 1 · 1000 Bruxelles") over the
envelope window is the seller's and the block under it the buyer's; a heading names a
block ("Fournisseur", "Bill to", "Kunde"); the letterhead (top of the page, set flush
right, with phone, web and e-mail lines, its name in the site's domain) and the footer
are the seller's; the window block is the buyer's. A delivery address ("Lieferadresse",
"Ship to", "Adresse de livraison") is neither. The name is the block's first line that
is a name (never a street, a postcode line, a label, a phone, e-mail or web line), or a
company closed by its legal form ("Acme GmbH"). Weak cues give a low confidence; with
no cue the name stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import labels as L
from .address import (
    DELIVERY,
    SEPARATORS,
    STREET_WORDS,
    Block,
    country_of,
    find_blocks,
    find_postcode,
    heading_of,
    is_street,
    parts_of,
)
from .candidates import Cand, best_of
from .context import whose_block
from .document import Doc
from .layout import Segment
from .parse import fold
from .types import Word

# Stronger than this, a block's cue beats a company name found by its legal form alone.
STRONG = 1.0

_NOT_A_NAME = re.compile(
    r"\d|@|www\.|https?:|:|\b(?:tel|fax|phone|email|e-mail|iban|bic|swift|gln|siret|siren|rue|street"
    r"|strasse|straße|straat|avenue|laan|weg)\b",
    re.I,
)
_CONTACT = re.compile(
    r"@|www\.|https?:|\.(?:com|be|de|fr|nl|eu|net|org|lu)\b|\b(?:tel|tél|fon|fax|phone|telefon"
    r"|telefoon|gsm|mobile|e-?mail|hrb|hra|rpm|rpr|kbo|btw|tva|vat|ust|iban|bic)\b",
    re.I,
)
_LABEL = re.compile(r"^[^:]{1,40}:\s*\S|:\s*$")
# A salutation alone on its line ("Herrn", "Firma") sits over the name it introduces.
_SALUTATION = re.compile(
    r"^(?:herrn?|frau|firma|monsieur|madame|messieurs|m\.|mme|mr\.?|mrs\.?|ms\.?|dhr\.?"
    r"|mevr\.?|de\s*heer|mevrouw|to|a|à|aan|an)$",
    re.I,
)
_NAME_LABEL = re.compile(
    r"^(?:name|nom|naam|firma|company|raison\s*sociale|denomination|benaming|bedrijfsnaam)\s*:\s*",
    re.I,
)
_DOMAIN = re.compile(r"(?:@|www\.|https?://(?:www\.)?)([a-z0-9-]{3,})\.[a-z]{2,}", re.I)


@dataclass
class Party:
    """An address block and the name printed over it (or before it, on one line)."""

    block: Block
    name: str | None
    seg: Segment | None
    start: int = 0
    heading: str | None = None
    score: dict[str, float] = field(default_factory=lambda: {"seller": 0.0, "buyer": 0.0})


def name_like(text: str) -> bool:
    """A line that can be a party's name: letters, short, and none of what surrounds it."""
    t = text.strip(" ,;")
    if not 2 <= len(t) <= 70 or not re.search(r"[A-Za-zÀ-ÿ]{2}", t):
        return False
    if sum(c.isdigit() for c in t) >= 4 or re.search(r"@|www\.|https?:", t, re.I):
        return False
    if _LABEL.search(t) or is_street(t) or find_postcode(t) or country_of(t):
        return False
    if _FOR_THE_ATTENTION.match(t):
        return False  # a contact person in the party's block, not the party
    if len(t.split()) <= 3 and (L.INVOICE_NUMBER.search(fold(t)) or L.CREDIT_NOTE.search(fold(t))):
        return False  # the document's title ("FACTURE", "Rechnung", "Credit note")
    return not _A_LABEL.search(fold(t))


# "For the attention of" in four languages: the line names a person at the party.
_FOR_THE_ATTENTION = re.compile(
    r"(?:t\.?\s?a\.?\s?v\.?|ter\s+attentie\s+van|z\.?\s?hd\.?|zu\s+h(?:ä|ae|a)nden|attn\.?"
    r"|for\s+the\s+attention\s+of|(?:à|a)\s+l['’]\s?attention\s+de|attention)(?:\s|:|$)",
    re.I,
)
# Labels a scan prints without their colon ("VAT Registration No.", "Kundennummer").
_A_LABEL = re.compile(
    r"\b(?:no|nr|n°|number|nummer|numero)\.?$|^(?:vat|tva|btw|ust|mwst|iban|bic|swift)\b"
    r"|^(?:tel|tél|fon|fax|phone|telefon|gsm|e-?mail)\b|nummer$"
)


def _segment_of(doc: Doc, line_index: int, word: Word) -> Segment | None:
    return next((s for s in doc.lines[line_index].segments if word in s.words), None)


def _is_heading(seg: Segment) -> bool:
    t = fold(seg.text).strip()
    # "Lieferant GmbH", "Kunden AG Mitte" are names that hold a heading's word.
    if len(seg.words) > 4 or L.LEGAL_FORM.search(seg.text):
        return False
    return bool(L.BUYER_CONTEXT.search(t) or L.SELLER_CONTEXT.search(t) or t.endswith(":"))


def _is_one_line_address(seg: Segment) -> bool:
    parts = parts_of(seg)
    return len(parts) >= 3 and any(find_postcode(p) for p in parts)


_DOTS = re.compile(r"\s[·•●]\s|\s[·•●]$")


def _sender_line_start(seg: Segment) -> bool:
    """'Janssens Group BV · Chaussée de Waterloo 117 ·' or 'Waterloo 145 · 9000 Gent': a
    piece of a sender's line the layout wrapped, so not a whole one-line address. The
    dots between its parts are the sender line's mark; an address block has none."""
    return bool(_DOTS.search(seg.text))


def _heading_over(doc: Doc, seg: Segment, h: float) -> bool:
    for idx in range(seg.line - 1, max(-1, seg.line - 5), -1):
        if doc.lines[idx].page != seg.page:
            return False
        column = [s for s in doc.lines[idx].segments if abs(s.x0 - seg.x0) <= 2.5 * h]
        if column:
            return seg.y0 - column[0].y1 <= 2.5 * h and _is_heading(column[0])
    return False


def after_heading_label(text: str) -> tuple[str, str] | None:
    """'Client : Dupont & Fils SRL', 'Bill to: Contoso NV': the name after its heading,
    and whose it is."""
    head, sep, rest = text.partition(":")
    t = fold(head).strip()
    if not sep or len(t.split()) > 3 or not rest.strip() or DELIVERY.search(t):
        return None
    role = (
        "buyer" if L.BUYER_CONTEXT.search(t) else "seller" if L.SELLER_CONTEXT.search(t) else None
    )
    rest = rest.strip(" ,;")
    return (rest, role) if role and name_like(rest) else None


def _name_over(doc: Doc, top: Segment, stops: set[int]) -> tuple[Segment, str, str | None] | None:
    """The block's name: the topmost name-like line over its street, in its column."""
    h = max(top.y1 - top.y0, 1.0)
    found: list[Segment] = []
    prev_y0 = top.y0
    for dist in range(1, 7):
        idx = top.line - dist
        if idx < 0 or doc.lines[idx].page != top.page:
            break
        column = [
            s
            for s in doc.lines[idx].segments
            if abs(s.x0 - top.x0) <= 2.5 * h or abs(s.x1 - top.x1) <= 1.0
        ]
        if not column:
            continue
        seg = column[0]
        if prev_y0 - seg.y1 > 2.5 * h:
            break  # the block ends where its leading does
        if idx in stops or _is_one_line_address(seg) or _sender_line_start(seg):
            break  # the sender's line over the window
        labelled = after_heading_label(seg.text)
        if labelled is not None:
            if not found:
                return seg, labelled[0], labelled[1]
            break
        if _is_heading(seg):
            # Two heading-like lines stacked ("Adresse du client" over "LE CLIENT"):
            # the lower one is the block's first line, not its heading.
            if not found and _heading_over(doc, seg, h):
                found.append(seg)
            break
        if _wrapped_city(doc, idx, seg):
            break  # the end of the sender's line over the window, not a name
        prev_y0 = seg.y0
        if name_like(seg.text):
            found.append(seg)
    while found and _SALUTATION.match(found[-1].text.strip(" ,")):
        found.pop()
    if not found:
        return None
    # A company and a person over one street: the company is the party ("z. Hd.").
    company = next((s for s in found if L.LEGAL_FORM.search(s.text)), None)
    seg = company or found[-1]
    return seg, seg.text.strip(" ,;"), None


_ENDS_WITH_POSTCODE = re.compile(r"(?:^|\s)(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?\s*$")


def _wrapped_city(doc: Doc, idx: int, seg: Segment) -> bool:
    """A line of one or two words under a line ending in a postcode, in its column: the
    town the layout wrapped ("Acme BV · Dorpsstraat 76 · 3011 AD" over "Rotterdam")."""
    if idx == 0 or len(seg.words) > 2 or re.search(r"\d", seg.text):
        return False
    above = doc.lines[idx - 1]
    h = max(seg.y1 - seg.y0, 1.0)
    return above.page == seg.page and any(
        abs(o.x0 - seg.x0) <= 2.5 * h and _ENDS_WITH_POSTCODE.search(o.text) for o in above.segments
    )


def _party(doc: Doc, b: Block, stops: set[int]) -> Party:
    first_word = b.words[0]
    seg = _segment_of(doc, b.top, first_word)
    if seg is None:
        return Party(b, None, None)
    if b.one_line:
        parts = parts_of(seg)
        head = parts[0] if parts else ""
        # "Acme GmbH · Street 1 · 12345 Town": the part before the street.
        if len(parts) >= 3 and name_like(head) and not find_postcode(head):
            return Party(b, head.strip(" ,;"), seg, seg.text.find(head))
        if len(parts) >= 3:
            return Party(b, None, seg)
        # "Rue Haute 12, 1000 Bruxelles": the name is on the line above.
    over = _name_over(doc, seg, stops)
    if over is None:
        return Party(b, None, seg)
    name_seg, name, role = over
    return Party(b, name, name_seg, name_seg.text.find(name), heading=role)


def _right_aligned(doc: Doc, p: Party) -> bool:
    """Letterheads are often set flush right; a window address never is."""
    if p.seg is None or p.block.one_line:
        return False
    segs = [p.seg] + [
        s
        for i in range(p.seg.line + 1, p.block.bottom + 1)
        for s in doc.lines[i].segments
        if abs(s.x1 - p.seg.x1) <= 1.5
    ]
    if len(segs) < 3:
        return False
    h = max(p.seg.y1 - p.seg.y0, 1.0)
    return max(s.x0 for s in segs) - min(s.x0 for s in segs) > 2 * h


def _contact_lines_near(doc: Doc, p: Party) -> int:
    """Phone, fax, web, e-mail or register lines just under the block, in its column."""
    b = p.block
    h = max(doc.lines[b.bottom].y1 - doc.lines[b.bottom].y0, 1.0)
    n = 0
    for idx in range(b.bottom + 1, min(len(doc.lines), b.bottom + 6)):
        line = doc.lines[idx]
        if line.page != b.page:
            break
        n += sum(
            1
            for s in line.segments
            if abs(s.x0 - b.x0) <= 2.5 * h and _CONTACT.search(s.text) and len(s.words) <= 6
        )
    return n


def _domains(doc: Doc, exclude: set[int]) -> set[str]:
    out = set()
    for line in doc.lines:
        if line.index in exclude:
            continue
        for m in _DOMAIN.finditer(line.text):
            out.add(fold(m.group(1)).replace("-", ""))
    return out


def _score(doc: Doc, p: Party, parties: list[Party], vats: dict[str, Cand]) -> None:
    b = p.block
    page = doc.page_of[b.page]
    h = max(doc.lines[b.bottom].y1 - doc.lines[b.bottom].y0, 1.0)
    p.heading = p.heading or heading_of(doc, b, h)
    s = p.score
    if p.heading in s:
        s[p.heading] += 2.0
    top_line = p.seg.line if p.seg is not None else b.top
    for role in ("seller", "buyer"):
        vat = vats.get(f"{role}_vat")
        if vat is not None and vat.seg.page == b.page:
            in_column = vat.seg.x0 < b.x1 + 3 * h and b.x0 - 3 * h < vat.seg.x1
            if in_column and top_line <= vat.seg.line <= b.bottom + 4:
                s[role] += 0.8
    y = doc.lines[top_line].y0 / page.height
    first_page = b.page == doc.pages[0].number
    if b.one_line and b.parts >= 3:
        s["seller"] += 1.0  # the sender's return line
    if y > 0.8:
        s["seller"] += 0.6  # the footer
    elif first_page and y < 0.1 and not b.one_line:
        s["seller"] += 0.6  # the letterhead, over the window's height
    elif first_page and y < 0.4 and not b.one_line:
        s["buyer"] += 0.5  # the window: left under DIN 5008, right in French letters
        if any(_return_line_over(doc, r, p) for r in parties):
            s["buyer"] += 1.5
    if not b.one_line and p.name:
        key = fold(p.name)
        if any(r.block.one_line and r.name and fold(r.name) == key for r in parties):
            s["seller"] += 1.0  # the letterhead of the sender line's company
    if _right_aligned(doc, p):
        s["seller"] += 1.0
    if _contact_lines_near(doc, p) >= 2:
        s["seller"] += 0.5
    if p.name:
        block_lines = set(range(top_line, b.bottom + 3))
        words = {fold(w).replace("-", "") for w in re.findall(r"[\w-]{4,}", p.name)}
        if words & _domains(doc, block_lines):
            s["seller"] += 0.8  # the name is the web site's or the e-mail's domain


def _return_line_over(doc: Doc, r: Party, p: Party) -> bool:
    """r is a sender's one-line address printed just over p's block (the window)."""
    line, block = r.block, p.block
    if not (line.one_line and line.parts >= 3) or line.page != block.page or r is p:
        return False
    top = p.seg.line if p.seg is not None else block.top
    if not 0 < top - line.bottom <= 3:
        return False
    gap = doc.lines[top].y0 - doc.lines[line.bottom].y1
    h = max(doc.lines[top].y1 - doc.lines[top].y0, 1.0)
    return gap <= 7 * h and line.x0 < block.x1 + 4 * h and block.x0 - 4 * h < line.x1


# A street's first word: a street word on its own ("Boulevard", "St."), or a compound
# ending in one ("Lindenallee", "Kerkstraat"); never a word that merely ends like one
# ("Est", "Ford").
_STREET_START = re.compile(
    rf"^(?:{STREET_WORDS})\.?$|^\d"
    r"|\w(?:straat|laan|weg|plein|steenweg|lei|dreef|kaai|markt|baan|dijk|strasse|straße|str|gasse"
    r"|platz|ring|damm|ufer|allee|street)\.?$"
)
_PLAIN_POSTCODE = re.compile(r"(?:^|\s)(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÀ-Ý]")


def _name_before_street(text: str) -> str | None:
    """'weclapp.com Somestreet 42 08155 Some city' (the separators lost in a scan): the
    name is what comes before the street that comes before the postcode."""
    m = _PLAIN_POSTCODE.search(text)
    if m is None:
        return None
    return _before_street(text[: m.start()])


def _before_street(text: str) -> str | None:
    """'Acme GmbH Somestreet 42': what comes before the street that ends the text."""
    tokens = text.split()
    for i in range(1, len(tokens)):
        if _STREET_START.search(fold(tokens[i])) and is_street(" ".join(tokens[i:])):
            return " ".join(tokens[:i])
    return None


def _sender_lines(doc: Doc, blocks: list[Block]) -> list[Party]:
    """One-line sender addresses the address reader cannot split: separators read as
    letters or lost, the line cut into cells by wide gaps. Over the window on the first
    page (the return line) and at the foot of any page (the issuer's footer: a scan
    loses its small "·" separators)."""
    out: list[Party] = []
    first = doc.pages[0]
    known = {(b.top, b.page) for b in blocks if b.one_line}
    for line in doc.lines:
        page = doc.page_of[line.page]
        top = line.page == first.number and line.y0 <= 0.45 * first.height
        if not top and line.y0 < 0.8 * page.height:
            continue
        if (line.index, line.page) in known:
            continue
        runs: list[list[Segment]] = []
        h = max(max(seg.y1 - seg.y0 for seg in line.segments), 1.0)
        last_x1 = None
        for seg in line.segments:
            near = last_x1 is not None and seg.x0 - last_x1 <= 4 * h
            last_x1 = seg.x1
            if len(seg.text) <= 2 and not any(c.isdigit() for c in seg.text):
                continue  # a separator dot read as "e" or "•"
            if runs and near:
                runs[-1].append(seg)
            else:
                runs.append([seg])
        for run in runs:
            text = " | ".join(s.text for s in run)
            parts = SEPARATORS.split(text)
            name = None
            if len(parts) >= 3 and any(find_postcode(p) for p in parts[1:]):
                # "Atelier Dubois & Co KG Lindenallee 100": the dot before the street lost.
                name = _before_street(parts[0]) or parts[0]
            else:
                name = _name_before_street(" ".join(s.text for s in run))
            if not name or not name_like(name) or DELIVERY.search(fold(name)):
                continue
            if run[0].text.find(name) != 0:
                continue
            words = [w for s in run for w in s.words]
            block = Block(
                street="",
                postcode="",
                city="",
                country=None,
                page=line.page,
                words=words,
                top=line.index,
                bottom=line.index,
                x0=run[0].x0,
                x1=max(s.x1 for s in run),
                one_line=True,
                parts=3,
            )
            out.append(Party(block, name.strip(" ,;"), run[0], 0))
    return out


def _parties(doc: Doc, vats: dict[str, Cand]) -> list[Party]:
    blocks = find_blocks(doc)
    senders = _sender_lines(doc, blocks)
    stops = {p.block.top for p in senders}
    parties = [_party(doc, b, stops) for b in blocks] + senders
    for p in parties:
        _score(doc, p, parties, vats)
    return [p for p in parties if p.name]


def _assign(parties: list[Party]) -> dict[str, tuple[Party, float]]:
    """Best block per role, each block one role, the same name never on both sides."""
    order = sorted(
        ((p.score[r], r, i) for i, p in enumerate(parties) for r in ("seller", "buyer")),
        key=lambda t: (-t[0], t[2]),
    )
    out: dict[str, tuple[Party, float]] = {}
    for score, role, i in order:
        p = parties[i]
        other = "buyer" if role == "seller" else "seller"
        if score < 0.5 or role in out:
            continue
        if p.score[other] >= score and score < 2:
            continue  # as strong for the other side: a tie says nothing
        if other in out and fold(out[other][0].name or "") == fold(p.name or ""):
            continue
        out[role] = (p, score - max(0.0, p.score[other]))
    return out


def _cand(doc: Doc, p: Party, score: float) -> Cand:
    assert p.seg is not None and p.name is not None
    return Cand(
        p.name,
        score,
        p.seg,
        p.start,
        p.start + len(p.name),
        doc.page_of[p.seg.page],
    )


def legal_form_name(doc: Doc, vat: Cand | None, role: str) -> Cand | None:
    """A company name closed by its legal form in the role's part of the page."""
    cands: list[Cand] = []
    for line in doc.lines[:60]:
        for seg in line.segments:
            if not L.LEGAL_FORM.search(seg.text):
                continue
            t = fold(seg.text)
            if re.search(r"livraison|liefer|levering|ship\s*to|delivery|aflever", t):
                continue  # "Lieferadresse: Beispiel Lager AG": neither party's name
            # Return-address lines ("Acme GmbH - Street 1 - 12345 Town"): the first part.
            text = (
                re.split(r"\s[-|•●·]\s|\s{2,}|,\s", seg.text)[0]
                if re.search(r"\s[-|•●·]\s|,\s", seg.text)
                else seg.text
            )
            text = text.strip(" :,")
            # The legal form closes a company name ("Acme GmbH", "Coolblue B.V.").
            tail = L.LEGAL_FORM.search(text[-12:])
            if not tail or text[-12:][tail.end() :].strip(" .,") or len(text) > 60 or len(text) < 3:
                continue
            text = re.sub(r"^(?:sold\s*by|name|nom|naam)\s*:\s*", "", text, flags=re.I).strip(" ,")
            labelled = after_heading_label(text)
            ctx: str | None
            if labelled is not None:  # "Client : Dupont & Fils SRL"
                text, ctx = labelled
            else:
                ctx = whose_block(doc, seg, 0) or whose_block(doc, line.segments[0], 0)
            if (role == "seller" and ctx == "buyer") or (role == "buyer" and ctx != "buyer"):
                continue
            score = 0.6 - 0.004 * line.index
            if vat is not None and abs(vat.seg.line - line.index) <= 8:
                score += 0.15
            begin = seg.text.find(text)
            cands.append(Cand(text, score, seg, begin, begin + len(text), doc.page_of[seg.page]))
    return best_of(cands)


def name_above_vat(doc: Doc, vat: Cand | None) -> Cand | None:
    """No legal form to go by: the party's block is the address lines above its VAT
    number, in the same column; its first line, under the block's heading, is the name."""
    if vat is None:
        return None
    seg = vat.seg
    line = doc.lines[seg.line]
    x0 = line.segments[0].x0 if seg.index and len(line.segments) > 1 else seg.x0
    h = max(seg.y1 - seg.y0, 1.0)
    top, prev_y0 = None, seg.y0
    for dist in range(1, 10):
        idx = seg.line - dist
        if idx < 0 or doc.lines[idx].page != seg.page:
            break
        above = [s for s in doc.lines[idx].segments if abs(s.x0 - x0) <= 2 * h]
        if not above:
            continue  # a line of the next column only
        if prev_y0 - above[0].y1 > 1.6 * h:
            break
        text = fold(above[0].text).strip(" :")
        if len(above[0].words) <= 4 and (
            L.SELLER_CONTEXT.match(text) or L.BUYER_CONTEXT.match(text)
        ):
            break  # the block's heading ("Seller", "Fournisseur :", "Bill to")
        top, prev_y0 = above[0], above[0].y0
    if top is None or _NOT_A_NAME.search(top.text) or not name_like(top.text):
        return None
    if not re.search(r"[A-Za-z]{2}", top.text) or len(top.words) > 6:
        return None
    return Cand(top.text.strip(" ,"), 0.4, top, 0, len(top.text), doc.page_of[top.page])


def labelled_name(doc: Doc, role: str) -> Cand | None:
    """'Name: Rohstoff AG Salzgitter' in a block under a 'Verkäufer' / 'Käufer' heading:
    the heading says whose name it is (the label sits in the heading's column)."""
    out = []
    for line in doc.lines[:80]:
        first = line.segments[0]
        m = _NAME_LABEL.match(fold(first.text))
        if not m:
            continue
        if first.text[m.end() :].strip():
            seg, start = first, m.end()
        elif len(line.segments) > 1:
            seg, start = line.segments[1], 0
        else:
            continue
        text = seg.text[start:].strip(" :,")
        # A name cut in two cells by a gap the OCR left ("GmbH & Co. KG" read "GmbH  Co. KG").
        h, last, tail = max(seg.y1 - seg.y0, 1.0), seg, ""
        for nxt in line.segments[seg.index + 1 :]:
            if nxt.x0 - last.x1 > 3 * h or not re.search(r"[A-Za-z]{2}", nxt.text):
                break
            tail, last = f"{tail} {nxt.text}", nxt
        if len(text) < 2 or len(text) > 70 or not re.search(r"[A-Za-z]{2}", text):
            continue
        ctx = whose_block(doc, first, 0)
        if ctx is None or (ctx == "buyer") != (role == "buyer"):
            continue
        begin = seg.text.find(text, start)
        end = begin + len(text)
        out.append(
            Cand(text + tail, 0.8 - 0.002 * line.index, seg, begin, end, doc.page_of[seg.page])
        )
    return best_of(out)


def _longer_company(doc: Doc, short: Cand, role: str, vat: Cand | None) -> Cand:
    """A return line often prints a short form ("Alphabet, Street 1, Town") of the
    company the letterhead names in full ("Alphabet Fuhrparkmanagement GmbH")."""
    full = legal_form_name(doc, vat, role)
    head = fold(str(short.value))
    if full is not None and fold(str(full.value)).startswith(head + " "):
        return Cand(full.value, short.score, full.seg, full.start, full.end, full.page)
    return short


def _as_read(doc: Doc, cand: Cand) -> Cand:
    """The name as printed: label words the OCR fixer changed inside it are put back."""
    text = str(cand.value)
    for w in cand.seg.words_in(cand.start, cand.end):
        raw = doc.read_as.get(id(w))
        if raw is not None:
            text = re.sub(rf"(?<!\w){re.escape(w.text)}(?!\w)", raw, text)
    if text == cand.value:
        return cand
    return Cand(text, cand.score, cand.seg, cand.start, cand.end, cand.page)


def _same(a: Cand | None, b: Cand | None) -> bool:
    return a is not None and b is not None and fold(str(a.value)) == fold(str(b.value))


def extract_names(doc: Doc, vats: dict[str, Cand]) -> dict[str, Cand]:
    """seller_name and buyer_name, each with a confidence from how clear its cue is."""
    parties = _parties(doc, vats)
    named = [p for p in parties if p.heading != "delivery"]
    # A company named only in the delivery block ("Ship to: Depot Nord SA") is neither.
    delivery_only = {fold(p.name or "") for p in parties if p.heading == "delivery"} - {
        fold(p.name or "") for p in named
    }
    assigned = _assign(named)
    block: dict[str, Cand] = {}
    for role, (p, margin) in assigned.items():
        block[role] = _cand(doc, p, min(0.9, 0.35 + 0.15 * margin))
    out: dict[str, Cand] = {}
    for role in ("seller", "buyer"):
        vat = vats.get(f"{role}_vat")
        labelled = labelled_name(doc, role)
        by_form = legal_form_name(doc, vat, role)
        if by_form is not None and fold(str(by_form.value)) in delivery_only:
            by_form = None
        found = block.get(role)
        choice: Cand | None
        strong = found is not None and assigned[role][1] >= STRONG
        if labelled is not None:
            choice = labelled
        elif strong or (found is not None and by_form is None):
            choice = found
        elif by_form is not None and not _same(
            by_form, block.get("buyer" if role == "seller" else "seller")
        ):
            choice = by_form
        else:
            choice = found
        if choice is None and role == "seller":
            choice = name_above_vat(doc, vat)
        if choice is not None and role == "buyer" and _same(choice, out.get("seller")):
            choice = None
        if choice is not None and choice is found:
            choice = _longer_company(doc, choice, role, vat)
        if choice is not None:
            choice = _complete_name(doc, choice)
        if choice is not None:
            choice = _wrapped_start(doc, _form_below(doc, _without_heading(choice)))
        if choice is not None:
            out[role] = _as_read(doc, choice)
    if _same(out.get("seller"), out.get("buyer")):
        out.pop("buyer")
    return out


_FORM_WORDS = re.compile(r"(?:&|\+|\band\b|\bund\b|\ben\b|\bet\b|\bco\b\.?|\bcie\b\.?)", re.I)


def bare_legal_form(name: str) -> bool:
    """'SRL', 'GmbH', 'Co. KG', '& Co GmbH': a legal form with no name before it."""
    rest = L.LEGAL_FORM.sub(" ", name)
    rest = _FORM_WORDS.sub(" ", rest)
    return not re.search(r"[A-Za-zÀ-ÿ0-9]{2}", rest) and bool(L.LEGAL_FORM.search(name))


def _complete_name(doc: Doc, cand: Cand) -> Cand | None:
    """A party name is never a bare legal form: a name cut by the layout ("Willems Advies
    Services GmbH & Co." over "KG") or by a gap the OCR saw ("Atelier Dubois &" | "Co
    GmbH") gets its first part back from the segment to its left or the line above in its
    column; when there is none, no name rather than a legal form."""
    text = str(cand.value).strip()
    if not bare_legal_form(text):
        return cand
    seg = cand.seg
    h = max(seg.y1 - seg.y0, 1.0)
    line = doc.lines[seg.line]
    if seg.index > 0:
        left = line.segments[seg.index - 1]
        if seg.x0 - left.x1 < 4 * h and name_like(left.text):
            joined = f"{left.text.strip(' ,;')} {text}"
            return Cand(joined, cand.score, left, 0, len(left.text), cand.page)
    if seg.line > 0:
        above = doc.lines[seg.line - 1]
        if above.page == seg.page and seg.y0 - above.y1 < 1.5 * h:
            for o in above.segments:
                if abs(o.x0 - seg.x0) <= 2 * h and name_like(o.text):
                    joined = f"{o.text.strip(' ,;')} {text}"
                    return Cand(joined, cand.score, o, 0, len(o.text), cand.page)
    return None


# The next column's heading run into a name by a narrow gap ("Maes SA Ship to").
_TRAILING_HEADING = re.compile(
    r"\s+(?:(?:ship|bill|deliver|invoice|sold)\s+to|lieferadresse|lieferanschrift"
    r"|rechnungsadresse|rechnungsempf[aä]nger|afleveradres|leveringsadres|factuuradres"
    r"|adresse\s+de\s+(?:livraison|facturation)|livr[eé]\s+[aà]|factur[eé]\s+[aà])\s*:?\s*$",
    re.I,
)


def _without_heading(cand: Cand) -> Cand:
    text = str(cand.value)
    cut = _TRAILING_HEADING.sub("", text)
    if cut == text or not name_like(cut):
        return cand
    return Cand(cut, cand.score, cand.seg, cand.start, cand.start + len(cut), cand.page)


def _form_below(doc: Doc, cand: Cand) -> Cand:
    """A name whose legal form the layout wrapped to the next line ("Renard Informatique
    Services" over "B.V."): the form put back, the way `_complete_name` puts back a name
    cut before its form."""
    text = str(cand.value).strip()
    if L.LEGAL_FORM.search(text) or cand.seg.line + 1 >= len(doc.lines):
        return cand
    seg = cand.seg
    h = max(seg.y1 - seg.y0, 1.0)
    below = doc.lines[seg.line + 1]
    if below.page != seg.page or below.y0 - seg.y1 > 1.5 * h:
        return cand
    for o in below.segments:
        if abs(o.x0 - seg.x0) <= 2 * h and bare_legal_form(o.text.strip()):
            return Cand(
                f"{text} {o.text.strip()}", cand.score, seg, cand.start, cand.end, cand.page
            )
    return cand


def _right_bound(doc: Doc, lines: list[int], after: float, gutter: float) -> float:
    """Where the column ends: a gutter before the next column's left edge on these lines,
    or the page's right margin (the furthest any line reaches)."""
    right = [s.x0 for i in lines for s in doc.lines[i].segments if s.x0 > after]
    if right:
        return min(right) - gutter
    page = doc.lines[lines[0]].page
    return max(s.x1 for ln in doc.lines if ln.page == page for s in ln.segments)


def _wrapped_start(doc: Doc, cand: Cand) -> Cand:
    """A company name the layout wrapped before its legal form's line ("Verhoeven
    Transport" over "Solutions SRL"): the line above, in its column, is put in front when
    the lower line's first word could not have fitted after it (that is why it wrapped).
    A contact's name over the company ("Jan Peeters" over "Acme SRL") leaves room, so it
    stays out."""
    text = str(cand.value).strip()
    seg = cand.seg
    if cand.start != 0 or not L.LEGAL_FORM.search(text) or seg.line == 0 or len(seg.words) < 2:
        return cand
    h = max(seg.y1 - seg.y0, 1.0)
    above = doc.lines[seg.line - 1]
    if above.page != seg.page or seg.y0 - above.y1 > 0.8 * h:
        return cand
    upper = next((o for o in above.segments if abs(o.x0 - seg.x0) <= h), None)
    if upper is None or not name_like(upper.text) or _is_heading(upper):
        return cand
    if _SALUTATION.match(upper.text.strip(" ,")) or upper.text.rstrip().endswith(":"):
        return cand
    if L.LEGAL_FORM.search(upper.text) or re.search(r"\d", upper.text):
        return cand  # a name complete on its own line, or not a name
    first = seg.words[0]
    bound = _right_bound(doc, [above.index, seg.line], upper.x1, gutter=h)
    if upper.x1 + 0.25 * h + (first.x1 - first.x0) <= bound:
        return cand
    joined = f"{upper.text.strip(' ,;')} {text}"
    return Cand(joined, cand.score, upper, 0, len(upper.text), cand.page)
