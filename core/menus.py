"""Menu registry: each app registers the entries it serves; the policy decides who sees them.

Apps call `register()` from their AppConfig.ready(), so a menu entry exists only
when the page behind it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise

Side = Literal["client", "office", "account"]


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise  # a lazy translation
    url_name: str
    side: Side
    capability: str | None = None  # client/office side: a tenancy.policy capability
    icon: str = "circle"
    order: int = 100
    office_role: str | None = None  # office side: only this role ("admin") sees it


_items: dict[str, MenuItem] = {}


def register(item: MenuItem) -> None:
    _items[item.key] = item


def items(side: Side) -> list[MenuItem]:
    return sorted((i for i in _items.values() if i.side == side), key=lambda i: (i.order, i.key))
