"""The EU's VIES REST service (https://ec.europa.eu/taxation_customs/vies/).

GET {base}/ms/{country}/vat/{number} answers JSON: `isValid`, `name`, `address` and
`userError` ("VALID", "INVALID", or a failure such as "MS_UNAVAILABLE", "TIMEOUT",
"SERVICE_UNAVAILABLE", "MS_MAX_CONCURRENT_REQ"). The base URL comes from settings only
and the path parts are checked (letters and digits), so no request can aim it elsewhere.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import quote

from django.utils.translation import gettext as _

from office.lookups.base import LookupFailed, VatInfo

UNKNOWN = "---"  # VIES's "not disclosed" (some member states never give name or address)


class ViesLookup:
    def __init__(self, *, base_url: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def lookup(self, country: str, number: str) -> VatInfo:
        if not (re.fullmatch(r"[A-Z]{2}", country) and re.fullmatch(r"[0-9A-Z+*]+", number)):
            raise LookupFailed(_("This is not a VAT number of an EU member state."))
        url = f"{self.base_url}/ms/{quote(country)}/vat/{quote(number)}"
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.loads(response.read(200_000).decode("utf-8"))
        except TimeoutError:
            raise LookupFailed(
                _("The EU VAT service (VIES) did not answer in time; try again later.")
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(getattr(exc, "reason", None), TimeoutError):
                raise LookupFailed(
                    _("The EU VAT service (VIES) did not answer in time; try again later.")
                ) from None
            raise LookupFailed(
                _("The EU VAT service (VIES) is unavailable; try again later.")
            ) from None
        except (ValueError, OSError):
            raise LookupFailed(
                _("The EU VAT service (VIES) is unavailable; try again later.")
            ) from None
        error = str(body.get("userError") or "")
        valid = bool(body.get("isValid"))
        if not valid and error not in ("", "VALID", "INVALID", "INVALID_INPUT"):
            raise LookupFailed(
                _("The EU VAT service (VIES) is unavailable; try again later.") + f" ({error})"
            )
        name = str(body.get("name") or "").strip()
        address = str(body.get("address") or "").strip()
        return VatInfo(
            country=country,
            number=number,
            valid=valid,
            name="" if name == UNKNOWN else name,
            address="" if address == UNKNOWN else address,
        )
