"""`{% load access %}{% url 'name' arg as link %}{% if link|opens_for:request.user %}`: show a
button only when the page behind it would let the user in (tenancy.access.allows)."""

from __future__ import annotations

from django import template

from tenancy.access import allows

register = template.Library()


@register.filter
def opens_for(path: str, user) -> bool:
    return allows(user, path)
