"""Second readings of a scan's checked values, and the checks that choose among them.

A value that carries its own check and fails it as Tesseract read it the first time is
read again from its region of the page image by other readers, one after another, and the
first reading that passes the check is kept; when none passes, the first reading stays
(nothing is guessed). The checks: an EU VAT number's country check digits, an IBAN's
mod 97, a Belgian structured communication's mod 97, a date that is a day of the calendar.
The readers, cheapest first: Tesseract on the region as one text line (`--psm 7`) enlarged
2x; enlarged 3x and binarised at Otsu's threshold; the second engine (RapidOCR, another
model family, so its mistakes are not Tesseract's); Tesseract on a darker threshold (thin
or faint strokes thickened); Tesseract's raw-line mode (`--psm 13`). Only failing values
are read again: a page whose values pass costs nothing more.

Amounts carry no check of their own: theirs is the document's arithmetic (base + VAT =
total). The image of a doubtful amount (Tesseract's confidence under AMOUNT_CONFIDENCE) is
kept beside the word (`PageText.doubtful`); only when the totals do not add up are those
images read by the second engine, in a sandboxed child (`read_amounts`), and a different
reading is tried, kept only when the totals then add up (`choose_amounts`).

Everything here that reads pixels runs inside a sandboxed child (core.sandbox), as
Tesseract does; the second engine's model is loaded there, only when it is needed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING, Protocol, TypeVar

from PIL import Image, ImageOps

from .threshold import otsu_threshold

if TYPE_CHECKING:
    from .types import FieldValue, PageText

T = TypeVar("T")
Reader = Callable[[], str | None]

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
DATE_CHARS = "0123456789./-"
OGM_CHARS = "0123456789/+*"
# Tesseract's word confidence (0-100) under which an amount is doubtful. Seen on a noisy
# 200 dpi benchmark page: the amounts it read right had 92-97.
AMOUNT_CONFIDENCE = 90
MAX_AMOUNTS_A_PAGE = 40
# Second readings of one page at most (each Tesseract call costs 0.1-0.3 s of CPU), and
# the CPU seconds they may take together (this process and its Tesseract children): a
# page of noise with many failing values must not double the page's time.
MAX_REREADS_A_PAGE = 12
REREAD_CPU_BUDGET = 3.0


def _cpu() -> float:
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def choose(
    readers: Iterable[tuple[str, Reader]], check: Callable[[str], T | None]
) -> tuple[T, str] | None:
    """The first reading that passes `check`, as (checked value, reader name), or None.

    Readers are called lazily, in order: once a reading passes, the others never run.
    A reader that fails (raises) or reads nothing is passed over.
    """
    for name, read in readers:
        try:
            text = read()
        except Exception:  # one reader failing must not lose the others
            continue
        if not text:
            continue
        value = check(text)
        if value is not None:
            return value, name
    return None


# -- checks -----------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def check_vat(country: str | None = None) -> Callable[[str], str | None]:
    """A valid EU VAT number in the reading (its country the first reading's, if given)."""

    def check(text: str) -> str | None:
        from stdnum.eu import vat as euvat

        from .party_vat import repair_vat

        raw = _compact(text)
        for start in range(len(raw) - 9):
            if not raw[start : start + 2].isalpha():
                continue
            tail = raw[start:]
            if country and tail[:2] != country:
                continue
            for n in range(min(len(tail), 14), 9, -1):
                if euvat.is_valid(tail[:n]):
                    return tail[:n]
            repaired = repair_vat(tail) if len(tail) >= 10 else None
            if repaired:
                return repaired[0]
        return None

    return check


def check_iban(text: str) -> str | None:
    from .iban import repair_iban

    raw = _compact(text)
    m = re.search(r"[A-Z]{2}\d{2}", raw)
    fixed = repair_iban(raw[m.start() :]) if m else None
    fixed = fixed or _country_put_back(raw)
    return " ".join(fixed[i : i + 4] for i in range(0, len(fixed), 4)) if fixed else None


def _country_put_back(raw: str) -> str | None:
    """An IBAN whose country code the OCR damaged or half lost ("R61 7735 …" for "FR61",
    "HE74 2886 …" for "DE74"): each country whose code keeps the letter that was read and
    whose IBAN has the length that was read, kept when exactly one passes mod 97 and
    its country's account format."""
    from .iban import IBAN_LENGTHS, valid_iban

    m = re.match(r"([A-Z]{1,2})(\d\d[0-9A-Z]{10,32})", raw)
    if m is None:
        return None
    letters, rest = m.groups()
    found = set()
    for code, length in IBAN_LENGTHS.items():
        # One letter lost: the other one is the code's; both read: exactly one is right.
        one_lost = len(letters) == 1 and letters in code
        one_wrong = len(letters) == 2 and (code[0] == letters[0]) != (code[1] == letters[1])
        candidate = (code + rest)[:length]
        if (one_lost or one_wrong) and len(candidate) == length and valid_iban(candidate):
            found.add(candidate)
    return found.pop() if len(found) == 1 else None


def check_ogm(text: str) -> str | None:
    from stdnum.be import ogm_vcs

    digits = re.sub(r"\D", "", text)
    if len(digits) != 12 or not ogm_vcs.is_valid(digits):
        return None
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def check_date(text: str) -> str | None:
    """The reading when it is one numeric date that exists (32.03.2026 does not)."""
    from .parse import find_dates

    token = re.sub(r"\s", "", text)
    if not _DATE_TOKEN.fullmatch(token):
        return None
    found = find_dates(token)
    return token if found and found[0][1] == 0 and found[0][2] == len(token) else None


# -- readers ----------------------------------------------------------------------------


class LineOcr(Protocol):
    """Tesseract as reread.py uses it (ocr.TesseractEngine)."""

    def _tsv(
        self,
        image: Image.Image,
        psm: int = 11,
        languages: str | None = None,
        whitelist: str = "",
        timeout: float = 20,
    ) -> list[dict]: ...


def _otsu(image: Image.Image) -> int:
    """Otsu's threshold of a grey image: the cut that best splits ink from paper."""
    return otsu_threshold(image.histogram())


def crop_readers(engine: LineOcr, crop: Image.Image, whitelist: str) -> list[tuple[str, Reader]]:
    """The second readers of one region (a line or part of one), cheapest first."""
    base = ImageOps.expand(crop.convert("L"), border=8, fill=255)

    def tesseract(scale: int, psm: int, threshold: str | int | None = None) -> Reader:
        def read() -> str:
            img = base.resize((base.width * scale, base.height * scale), Image.Resampling.LANCZOS)
            if threshold is not None:
                cut = _otsu(img) if threshold == "otsu" else int(threshold)
                img = img.point(lambda v: 255 if v > cut else 0)
            rows = engine._tsv(img, psm=psm, languages="eng", whitelist=whitelist, timeout=5)
            return " ".join(r["text"] for r in rows)

        return read

    def rapid() -> str:
        from . import ocr_rapid

        return ocr_rapid.read_lines([base])[0][0] if ocr_rapid.available() else ""

    return [
        ("tesseract-line-x2", tesseract(2, 7)),
        ("tesseract-line-x3-otsu", tesseract(3, 7, "otsu")),
        ("rapidocr", rapid),
        ("tesseract-line-x2-dark", tesseract(2, 7, 200)),
        ("tesseract-rawline-x2", tesseract(2, 13)),
    ]


# -- finding the values that fail -------------------------------------------------------

# The start of an EU VAT number as OCR reads it: its country code, then digits or their
# look-alikes ("BE0790476457", "DE", "FR32...").
_VAT_HEAD = re.compile(
    r"(?:ATU|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)"
    r"(?:[0-9OISBZ.\-]{0,14})$"
)
_LOOK = "0-9OoIlSB"
_DATE_TOKEN = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}")
_DATEISH = re.compile(rf"[{_LOOK}]{{1,2}}[./,-][{_LOOK}]{{1,2}}[./,-][{_LOOK}]{{2,4}}")
_OGMISH = re.compile(rf"[+*]{{0,3}}[{_LOOK}]{{3}}/[{_LOOK}]{{4}}/[{_LOOK}]{{5}}[+*]{{0,3}}")
_AMOUNTISH = re.compile(r"[-€$£]?[\dOoIlSB][\dOoIlSB.,' ]*[.,][\dOoIlSB]{2}-?€?")


def _lines(rows: list[dict]) -> list[list[dict]]:
    by_line: dict[tuple[int, int, int], list[dict]] = {}
    for r in rows:
        by_line.setdefault((r.get("block", 0), r.get("par", 0), r.get("line", 0)), []).append(r)
    out = []
    for words in by_line.values():
        words.sort(key=lambda r: r["left"])
        out.append(words)
    return out


def _box(span: Sequence[dict], pad_x: int = 6, pad_y: int = 5) -> tuple[int, int, int, int]:
    """The span's words, on their line: top and bottom are the words' middle ones, so one
    word boxed over two lines (a misread "36:" reaching into the "BIC" line below) does
    not make the crop a block of lines that a one-line reader cannot read."""
    x0 = min(r["left"] for r in span) - pad_x
    x1 = max(r["left"] + r["width"] for r in span) + pad_x
    y0 = round(median(r["top"] for r in span)) - pad_y
    y1 = round(median(r["top"] + r["height"] for r in span)) + pad_y
    return x0, y0, x1, y1


def _crop(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    x0, y0, x1, y1 = box
    return image.crop((max(0, x0), max(0, y0), min(image.width, x1), min(image.height, y1)))


def _vat_spans(rows: list[dict]) -> list[tuple[list[dict], str]]:
    """VAT numbers (country code and 8-12 digits, split over a few words) that fail their
    check even with OCR's letter-for-digit look-alikes undone."""
    from stdnum.eu import vat as euvat

    from .party_vat import repair_vat

    out = []
    for words in _lines(rows):
        for i, first in enumerate(words):
            if _VAT_HEAD.match(first["text"].upper()) is None or first["text"][:2].islower():
                continue  # not a country code: a word ("de 3.441.812 euros")
            span, text = [first], _compact(first["text"])
            for nxt in words[i + 1 : i + 4]:
                if len(text) >= 11 or not re.fullmatch(r"[0-9A-Z.\-]+", nxt["text"].upper()):
                    break
                span.append(nxt)
                text += _compact(nxt["text"])
            if not 10 <= len(text) <= 14 or sum(c.isdigit() for c in text) < 6:
                continue
            if _iban_groups(words[i:]):
                continue  # an IBAN printed in groups ("DE77 3707 0060 ...")
            if any(euvat.is_valid(text[:n]) for n in range(len(text), 9, -1)):
                continue
            if repair_vat(text) is not None:
                continue  # the look-alikes undo it; the field step does that
            if _placeholder(text[2:]):
                continue  # "BE0999999999": a sample number printed as such, not misread
            out.append((span, text[:2]))
    return out


def _placeholder(digits: str) -> bool:
    """A number made of one repeated digit (after a leading 0), or holding a run of six
    digits counting up or down ("DE123456789", "FR05987654321"), is a placeholder printed
    on sample and template invoices: no reading will make it pass, so none is tried
    (measured on the benchmark's scans: 9 of the 14 values read again were such numbers,
    each costing 0.5-1 s of CPU for nothing)."""
    core = digits.lstrip("0")
    if len(core) >= 6 and len(set(core)) == 1:
        return True
    return any(run in digits for run in _COUNTING_RUNS)


_COUNTING_RUNS = tuple(
    run for i in range(5) for run in ("0123456789"[i : i + 6], "9876543210"[i : i + 6])
)


def _repeated_run(value: str, length: int = 7) -> bool:
    """A run of `length` identical digits other than 0 ("DE2870010080 9999999999"): a
    placeholder account number (runs of zeros are padding in real ones)."""
    return any(d * length in value for d in "123456789")


def _iban_groups(words: list[dict]) -> bool:
    """The words start an IBAN printed in groups of four: "DE77", "3707", "0060", ..."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}", words[0]["text"].upper()):
        return False
    run = ""
    for r in words:
        if not re.fullmatch(r"[0-9A-Z]{1,4}", r["text"].upper()):
            break
        run += r["text"]
    return len(run) >= 15


def _iban_spans(rows: list[dict]) -> list[list[dict]]:
    """The words right of an "IBAN" label that fail mod 97 (look-alikes undone)."""
    from .iban import IBAN_LENGTHS, repair_iban

    out = []
    # The label as printed or damaged ("BAN:", "EAN" for "IBAN:" in 7 pt print).
    labels = [r for r in rows if re.match(r"I?BAN\W*|[EL]AN\W*$", r["text"], re.I)]
    for label in labels:
        glued = re.fullmatch(r"I?BAN\W*([A-Z0-9]{2}\w*)", label["text"], re.I)
        if not glued and not re.fullmatch(r"I?BAN\W*|[EL]AN\W*", label["text"], re.I):
            continue
        top, bottom = label["top"], label["top"] + label["height"]
        # On the label's line: word boxes that share most of the smaller one's height (a
        # misread word's box may reach well above or below its line: "gies" for "0455",
        # "BAN:" for "IBAN:").
        right = sorted(
            (
                r
                for r in rows
                if r["left"] > label["left"] + label["width"]
                and min(bottom, r["top"] + r["height"]) - max(top, r["top"])
                >= 0.6 * min(label["height"], r["height"])
            ),
            key=lambda r: r["left"],
        )[:9]
        # Label and value read as one word ("IBAN-DE887ANBNNANAD7N375", 150 dpi speckled
        # scan: the gap after the label is lost in the speckle): the word is the value.
        head = glued.group(1) if glued else ""
        if glued:
            right = [label, *right[:8]]
        right = _iban_words(right, head)
        texts = [head] + [r["text"] for r in right[1:]] if glued else [r["text"] for r in right]
        value = _compact("".join(texts))
        # Its country code as printed, or damaged ("R61 7735 …" for "FR61 7735 …").
        if len(value) < 15 or not (value[:2] in IBAN_LENGTHS or re.match(r"[A-Z]{1,2}\d\d", value)):
            continue
        if repair_iban(value) is not None:
            continue  # it reads already
        if _repeated_run(value):
            continue  # a placeholder, see _placeholder
        out.append(right)
    return out


def _iban_words(words: list[dict], head: str) -> list[dict]:
    """The words of the IBAN only: up to its country's length, and never past a label or
    a word of the next column's (a three-column footer goes on with "Geschäftsführer: …
    USt-IdNr.: DE…" on the same line; read again as one, the VAT number was lost with the
    rest). A gap does not end it, nor a short misread group ("gies" for "0455")."""
    from .iban import IBAN_LENGTHS

    out: list[dict] = []
    text = head
    for w in words:
        if out and re.search(r"[A-Za-zäöüÄÖÜéè.\-]{2,}:$|[a-zäöüéè]{5,}", w["text"]):
            break  # a label ("BIC:", "USt-IdNr.:") or a word ("Geschäftsführer")
        out.append(w)
        if not (head and w is words[0]):
            text += _compact(w["text"])
        length = IBAN_LENGTHS.get(text[:2])
        if length is not None and len(text) >= length:
            break
    return out


_NO_YEAR = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]")


def _dates_without_year(rows: list[dict]) -> list[list[dict]]:
    """A date whose year the OCR left out of its word ("29/04/" of a clear "29/04/2025"
    in a row of info cells): the word, with the room to its right where the year is
    (up to the next word on its line, at most four heights), as a blank word."""
    out = []
    for w in rows:
        if not _NO_YEAR.fullmatch(w["text"]):
            continue
        right_edge = w["left"] + w["width"]
        mid = w["top"] + w["height"] / 2
        after = [
            r["left"]
            for r in rows
            if r["left"] >= right_edge and abs(r["top"] + r["height"] / 2 - mid) < w["height"]
        ]
        room = min([*after, right_edge + 4 * w["height"]]) - right_edge - 2
        if room < w["height"]:
            continue  # nothing to read beside it
        blank = {**w, "left": right_edge, "width": room, "text": ""}
        out.append([w, blank])
    return out


def _token_spans(
    rows: list[dict], pattern: re.Pattern, passes: Callable[[str], bool]
) -> list[list[dict]]:
    """Single words in the form of `pattern` (with look-alikes) that fail their check."""
    out = []
    for r in rows:
        token = r["text"].strip(",;:()").rstrip(".")
        if pattern.fullmatch(token) and not passes(token):
            out.append([r])
    return out


def _labelled(check: Callable[[str], str | None], label: str) -> Callable[[str], str | None]:
    def labelled(text: str) -> str | None:
        value = check(text)
        return f"{label} {value}" if value else None

    return labelled


def enabled(name: str) -> bool:
    """Readers and kinds of second readings can be switched off one by one to measure what
    each brings (bench/recognition): FIDU_OCR_REREAD_OFF="rapidocr,amounts,date"."""
    import os

    off = {x.strip() for x in os.environ.get("FIDU_OCR_REREAD_OFF", "").split(",")}
    return name not in off


def reread_rows(
    engine: LineOcr,
    image: Image.Image,
    rows: list[dict],
    timings: dict[str, float] | None = None,
) -> list[dict]:
    """Tesseract's rows with failing checked values read again (see the module doc).
    `timings` gets the seconds spent and, per reader, how many readings it gave."""
    started = time.perf_counter()
    timings = timings if timings is not None else {}
    jobs: list[tuple[str, list[dict], str, Callable[[str], str | None]]] = []
    for span, country in _vat_spans(rows):
        jobs.append(("vat", span, ALNUM, check_vat(country)))
    for span in _iban_spans(rows):
        if re.match(r"I?BAN", span[0]["text"], re.I):
            # The label was glued to the value: it stays in the word, for the field step.
            jobs.append(("iban", span, ALNUM, _labelled(check_iban, "IBAN")))
        else:
            jobs.append(("iban", span, ALNUM, check_iban))
    for span in _token_spans(rows, _OGMISH, lambda t: check_ogm(t) is not None):
        jobs.append(("ogm", span, OGM_CHARS, check_ogm))
    for span in _token_spans(rows, _DATEISH, lambda t: check_date(t) is not None):
        jobs.append(("date", span, DATE_CHARS, check_date))
    for span in _dates_without_year(rows):
        jobs.append(("date", span, DATE_CHARS, check_date))
    jobs = [j for j in jobs if enabled(j[0])]
    out = rows
    cpu_start = _cpu()
    for kind, span, whitelist, check in jobs[:MAX_REREADS_A_PAGE]:
        if _cpu() - cpu_start > REREAD_CPU_BUDGET:
            timings["n:over-budget"] = timings.get("n:over-budget", 0) + 1
            break
        box = _box(span)
        readers = [r for r in crop_readers(engine, _crop(image, box), whitelist) if enabled(r[0])]
        chosen = choose(readers, check)
        timings[f"n:{kind}"] = timings.get(f"n:{kind}", 0) + 1
        if chosen is None:
            continue
        value, reader = chosen
        timings[f"n:{kind}:{reader}"] = timings.get(f"n:{kind}:{reader}", 0) + 1
        used = {id(r) for r in span}
        x0, y0, x1, y1 = box
        merged = {
            **span[0],
            "left": x0 + 6,
            "top": y0 + 5,
            "width": x1 - x0 - 12,
            "height": y1 - y0 - 10,
            "text": value,
            "conf": 100.0,
        }
        out = [r for r in out if id(r) not in used] + [merged]
    timings["reread"] = timings.get("reread", 0.0) + time.perf_counter() - started
    return out


def mark_doubtful_amounts(image: Image.Image, rows: list[dict]) -> None:
    """Amounts Tesseract was unsure of get their image (PNG bytes) in the row's "crop",
    for a second reading should the totals fail. No engine runs here."""
    import io

    if not enabled("amounts"):
        return
    doubtful = [
        r
        for r in rows
        if r.get("conf", 100) < AMOUNT_CONFIDENCE
        and _AMOUNTISH.fullmatch(r["text"])
        and sum(c.isdigit() for c in r["text"]) >= 3
    ]
    doubtful.sort(key=lambda r: r.get("conf", 100))
    for r in doubtful[:MAX_AMOUNTS_A_PAGE]:
        crop = ImageOps.expand(_crop(image, _box([r], 4, 4)).convert("L"), border=8, fill=255)
        buf = io.BytesIO()
        crop.save(buf, format="PNG")
        r["crop"] = buf.getvalue()


def read_amounts(crops: list[bytes]) -> list[str | None]:
    """The second engine's reading of each amount image (run it in a sandboxed child):
    the reading when it is an amount, else None."""
    import io

    from . import ocr_rapid
    from .parse import parse_amount

    if not crops or not ocr_rapid.available():
        return [None for _ in crops]
    images = [Image.open(io.BytesIO(c)) for c in crops]
    out: list[str | None] = []
    for text, score in ocr_rapid.read_lines(images):
        reading = re.sub(r"\s", "", text)
        out.append(reading if score >= 0.5 and parse_amount(reading) is not None else None)
    return out


def add_amount_readings(
    pages: list[PageText], read: Callable[[list[bytes]], list[str | None]] = read_amounts
) -> int:
    """The doubtful amounts of `pages` read again; a reading that differs in value goes
    into the page's `alternatives`. Returns how many were read."""
    from .parse import parse_amount

    keys = [(p, i) for p, page in enumerate(pages) for i in sorted(page.doubtful)]
    if not keys:
        return 0
    readings = read([pages[p].doubtful[i] for p, i in keys])
    for (p, i), reading in zip(keys, readings, strict=True):
        first = pages[p].words[i].text
        if reading and parse_amount(reading) != parse_amount(first):
            pages[p].alternatives.setdefault(i, []).append(reading)
    return len(keys)


# -- the document's arithmetic chooses among amount readings ----------------------------

CENT = Decimal("0.01")


def totals_consistent(fields: dict[str, FieldValue]) -> bool:
    """Base + VAT = total, and payable = total less what was prepaid, where printed."""

    def get(name: str) -> Decimal | None:
        fv = fields.get(name)
        return fv.value if fv is not None and isinstance(fv.value, Decimal) else None

    excl, vat, incl = get("total_excl_vat"), get("total_vat"), get("total_incl_vat")
    if excl is None or vat is None or incl is None:
        return False
    if abs(excl + vat - incl) > CENT:
        return False
    payable, prepaid = get("payable_amount"), get("prepaid_amount") or Decimal(0)
    return payable is None or abs(incl - prepaid - payable) <= CENT


MAX_AMOUNT_TRIES = 24


def choose_amounts(
    pages: list[PageText],
    fields: dict[str, FieldValue],
    extract: Callable[[list[PageText]], tuple[dict[str, FieldValue], list[dict]]],
) -> tuple[list[PageText], tuple[dict[str, FieldValue], list[dict]] | None]:
    """When the totals do not add up, the second readings of doubtful amounts are tried one
    at a time (`extract` reads the fields again); the first that makes them add up is kept
    with the fields it gives. Otherwise the pages and None (keep what you have)."""
    from dataclasses import replace

    from .types import Word

    if totals_consistent(fields):
        return pages, None
    tries = [
        (p, i, alt)
        for p, page in enumerate(pages)
        for i, alts in sorted(page.alternatives.items())
        for alt in alts
    ][:MAX_AMOUNT_TRIES]
    for p, i, alt in tries:
        page = pages[p]
        w = page.words[i]
        words = list(page.words)
        words[i] = Word(alt, w.x0, w.y0, w.x1, w.y1)
        trial = list(pages)
        trial[p] = replace(page, words=words)
        result = extract(trial)
        if totals_consistent(result[0]):
            return trial, result
    return pages, None
