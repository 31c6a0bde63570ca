"""Making one report: build its tables, render the format, store the file, moving the
row's progress as it goes (read by the page of the person waiting)."""

from __future__ import annotations

import logging

from django.http import Http404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from core.storage import blob_put
from core.texts import stored
from feedback.models import ReportFile, ReportStatus
from feedback.reports.render import report_pdf, report_xlsx
from feedback.reports.tables import BUILDERS

log = logging.getLogger(__name__)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _progress(report_id: int, value: int) -> None:
    ReportFile.objects.filter(pk=report_id).update(progress=max(0, min(100, value)))


def report_make(report_id: int) -> ReportFile | None:
    """Build, render and store the report, moving its progress as it goes. A failure is
    kept on the row (the person waiting sees it) rather than lost in a worker log."""
    report = (
        ReportFile.objects.select_related("dossier", "dossier__office").filter(pk=report_id).first()
    )
    if report is None or report.status == ReportStatus.DONE:
        return report
    ReportFile.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=5)
    lang = report.params.get("lang") or report.dossier.language or "en"
    try:
        with translation.override(lang):
            built = BUILDERS[report.kind](
                report.dossier, report.params, lambda v: _progress(report.pk, v)
            )
            _progress(report.pk, 92)
            render = report_pdf if report.fmt == "pdf" else report_xlsx
            data = render(built, report.dossier)
            name = f"{slugify(built.title) or report.kind}-{slugify(built.subtitle)[:40]}"
    except (Http404, ValueError, KeyError) as exc:
        log.warning("report %s failed: %s", report.pk, exc)
        ReportFile.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            error=stored(gettext_noop("The report could not be made for these parameters.")),
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    blob = blob_put(data, content_type=CONTENT_TYPES[report.fmt])
    ReportFile.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE,
        progress=100,
        blob=blob,
        file_name=f"{name.strip('-')}.{report.fmt}",
        finished_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
