"""B13 "VAT documents OK": the client declares that every document of a VAT period is in;
the office sees it per dossier and period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from documents.models import Dispatch
from messaging.models import DossierCalendar, VatDocumentsOk

_PERIOD = re.compile(r"(20\d\d)-(0[1-9]|1[0-2]|Q[1-4])")


def period_label(period: str) -> str:
    year, part = period.split("-")
    return f"{part} {year}" if part.startswith("Q") else f"{part}/{year}"


def _start(period: str) -> date:
    year, part = period.split("-")
    month = (int(part[1]) - 1) * 3 + 1 if part.startswith("Q") else int(part)
    return date(int(year), month, 1)


def filing_of(dossier) -> str:
    cal = DossierCalendar.objects.filter(dossier=dossier).first()
    return "monthly" if cal is not None and cal.vat_filing == "monthly" else "quarterly"


def recent_periods(filing: str, today: date, count: int = 6) -> list[str]:
    """The current VAT period and those before it, newest first."""
    out = []
    y, m = today.year, today.month
    if filing == "monthly":
        for _i in range(count):
            out.append(f"{y}-{m:02d}")
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    else:
        q = (m - 1) // 3 + 1
        for _i in range(count):
            out.append(f"{y}-Q{q}")
            y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return out


@transaction.atomic
def vat_documents_declare(*, actor, dossier, period: str) -> VatDocumentsOk:
    if not _PERIOD.fullmatch(period or ""):
        raise ValidationError(_("Choose a VAT period."))
    if _start(period) > timezone.localdate():
        raise ValidationError(_("This period has not started yet."))
    row, created = VatDocumentsOk.objects.get_or_create(
        dossier=dossier, period=period, defaults={"declared_by": actor}
    )
    if created:
        audit_log(
            actor=actor, action="messaging.vat_documents_ok", obj=dossier, data={"period": period}
        )
    return row


@transaction.atomic
def vat_documents_withdraw(*, actor, dossier, period: str) -> None:
    if VatDocumentsOk.objects.filter(dossier=dossier, period=period).delete()[0]:
        audit_log(
            actor=actor,
            action="messaging.vat_documents_withdrawn",
            obj=dossier,
            data={"period": period},
        )


@dataclass(frozen=True)
class PeriodState:
    period: str
    label: str
    ok_at: datetime | None
    by: Any  # the user who said so, or None
    via_sending: bool  # said when sending documents ("last documents for period")


def period_states(dossiers: list, today: date, count: int = 6) -> dict[int, list[PeriodState]]:
    """For each dossier, its recent periods and whether the client said they are complete;
    three queries whatever the number of dossiers."""
    ids = [d.pk for d in dossiers]
    said: dict[tuple[int, str], tuple[datetime, Any, bool]] = {}
    for row in VatDocumentsOk.objects.filter(dossier_id__in=ids).select_related("declared_by"):
        said[(row.dossier_id, row.period)] = (row.declared_at, row.declared_by, False)
    dispatches = (
        Dispatch.objects.filter(dossier_id__in=ids)
        .exclude(last_for_period="")
        .select_related("sent_by")
        .order_by("created_at")
    )
    for disp in dispatches:
        said.setdefault(
            (disp.dossier_id, disp.last_for_period), (disp.created_at, disp.sent_by, True)
        )
    monthly = set(
        DossierCalendar.objects.filter(dossier_id__in=ids, vat_filing="monthly").values_list(
            "dossier_id", flat=True
        )
    )
    out: dict[int, list[PeriodState]] = {}
    for d in dossiers:
        filing = "monthly" if d.pk in monthly else "quarterly"
        states = []
        for p in recent_periods(filing, today, count):
            at, by, via = said.get((d.pk, p), (None, None, False))
            states.append(PeriodState(p, period_label(p), at, by, via))
        out[d.pk] = states
    return out
