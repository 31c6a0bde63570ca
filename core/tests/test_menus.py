from __future__ import annotations

from django.urls import reverse

from core import menus


def test_every_menu_entry_leads_to_a_page():
    """A registered menu entry whose URL cannot be built would silently disappear from menus."""
    broken = []
    for side in ("client", "office", "account"):
        for item in menus.items(side):
            try:
                reverse(item.url_name, args=[1] if side == "client" else [])
            except Exception as exc:
                broken.append(f"{item.key}: {exc}")
    assert broken == []
