"""Reads of bank data, always scoped to one dossier."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bank.models import Movement, Statement


def statement_list(*, dossier: Any) -> QuerySet[Statement]:
    return Statement.objects.filter(dossier=dossier).select_related("account")


def movement_list(*, dossier: Any, matched: bool | None = None) -> QuerySet[Movement]:
    """The statements' lines (a globalised batch once, its details inside it)."""
    qs = Movement.objects.filter(dossier=dossier, parent=None).prefetch_related("details")
    if matched is not None:
        qs = qs.filter(matched=matched)
    return qs.order_by("booking_date", "statement_id", "sequence")
