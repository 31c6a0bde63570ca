"""Checks of customer data: VAT numbers (python-stdnum), Peppol IDs, structured communications."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import be
from stdnum.be import ogm_vcs
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

# Peppol participant IDs: ISO 6523 ICD (4 digits, the EAS code list) ":" identifier.
PEPPOL_ID = re.compile(r"^(\d{4}):([A-Za-z0-9.\-_]{1,50})$")


def vat_clean(value: str, country: str = "") -> str:
    """The VAT number in its compact form with country prefix (BE0123456749); '' stays ''."""
    raw = re.sub(r"[\s.\-]", "", value or "").upper()
    if not raw:
        return ""
    if raw[:2].isdigit() and country:
        raw = country.upper() + raw
    try:
        return eu_vat.validate(raw)
    except StdnumError:
        raise ValidationError(
            _("“%(vat)s” is not a valid VAT number (its check digits do not match).")
            % {"vat": value},
            code="vat",
        ) from None


def enterprise_number(vat: str) -> str:
    """The 10-digit Belgian enterprise number (KBO/BCE) of a Belgian VAT number, or ''."""
    if not vat.upper().startswith("BE"):
        return ""
    try:
        return be.vat.compact(vat)
    except StdnumError:
        return ""


def peppol_id_for(vat: str) -> str:
    """Belgian participants are registered under scheme 0208 with their enterprise number."""
    number = enterprise_number(vat)
    return f"0208:{number}" if number else ""


def peppol_id_clean(value: str) -> str:
    value = (value or "").strip()
    if value.lower().startswith("iso6523-actorid-upis::"):
        value = value.split("::", 1)[1]
    if not value:
        return ""
    m = PEPPOL_ID.match(value)
    if not m:
        raise ValidationError(
            _("“%(id)s” is not a Peppol ID (scheme:identifier, e.g. 0208:0123456749).")
            % {"id": value},
            code="peppol_id",
        )
    if m.group(1) == "0208":
        try:
            be.vat.validate(m.group(2))
        except StdnumError:
            raise ValidationError(
                _("“%(id)s” does not carry a valid Belgian enterprise number.") % {"id": value},
                code="peppol_id",
            ) from None
    return value


def ogm_for(number: int, dossier_id: int) -> str:
    """A structured communication (be.ogm_vcs) unique per dossier and invoice number."""
    base = f"{dossier_id % 10000:04d}{number % 1000000:06d}"
    return base + ogm_vcs.calc_check_digits(base)


def ogm_display(digits: str) -> str:
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++" if len(digits) == 12 else digits
