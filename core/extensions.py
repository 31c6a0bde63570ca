"""Extension points: a lower app asks, higher apps answer, without importing them.

Example: the dossier API (tenancy) shows the intake addresses, which the documents
app knows. documents registers in its AppConfig.ready():

    extensions.provide("dossier_api", lambda dossier: {"intake": intake_addresses(dossier)})

and tenancy calls `extensions.collect("dossier_api", dossier)`.

Events work the same way: documents calls `extensions.notify("documents.sent", ids)` once
the sending is committed, and booking, registered with `subscribe`, queues the proposals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_providers: dict[str, list[Callable[..., dict[str, Any]]]] = defaultdict(list)


def provide(point: str, provider: Callable[..., dict[str, Any]]) -> None:
    if provider not in _providers[point]:
        _providers[point].append(provider)


def collect(point: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Merge the dicts every provider of `point` returns."""
    merged: dict[str, Any] = {}
    for provider in _providers[point]:
        merged.update(provider(*args, **kwargs))
    return merged


_subscribers: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def subscribe(event: str, handler: Callable[..., Any]) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def notify(event: str, *args: Any, **kwargs: Any) -> None:
    """Call every subscriber of `event` (queue work there; do not put business rules in them)."""
    for handler in _subscribers[event]:
        handler(*args, **kwargs)
