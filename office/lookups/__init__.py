"""C14: company data looked up from a VAT number, behind one Protocol.

`vat_lookup(vat)` is the only door: it normalises the number, asks the configured
adapter (settings.FIDU_VAT_LOOKUP: "vies" or "off") and caches answers that are
definite (valid or invalid) for settings.FIDU_VIES_CACHE_SECONDS. A service that is
down or slow raises `LookupFailed` with a message to show; callers never block on it.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from office.lookups.base import LookupFailed, VatInfo, VatLookup

__all__ = ["LookupFailed", "VatInfo", "VatLookup", "lookup_enabled", "split_vat", "vat_lookup"]

EU_PREFIXES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
}  # fmt: skip


def split_vat(raw: str) -> tuple[str, str] | None:
    """("BE", "0403019261") from "BE 0403.019.261"; None if not an EU VAT number."""
    clean = re.sub(r"[\s.\-/]", "", raw or "").upper()
    if clean.startswith("GR"):
        clean = "EL" + clean[2:]
    country, number = clean[:2], clean[2:]
    if country not in EU_PREFIXES or not re.fullmatch(r"[0-9A-Z+*]{2,12}", number):
        return None
    if len(re.findall(r"\d", number)) < 7:  # every member state's number has 7 digits or more
        return None
    return country, number


def _adapter() -> VatLookup | None:
    if settings.FIDU_VAT_LOOKUP == "vies":
        from office.lookups.vies import ViesLookup

        return ViesLookup(
            base_url=settings.FIDU_VIES_URL, timeout=float(settings.FIDU_VIES_TIMEOUT)
        )
    return None


def lookup_enabled() -> bool:
    return settings.FIDU_VAT_LOOKUP != "off"


def vat_lookup(raw: str) -> VatInfo:
    parts = split_vat(raw)
    if parts is None:
        raise LookupFailed(str(_("This is not a VAT number of an EU member state.")))
    adapter = _adapter()
    if adapter is None:
        raise LookupFailed(str(_("VAT number lookups are switched off on this portal.")))
    key = f"fidu:vat-lookup:{parts[0]}{parts[1]}"
    cached = cache.get(key)
    if cached is not None:
        return VatInfo(**cached)
    info = adapter.lookup(*parts)
    cache.set(key, asdict(info), settings.FIDU_VIES_CACHE_SECONDS)
    return info
