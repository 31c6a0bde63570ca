"""What Fidu needs from a Peppol access point: send, receive, status, participant lookup.

One module per implementation (`recommand.py`); a second provider slots in by adding
its module and a line in `adapter_for`, without touching callers.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class AccessPointError(Exception):
    """The access point could not be reached or refused the call; the message says why."""


@dataclass(frozen=True)
class SendResult:
    external_id: str
    status: str  # "sent" | "delivered" | "failed"
    reason: str = ""


@dataclass(frozen=True)
class Received:
    external_id: str
    sender: str
    xml: bytes


class AccessPoint(Protocol):
    def lookup(self, participant_id: str) -> bool: ...

    def send(self, *, recipient: str, xml: bytes) -> SendResult: ...

    def status(self, external_id: str) -> SendResult: ...

    def receive(self) -> list[Received]: ...

    def acknowledge(self, external_id: str) -> None: ...


def allow_private() -> bool:
    return bool(getattr(settings, "FIDU_PEPPOL_ALLOW_PRIVATE", False))


def checked_url(url: str) -> str:
    """The access point's base URL, once it is https on a public address (SSRF guard);
    tests and self-hosted access points on the LAN set FIDU_PEPPOL_ALLOW_PRIVATE."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise AccessPointError(_("The access point address must be an https:// URL."))
    if allow_private():
        return url.rstrip("/")
    if parts.scheme != "https":
        raise AccessPointError(_("The access point address must be an https:// URL."))
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AccessPointError(
            _("The access point %(host)s cannot be found.") % {"host": parts.hostname}
        ) from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise AccessPointError(
                _("The access point %(host)s has a private address.") % {"host": parts.hostname}
            )
    return url.rstrip("/")
