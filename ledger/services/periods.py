"""Fiscal years and periods (D3): open or closed per journal; a new active period closes
the earlier ones."""

from __future__ import annotations

import calendar
from datetime import date as Date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from ledger.events import books_changed
from ledger.models import Books, FiscalYear, Journal, Period
from tenancy.models import Dossier


def fiscal_year_create(
    *,
    actor: Any,
    dossier: Dossier,
    year: int | None = None,
    start: Date | None = None,
    end: Date | None = None,
    name: str = "",
    audit: bool = True,
) -> FiscalYear:
    """A fiscal year with monthly periods (calendar year by default). Idempotent by name."""
    if start is None:
        if year is None:
            raise ValidationError(_("Give a year or a start date."))
        start = Date(year, 1, 1)
    if end is None:
        end = Date(start.year + 1, start.month, 1).replace(day=1)
        end = Date.fromordinal(end.toordinal() - 1)
    if end <= start:
        raise ValidationError(_("A fiscal year ends after it starts."))
    name = name or (str(start.year) if start.year == end.year else f"{start.year}-{end.year}")
    with transaction.atomic():
        existing = FiscalYear.objects.filter(dossier=dossier, name=name).first()
        if existing is not None:
            return existing
        if FiscalYear.objects.filter(dossier=dossier, start__lte=end, end__gte=start).exists():
            raise ValidationError(_("This fiscal year overlaps another one."))
        fy = FiscalYear.objects.create(dossier=dossier, name=name, start=start, end=end)
        periods = []
        day, n = start, 1
        while day <= end:
            last = Date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
            periods.append(
                Period(dossier=dossier, fiscal_year=fy, number=n, start=day, end=min(last, end))
            )
            day = Date.fromordinal(last.toordinal() + 1)
            n += 1
        Period.objects.bulk_create(periods)
        books_changed(dossier.pk)
        if audit:
            audit_log(actor=actor, action="ledger.fiscal_year_created", obj=fy, data={"name": name})
        return fy


def period_set_closed(
    *, actor: Any, period: Period, closed: bool, journal: Journal | None = None
) -> Period:
    """Close or reopen a period, for every journal or for one."""
    with transaction.atomic():
        if journal is None:
            period.closed = closed
            period.save(update_fields=["closed"])
            if not closed:
                period.closed_journals.clear()
        else:
            if journal.dossier_id != period.dossier_id:
                raise ValidationError(_("Unknown journal."))
            if closed:
                period.closed_journals.add(journal)
            else:
                if period.closed:
                    raise ValidationError(_("Reopen the period for all journals first."))
                period.closed_journals.remove(journal)
        audit_log(
            actor=actor,
            action="ledger.period_closed" if closed else "ledger.period_reopened",
            obj=period,
            data={"journal": journal.code if journal else None},
        )
        return period


def period_set_active(*, actor: Any, dossier: Dossier, period: Period) -> Books:
    """Make `period` the active one; every earlier period of the dossier gets closed (D3)."""
    if period.dossier_id != dossier.pk:
        raise ValidationError(_("Unknown period."))
    with transaction.atomic():
        books = Books.objects.select_for_update().get(dossier=dossier)
        closed = Period.objects.filter(
            dossier=dossier, start__lt=period.start, closed=False
        ).update(closed=True)
        if period.closed:
            period.closed = False
            period.save(update_fields=["closed"])
        books.active_period = period
        books.save(update_fields=["active_period"])
        audit_log(
            actor=actor,
            action="ledger.active_period_set",
            obj=period,
            data={"period": str(period), "closed_earlier": closed},
        )
        return books
