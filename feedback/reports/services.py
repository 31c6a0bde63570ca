"""Reports on demand (F4): asked for by a person, made by a task, published by the office."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from core import extensions
from core.audit import audit_log
from feedback.models import ReportFile, ReportStatus
from feedback.reports.make import CONTENT_TYPES, report_make
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


def _title(report: ReportFile) -> str:
    """The file's title in the client's folder, in the dossier's language."""
    with translation.override(report.dossier.language or "en"):
        label = str(KINDS.get(report.kind, report.kind))
    suffix = report.params.get("period") or report.params.get("year") or ""
    return f"{label} {suffix}".strip()


def report_publish(*, actor: Any, report: ReportFile) -> ReportFile:
    """Put a finished report in the client's *Shared by my accountant*: one store, the
    archive app's publications (it answers `"shared_publish"`; feedback cannot import it),
    which tells the client and marks the file new. ValueError when it is not ready or
    nothing answers."""
    if report.status != ReportStatus.DONE or report.blob_id is None:
        raise ValueError("not ready")
    with transaction.atomic():
        answer = extensions.collect(
            "shared_publish",
            actor=actor,
            dossier=report.dossier,
            title=_title(report),
            file_name=report.file_name or f"{report.kind}.{report.fmt}",
            content_type=CONTENT_TYPES.get(report.fmt, "application/octet-stream"),
            blob_id=report.blob_id,
            source=f"feedback.report:{report.pk}",
        )
        if not answer.get("publication_id"):
            raise ValueError("no shared folder")
        report.published_at = timezone.now()
        report.published_by = actor
        report.save(update_fields=["published_at", "published_by"])
        audit_log(
            actor=actor,
            action="feedback.report_published",
            obj=report,
            data={"kind": report.kind, "publication": answer["publication_id"]},
        )
    return report


def report_withdraw(*, actor: Any, report: ReportFile) -> ReportFile:
    with transaction.atomic():
        extensions.collect(
            "shared_withdraw",
            actor=actor,
            dossier=report.dossier,
            source=f"feedback.report:{report.pk}",
        )
        report.published_at = None
        report.save(update_fields=["published_at"])
        audit_log(
            actor=actor, action="feedback.report_withdrawn", obj=report, data={"kind": report.kind}
        )
    return report


def _make_and_publish(*, actor: Any, dossier: Dossier, kind: str, params: dict) -> ReportFile:
    report = ReportFile.objects.create(
        dossier=dossier,
        kind=kind,
        fmt="pdf",
        params={**params, "lang": dossier.language or "en"},
        requested_by=actor,
    )
    made = report_make(report.pk)
    if made is None or made.status != ReportStatus.DONE:
        raise ValueError(kind)
    return report_publish(actor=actor, report=made)


def vat_return_publish(*, actor: Any, dossier: Dossier, key: str) -> ReportFile:
    """The VAT return's summary by grid as a PDF, made now and published to the client."""
    return _make_and_publish(
        actor=actor, dossier=dossier, kind="vat_summary", params={"period": key}
    )


def vat_listing_publish(
    *, actor: Any, dossier: Dossier, kind: str, year: int | None = None, period: str = ""
) -> ReportFile:
    """A VAT listing (customers: `year`; intra: `period`) as a PDF, published to the client.
    ValueError for an unknown kind or a wrong year/period."""
    from feedback.vat.listings import listing_get

    listing = listing_get(dossier=dossier, kind=kind, year=year, period=period)
    if kind == "intra" and not listing.rows:
        raise ValueError("nothing to list")  # a period without intra-EU operations
    if kind == "customers":
        return _make_and_publish(
            actor=actor, dossier=dossier, kind="customer_listing", params={"year": int(listing.key)}
        )
    return _make_and_publish(
        actor=actor, dossier=dossier, kind="intra_listing", params={"period": listing.key}
    )
