"""Checks of a payment's counterparty data (G1): IBAN with schwifty, OGM with python-stdnum."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError as StdnumError

# SEPA's restricted character set (EPC guidelines): what every bank accepts in a pain.001.
_SEPA_ALLOWED = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


def iban_clean(value: str) -> str:
    try:
        iban = IBAN(value)
    except SchwiftyException:
        raise ValidationError(_("This IBAN is not valid."), code="iban") from None
    if not iban.in_sepa_zone:
        raise ValidationError(_("This IBAN is outside the SEPA zone."), code="iban_sepa")
    return iban.compact


def bic_clean(value: str) -> str:
    value = (value or "").replace(" ", "").upper()
    if not value:
        return ""
    try:
        return str(BIC(value))
    except SchwiftyException:
        raise ValidationError(_("This BIC is not valid."), code="bic") from None


def bic_of_iban(iban: str) -> str:
    """The bank's BIC when schwifty knows it from the IBAN's bank code, else ''."""
    try:
        bic = IBAN(iban).bic
    except SchwiftyException:
        return ""
    return str(bic) if bic else ""


def ogm_clean(value: str) -> str:
    """The 12 digits of a Belgian structured communication, checked mod 97."""
    try:
        return ogm_vcs.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This structured communication is not valid (+++123/4567/89002+++)."), code="ogm"
        ) from None


def ogm_display(digits: str) -> str:
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def sepa_refused(value: str) -> str:
    """The characters of `value` that cannot be written in SEPA's set even with their accents
    folded (Cyrillic, Greek, CJK, emoji...), each once; '' when the text can be sent."""
    bad: list[str] = []
    for char in value:
        folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        if not folded and not unicodedata.combining(char) and char not in bad:
            bad.append(char)
    return "".join(bad)


def sepa_clean(value: str, max_length: int) -> str:
    """A text a bank accepts: refused with the reason when it holds characters no bank
    can show or is too long; accents are folded when the file is written."""
    bad = sepa_refused(value)
    if bad:
        raise ValidationError(
            _("These characters cannot be sent in a SEPA payment: %(chars)s"),
            code="sepa_chars",
            params={"chars": " ".join(bad)},
        )
    if len(value) > max_length:
        raise ValidationError(
            _("At most %(max)d characters (this text has %(length)d)."),
            code="too_long",
            params={"max": max_length, "length": len(value)},
        )
    return value


def sepa_text(value: str, max_length: int) -> str:
    """Accents folded, other characters outside SEPA's set dropped, cut to the field."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    # Other ASCII punctuation (& @ # _ ...) becomes a space rather than gluing words together.
    return " ".join(_SEPA_ALLOWED.sub(" ", folded).split())[:max_length]
