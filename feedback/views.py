"""The client's dashboard (F1), aged balances and counterparty statements (F3)."""

from __future__ import annotations

from datetime import date as Date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext

from feedback import figures_cache
from feedback import selectors as sel
from feedback.access import feedback_access
from feedback.export import dashboard_xlsx
from ledger import selectors as ledger


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def _day(value: str | None) -> Date:
    if not value:
        return Date.today()
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


@feedback_access()
def dashboard_view(request, dossier_id: int):
    dossier = request.dossier
    board = sel.dashboard(dossier=dossier, year=_int_or_none(request.GET.get("year")))
    return render(
        request,
        "feedback/dashboard.html",
        {
            "dossier": dossier,
            "board": board,
            "years": board.years,
            "chart_data": sel.dashboard_chart_data(board),
        },
    )


@feedback_access()
def dashboard_xlsx_view(request, dossier_id: int):
    board = sel.dashboard(dossier=request.dossier, year=_int_or_none(request.GET.get("year")))
    if board.year is None:
        raise Http404
    response = HttpResponse(
        dashboard_xlsx(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="dashboard-{slugify(board.year.name)}.xlsx"'
    )
    return response


def _items_html(items: list[sel.OpenItem]) -> str:
    """The open items under a counterparty, formatted here rather than by the template
    language: hundreds of them make the page's cost (the same text as the filters give)."""
    due = gettext("due")
    dates: dict[Date, str] = {}

    def day(value: Date) -> str:
        if value not in dates:
            dates[value] = date_format(value, "SHORT_DATE_FORMAT")
        return dates[value]

    return format_html_join(
        "",
        "<li>{} · {} · {} {} · {}</li>",
        (
            (i.number, day(i.date), due, day(i.due_date), floatformat(i.open_amount, "2g"))
            for i in items
        ),
    )


@feedback_access()
def aged_view(request, dossier_id: int):
    side = request.GET.get("side") or "customers"
    if side not in sel.SIDES:
        raise Http404
    as_of = _day(request.GET.get("date"))
    dossier = request.dossier

    def table() -> str:
        aged = sel.aged_balances(dossier=dossier, side=side, as_of=as_of)
        for row in aged.rows:
            row.items_html = _items_html(row.items)  # type: ignore[attr-defined]
        return render_to_string(
            "feedback/_aged_table.html",
            {
                "dossier": dossier,
                "aged": aged,
                "buckets": [(b, sel.BUCKET_LABELS[b]) for b in sel.BUCKETS],
            },
        )

    # Hundreds of open items make a long table: rendered once per version of the books.
    html = figures_cache.cached(
        dossier.pk, "aged.html", (side, as_of, translation.get_language()), table
    )
    return render(
        request,
        "feedback/aged.html",
        {"dossier": dossier, "side": side, "as_of": as_of, "table": mark_safe(html)},
    )


@feedback_access()
def statement_view(request, dossier_id: int, counterparty_id: int):
    counterparty = ledger.counterparty_get(dossier=request.dossier, counterparty_id=counterparty_id)
    as_of = _day(request.GET.get("date"))
    return render(
        request,
        "feedback/statement.html",
        {
            "dossier": request.dossier,
            "st": sel.statement(dossier=request.dossier, counterparty=counterparty, as_of=as_of),
            "buckets": [(b, sel.BUCKET_LABELS[b]) for b in sel.BUCKETS],
        },
    )


@feedback_access()
def vat_return_view(request, dossier_id: int):
    try:
        ret = sel.vat_return(dossier=request.dossier, key=request.GET.get("period", ""))
    except ValueError:
        raise Http404 from None
    return render(
        request,
        "feedback/vat_return.html",
        {
            "dossier": request.dossier,
            "ret": ret,
            "keys": sel.vat_return_keys(dossier=request.dossier),
        },
    )
