"""The archive page (F5): booked documents, filters, search, list or thumbnails, Excel."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from archive.export import XLSX, table_xlsx
from archive.forms import ArchiveFilterForm
from archive.search.service import (
    MAX_RESULTS,
    ArchiveFilters,
    archive_search,
    label_choices,
    paid_status,
)
from core import extensions
from ledger import selectors as ledger
from ledger.models import FiscalYear, Period
from tenancy.access import dossier_access
from tenancy.policy import Cap

PAGE_SIZE = 50


def _search(request):
    dossier = request.dossier
    form = ArchiveFilterForm(
        request.GET or None,
        # The choices only: no prefetch of the periods' closed journals (two queries each).
        years=list(FiscalYear.objects.filter(dossier=dossier)),
        periods=list(Period.objects.filter(dossier=dossier).select_related("fiscal_year")),
        journals=list(ledger.journal_list(dossier=dossier, client_view=True)),
        labels=label_choices(dossier=dossier),
    )
    filters = form.filters() if form.is_bound and form.is_valid() else ArchiveFilters()
    rows = archive_search(user=request.user, dossier=dossier, filters=filters)
    return form, filters, rows


@dossier_access(Cap.ARCHIVE)
@require_GET
def archive_view(request, dossier_id: int):
    form, filters, rows = _search(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    paid = paid_status(shown)
    docs = [r.document for r in shown]
    # Later apps' icons on a row (messaging: a conversation about the document, H2), the
    # same extension point as the document lists: {provider: {doc id: (icon, label, link)}}.
    icons = extensions.collect("document_icons", docs, request.user)
    for r in shown:
        r.paid = paid[r.pk]  # for the template
        r.icons = [
            {"icon": icon, "label": label, "url": link}
            for per_doc in icons.values()
            if r.document_id in per_doc
            for icon, label, link in [per_doc[r.document_id]]
        ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("view", None)
    grid = request.GET.get("view") == "grid"
    ctx = {
        "dossier": request.dossier,
        "form": form,
        "rows": shown,
        "page": page,
        "count": page.paginator.count,
        "filtered": filters.active,
        "grid": grid,
        "query": query.urlencode(),
    }
    template = "archive/_results.html" if request.htmx else "archive/archive.html"
    return render(request, template, ctx)


@dossier_access(Cap.ARCHIVE)
@require_GET
def archive_xlsx_view(request, dossier_id: int):
    _form, _filters, found = _search(request)
    rows = list(found[:MAX_RESULTS])
    paid = paid_status(rows)
    states = {True: _("Paid"), False: _("Unpaid"), None: ""}
    header = [
        _("Document number"),
        _("Journal"),
        _("Booking date"),
        _("Counterparty"),
        _("Amount"),
        _("Payment"),
        _("Title"),
    ]
    data = [
        [
            r.office_number,
            r.journal_code,
            r.date,
            r.counterparty_name,
            r.amount,
            states[paid[r.pk]],
            str(r.document),
        ]
        for r in rows
    ]
    response = HttpResponse(table_xlsx(_("Archive"), header, data, {4}), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="archive-{request.dossier.pk}.xlsx"'
    return response
