"""Histories (F6): customers, suppliers, GL accounts; export; mark an item as paid."""

from __future__ import annotations

from datetime import date as Date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from archive import histories
from archive.export import XLSX, table_xlsx
from tenancy.access import dossier_access
from tenancy.policy import Cap


def _day(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        return None


def _history(request) -> histories.History:
    kind = request.GET.get("kind", "customer")
    raw = request.GET.get("id", "")
    return histories.history(
        dossier=request.dossier,
        kind=kind,
        subject_id=int(raw) if raw.isdigit() else None,
        include_settled=request.GET.get("all") == "1",
        date_from=_day(request.GET.get("date_from")),
        date_to=_day(request.GET.get("date_to")),
    )


@dossier_access(Cap.FEEDBACK)
@require_GET
def histories_view(request, dossier_id: int):
    h = _history(request)
    return render(
        request,
        "archive/histories.html",
        {
            "dossier": request.dossier,
            "h": h,
            "subjects": histories.subjects(dossier=request.dossier, kind=h.kind),
            "kinds": [
                ("customer", _("Customers")),
                ("supplier", _("Suppliers")),
                ("account", _("General ledger accounts")),
            ],
            "date_from": request.GET.get("date_from", ""),
            "date_to": request.GET.get("date_to", ""),
            "today": Date.today(),
            "query": request.GET.urlencode(),
        },
    )


@dossier_access(Cap.FEEDBACK)
@require_GET
def histories_xlsx_view(request, dossier_id: int):
    h = _history(request)  # no one chosen: the header alone, like the page's empty table
    header = [
        _("Date"),
        _("Journal"),
        _("Document number"),
        _("Description"),
        _("Due date"),
        _("Amount"),
        _("Open") if h.kind != "account" else _("Balance"),
        _("Marked as paid"),
    ]
    data = [
        [
            r.line.date,
            r.line.entry.journal.code,
            r.line.entry.number,
            r.line.description or r.line.entry.description,
            r.line.due_date,
            r.amount,
            r.open_amount if h.kind != "account" else r.balance,
            r.mark.paid_on if r.mark else None,
        ]
        for r in h.rows
    ]
    response = HttpResponse(table_xlsx(_("History"), header, data, {5, 6}), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="history-{h.kind}-{h.subject.pk if h.subject else 0}.xlsx"'
    )
    return response


@dossier_access(Cap.FEEDBACK)
@require_POST
def mark_paid_view(request, dossier_id: int, line_id: int):
    back = request.POST.get("next", "")
    try:
        if request.POST.get("undo") == "1":
            histories.paid_unmark(actor=request.user, dossier=request.dossier, line_id=line_id)
            messages.success(request, _("The paid mark was removed."))
        else:
            paid_on = _day(request.POST.get("paid_on")) or Date.today()
            histories.paid_mark(
                actor=request.user,
                dossier=request.dossier,
                line_id=line_id,
                paid_on=paid_on,
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Marked as paid. Your accountant will match the payment."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    # `next` is only ever a query string appended to this page: no open redirect.
    url = reverse("archive_histories", args=[request.dossier.pk])
    return redirect(f"{url}?{QueryDict(back).urlencode()}" if back else url)
