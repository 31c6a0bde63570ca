"""The seller's IBAN and BIC, with OCR look-alikes put back where the IBAN format
says digits; the mod-97 check decides."""

from __future__ import annotations

import re

from .candidates import Cand, best_of
from .context import whose_block
from .document import Doc
from .layout import Segment
from .parse import fold

# Groups of four split by a space, or by a hyphen (printed so, or OCR's reading of a gap).
_IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:[\s-]?[A-Z0-9]{4}){2,7}(?:[\s-]?[A-Z0-9]{1,4})?)")


def _plain_upper(text: str) -> str:
    """Upper case without accents, one character per character ("DÉ88" -> "DE88": OCR
    puts accents on capitals), so offsets stay valid in the original."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in fold(text))


def extract_iban(doc: Doc) -> tuple[Cand[str] | None, Cand[str] | None]:
    from schwifty import BIC, IBAN

    ibans: list[Cand[str]] = []
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
                        parsed = IBAN(raw[:n], validate_bban=False)
                    except ValueError:
                        if labelled and n == len(raw) and len(raw) >= 15:
                            # The look-alike fix turned letters of the bank code into
                            # digits ("NL10 RABO ..." read "RA80"): the check decides.
                            back = repair_iban(raw)
                            # Printed beside "IBAN" but failing its checksum: keep what the
                            # page says, with low confidence, for a person to check.
                            ibans.append(
                                Cand(
                                    back or raw,
                                    0.9 if back else 0.35,
                                    seg,
                                    m.start(),
                                    min(m.end(), len(upper)),
                                    doc.page_of[seg.page],
                                )
                            )
                        continue
                    ctx = whose_block(doc, seg, m.start() if m.start() < len(upper) else 0)
                    score = 1.0 if ctx != "buyer" else 0.3
                    if re.search(
                        r"prelev|domicili|lastschrift|debit|abgebucht|your\s*account|uw\s*rekening",
                        fold(seg.text),
                    ):
                        score *= 0.5
                    ibans.append(
                        Cand(
                            parsed.compact,
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
    iban = best_of(ibans)
    bics: list[Cand[str]] = []
    for seg in doc.segments:
        for m in re.finditer(
            r"\b(?:BIC|SWIFT)(?:\s*CODE)?\s*[:.]?\s*([A-Z]{6}[A-Z2-9][A-NP-Z0-9](?:[A-Z0-9]{3})?)\b",
            seg.text.upper(),
        ):
            try:
                parsed_bic = BIC(m.group(1))
            except ValueError:
                continue
            bics.append(
                Cand(str(parsed_bic), 0.9, seg, m.start(1), m.end(1), doc.page_of[seg.page])
            )
    bic: Cand[str] | None = None
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
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
}
# BBANs that start with a 4-letter bank code, then digits only; in the rest of these
# countries (in this table) the BBAN is digits only.
_LETTER_BANK_CODE = {"NL", "GB", "IE", "BG", "RO", "LV", "MT", "CY"}
_TO_DIGIT = str.maketrans(
    {"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
)
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"})


def valid_iban(text: str) -> bool:
    """Check digits and the country's account format ("NL" + 4 letters + 10 digits), as
    schwifty knows them: stricter than mod 97 alone, which one in 97 strings passes."""
    from schwifty import IBAN

    try:
        IBAN(text)
    except ValueError:  # schwifty's errors are ValueErrors
        return False
    return True


def iban_checksum_ok(s: str) -> bool:
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
    if iban_checksum_ok(raw):
        return raw
    if country in _LETTER_BANK_CODE:
        fixed = raw[:4] + raw[4:8].translate(_TO_LETTER) + raw[8:].translate(_TO_DIGIT)
    elif country in ("FR", "MC", "IT", "LU", "CH", "LI", "IS", "ES", "GR"):
        return None  # letters are allowed inside these BBANs: no safe repair
    else:
        fixed = raw[:4] + raw[4:].translate(_TO_DIGIT)
    return fixed if fixed != raw and iban_checksum_ok(fixed) else None


def _labelled_ibans(doc: Doc) -> list[Cand[str]]:
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
