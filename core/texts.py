"""Texts stored as codes, translated when shown.

A message meant for people and kept in the database (a step's reason, a proposal's
problem, a notice) is stored as its English message id plus its parameters, never as a
sentence already translated in the writer's language: `stored(...)` builds the value,
`render(...)` translates it in the reader's language (the active one). Mark the message
id with `gettext_noop` where it is written so `makemessages` collects it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext


def stored(msgid: str, plural: str = "", count: int | None = None, **params: Any) -> dict:
    """The storable form of a message: JSON-safe, language-free."""
    value: dict[str, Any] = {"msgid": msgid}
    if plural:
        value["plural"] = plural
        value["count"] = count if count is not None else params.get("count", 1)
    if params:
        value["params"] = {
            k: v if isinstance(v, int | float) else str(v) for k, v in params.items()
        }
    return value


def render(value: Any) -> str:
    """The message in the active language. Plain strings (older rows) are translated as ids."""
    if not value:
        return ""
    if isinstance(value, str):
        return gettext(value)
    if not isinstance(value, dict) or "msgid" not in value:
        return str(value)
    params = value.get("params") or {}
    if value.get("plural"):
        text = ngettext(value["msgid"], value["plural"], int(value.get("count") or 0))
    else:
        text = gettext(value["msgid"])
    if not params:
        return text
    try:
        return text % params
    except (KeyError, ValueError, TypeError):
        return text
