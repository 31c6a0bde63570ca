"""Reports on demand (F4): asked for by a person, made by a task, published by the office."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from core.audit import audit_log
from feedback.models import ReportFile, ReportStatus
from feedback.reports.make import report_make
from feedback.reports.tables import FORMATS, KINDS
from feedback.reports.tasks import report_make_task
from tenancy.models import Dossier

PARAMS = ("year", "period_from", "period_to", "account", "date", "period")


def clean_params(params: dict[str, Any]) -> dict[str, Any]:
    """Only the known parameters, as JSON-safe values (ints where they are ids/years)."""
    out: dict[str, Any] = {}
    for key in PARAMS:
        value = params.get(key)
        if value in (None, ""):
            continue
        if key in ("year", "period_from", "period_to", "account"):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValueError(key) from None
        out[key] = value if isinstance(value, int) else str(value)[:20]
    return out


def report_request(
    *, actor: Any, dossier: Dossier, kind: str, fmt: str, params: dict[str, Any]
) -> ReportFile:
    """Queue a report; the task makes it after the commit. ValueError for an unknown kind,
    format or parameter."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(kind)
    if kind == "account_history" and not params.get("account"):
        raise ValueError("account")
    with transaction.atomic():
        report = ReportFile.objects.create(
            dossier=dossier,
            kind=kind,
            fmt=fmt,
            params={**clean_params(params), "lang": translation.get_language() or "en"},
            requested_by=actor,
        )
        audit_log(
            actor=actor,
            action="feedback.report_requested",
            obj=report,
            data={"kind": kind, "format": fmt},
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    report_make_task.enqueue(report_id)


def report_publish(*, actor: Any, report: ReportFile) -> ReportFile:
    """Put a finished report in the client's *Shared by my accountant*."""
    if report.status != ReportStatus.DONE:
        raise ValueError("not ready")
    with transaction.atomic():
        report.published_at = timezone.now()
        report.published_by = actor
        report.seen_at = None
        report.save(update_fields=["published_at", "published_by", "seen_at"])
        audit_log(
            actor=actor, action="feedback.report_published", obj=report, data={"kind": report.kind}
        )
    return report


def report_withdraw(*, actor: Any, report: ReportFile) -> ReportFile:
    with transaction.atomic():
        report.published_at = None
        report.save(update_fields=["published_at"])
        audit_log(
            actor=actor, action="feedback.report_withdrawn", obj=report, data={"kind": report.kind}
        )
    return report


def report_mark_seen(*, report: ReportFile) -> None:
    """The client opened a shared file: it is no longer marked new (not audited: a read)."""
    if report.seen_at is None:
        ReportFile.objects.filter(pk=report.pk, seen_at__isnull=True).update(seen_at=timezone.now())


def vat_return_publish(*, actor: Any, dossier: Dossier, key: str) -> ReportFile:
    """The VAT return's summary by grid as a PDF, made now and published to the client."""
    report = ReportFile.objects.create(
        dossier=dossier,
        kind="vat_summary",
        fmt="pdf",
        params={"period": key, "lang": dossier.language or "en"},
        requested_by=actor,
    )
    made = report_make(report.pk)
    if made is None or made.status != ReportStatus.DONE:
        raise ValueError(key)
    return report_publish(actor=actor, report=made)
