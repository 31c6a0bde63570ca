from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from core import extensions, menus
from tenancy.access import allows
from tenancy.policy import caps_for, office_member
from tenancy.selectors import office_for_user


def _menu(side: str, request, dossier=None, badges: dict | None = None) -> list[dict]:
    user = request.user
    caps = caps_for(user, dossier) if dossier is not None else frozenset()
    role = getattr(office_member(user), "role", None)
    entries = []
    badges = badges or {}
    for item in menus.items(side):  # type: ignore[arg-type]
        if item.capability and item.capability not in caps:
            continue
        if item.office_role and item.office_role != role:
            continue
        if side == "office" and role is None:
            continue
        try:
            url = (
                reverse(item.url_name, args=[dossier.pk])
                if side == "client"
                else reverse(item.url_name)
            )
        except NoReverseMatch:
            continue
        if not allows(user, url, dossier):  # the entry's own page would refuse this user
            continue
        entries.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "badge": badges.get(item.key) or 0,
                "active": request.path == url
                or (url != "/" and request.path.startswith(url) and item.key != "dossier_home"),
            }
        )
    return entries


def portal(request) -> dict:
    """Branding of the office the user belongs to, and the menus the policy allows."""
    user = getattr(request, "user", None)
    ctx: dict = {"office": None, "office_menu": [], "client_menu": [], "account_menu": []}
    if user is None or not user.is_authenticated:
        return ctx
    dossier = getattr(request, "dossier", None)
    ctx["office"] = dossier.office if dossier is not None else office_for_user(user=user)
    ctx["is_office_user"] = office_member(user) is not None
    # Counters later apps show beside their entries (messaging: unread conversations), asked
    # once for the three menus: with the page's dossier they hold the office's counters too.
    badges = extensions.collect("menu_badges", request, dossier)
    ctx["office_menu"] = _menu("office", request, badges=badges)
    ctx["account_menu"] = _menu("account", request, badges=badges)
    if dossier is not None:
        ctx["current_dossier"] = dossier
        ctx["client_menu"] = _menu("client", request, dossier, badges=badges)
    return ctx
