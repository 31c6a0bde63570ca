"""The address of the person behind a request (login throttling, audit).

Behind the TLS proxy every request comes from the proxy's own address, so the client is
read from X-Forwarded-For, but only when the direct peer is one of FIDU_TRUSTED_PROXIES
(comma-separated addresses or networks): anyone else could write any address there.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.FIDU_TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The direct peer, or, when it is a trusted proxy, the right-most address of
    X-Forwarded-For that is not a trusted proxy itself (the one the proxies saw)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if not _trusted(peer):
        return peer
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in chain if a]):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return peer  # a malformed header: count the proxy, not a made-up client
        if not _trusted(address):
            return address
    return peer
