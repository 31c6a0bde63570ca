"""Reports on demand (F4), their progress, download and publication (into the archive's
*Shared by my accountant*, one store with the office's other publications)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import extensions
from core.storage import blob_open
from feedback.access import feedback_access
from feedback.models import ReportStatus
from feedback.reports import selectors as rsel
from feedback.reports import services
from feedback.reports.make import CONTENT_TYPES
from feedback.reports.tables import FORMATS, KINDS
from feedback.selectors import fiscal_year_list, vat_return_keys
from ledger import selectors as ledger
from tenancy.access import dossier_access
from tenancy.policy import Cap, can


@feedback_access()
def reports_view(request, dossier_id: int):
    dossier = request.dossier
    if request.method == "POST":
        try:
            report = services.report_request(
                actor=request.user,
                dossier=dossier,
                kind=request.POST.get("kind", ""),
                fmt=request.POST.get("format", ""),
                params=request.POST.dict(),
            )
        except ValueError:
            messages.error(request, _("Choose a report, a format and, for a history, an account."))
        else:
            return redirect("feedback_report", dossier_id=dossier.pk, report_id=report.pk)
    years = fiscal_year_list(dossier=dossier)
    return render(
        request,
        "feedback/reports/reports.html",
        {
            "dossier": dossier,
            "kinds": [(k, str(v)) for k, v in KINDS.items()],
            "formats": FORMATS,
            "years": years,
            "year": years[0] if years else None,
            "periods": list(ledger.period_list(dossier=dossier).order_by("start")),
            "accounts": list(ledger.account_list(dossier=dossier).order_by("code")[:2000]),
            "vat_keys": vat_return_keys(dossier=dossier),
            "recent": list(
                rsel.reports_for(user=request.user, dossier=dossier).select_related("blob")[:20]
            ),
            "is_office": can(request.user, Cap.CONFIGURE, dossier),
            "posted": request.POST if request.method == "POST" else {},
        },
    )


@feedback_access()
def report_view(request, dossier_id: int, report_id: int):
    """The report's page; while it is being made, its status fragment polls itself."""
    report = rsel.report_get_for_user(
        user=request.user, dossier=request.dossier, report_id=report_id
    )
    ctx = {
        "dossier": request.dossier,
        "report": report,
        "title": KINDS.get(report.kind, report.kind),
        "waiting": report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING),
        "step": report.progress // 10 * 10,
        "is_office": can(request.user, Cap.CONFIGURE, request.dossier),
    }
    if request.htmx:
        return render(request, "feedback/reports/_report_status.html", ctx)
    return render(request, "feedback/reports/report.html", ctx)


@feedback_access()
def report_download_view(request, dossier_id: int, report_id: int):
    report = rsel.report_get_for_user(
        user=request.user, dossier=request.dossier, report_id=report_id
    )
    if report.status != ReportStatus.DONE or report.blob_id is None:
        raise Http404
    return FileResponse(
        blob_open(report.blob_id),
        as_attachment=True,
        filename=report.file_name,
        content_type=CONTENT_TYPES.get(report.fmt, "application/octet-stream"),
    )


@dossier_access(Cap.CONFIGURE)
@require_POST
def report_publish_view(request, dossier_id: int, report_id: int):
    report = rsel.report_get_for_user(
        user=request.user, dossier=request.dossier, report_id=report_id
    )
    try:
        if request.POST.get("withdraw"):
            services.report_withdraw(actor=request.user, report=report)
            messages.success(request, _("The report is no longer shared with the client."))
        else:
            services.report_publish(actor=request.user, report=report)
            messages.success(request, _("The report is in the client's Shared by my accountant."))
    except ValueError:
        messages.error(request, _("Only a finished report can be shared."))
    return redirect("feedback_report", dossier_id=dossier_id, report_id=report.pk)


@feedback_access()
def shared_view(request, dossier_id: int):
    """The old *Shared by my accountant* page: the files are in the archive's folders now
    (one store, F7), which answers `"shared_folder_url"`."""
    url = extensions.collect("shared_folder_url", request.dossier).get("url")
    if not url:
        raise Http404
    return redirect(url)
