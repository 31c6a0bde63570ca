"""Feedback API (F1, F3): what the client gets back, as decimal strings."""

from __future__ import annotations

from datetime import date as Date

from django.http import Http404
from ninja import Router
from ninja.decorators import decorate_view

from feedback import selectors as sel
from feedback.access import feedback_access
from tenancy.access import dossier_access
from tenancy.policy import Cap

router = Router(tags=["feedback"])


def _money(value) -> str:
    return f"{value:.2f}"


@router.get(
    "/dossiers/{dossier_id}/aged-balances",
    summary="Open items of customers or suppliers by days past due",
)
@decorate_view(feedback_access())
def aged_balances(request, dossier_id: int, side: str = "customers", date: Date | None = None):
    if side not in sel.SIDES:
        raise Http404
    aged = sel.aged_balances(dossier=request.dossier, side=side, as_of=date or Date.today())
    return {
        "side": aged.side,
        "date": aged.as_of.isoformat(),
        "buckets": list(sel.BUCKETS),
        "totals": {b: _money(v) for b, v in aged.totals.items()},
        "total": _money(aged.total),
        "counterparties": [
            {
                "id": row.counterparty.pk,
                "name": row.counterparty.name,
                "buckets": {b: _money(v) for b, v in row.buckets.items()},
                "total": _money(row.total),
                "items": [
                    {
                        "number": i.number,
                        "date": i.date.isoformat(),
                        "due_date": i.due_date.isoformat(),
                        "days_overdue": i.days_overdue,
                        "bucket": i.bucket,
                        "amount": _money(i.amount),
                        "open_amount": _money(i.open_amount),
                    }
                    for i in row.items
                ],
            }
            for row in aged.rows
        ],
    }


@router.get(
    "/dossiers/{dossier_id}/feedback/aged-balances",
    summary="Alias of /dossiers/{id}/aged-balances (first published path)",
    deprecated=True,
)
@decorate_view(feedback_access())
def aged_balances_alias(
    request, dossier_id: int, side: str = "customers", date: Date | None = None
):
    return aged_balances(request, dossier_id, side=side, date=date)


@router.get(
    "/dossiers/{dossier_id}/figures",
    summary="Key figures of a fiscal year (F1) with the result per quarter against the year before",
)
@decorate_view(feedback_access())
def figures(request, dossier_id: int, year: int | None = None):
    board = sel.dashboard(dossier=request.dossier, year=year)
    if board.year is None:
        raise Http404
    f = board.figures
    return {
        "year": board.year.start.year,
        "updated_until": board.updated_until.isoformat() if board.updated_until else None,
        "turnover": _money(f["turnover"]),
        "operating_income": _money(f["operating_income"]),
        "operating_charges": _money(f["operating_charges"]),
        "financial_income": _money(f["financial_income"]),
        "result": _money(f["result_before_tax"]),
        "liquidity": _money(f["liquidity"]),
        "receivables": _money(f["receivables"]),
        "payables": _money(f["payables"]),
        "quarters": [
            {
                "quarter": q.number,
                "result": _money(q.result),
                "previous": _money(q.previous) if q.previous is not None else None,
            }
            for q in board.quarters
        ],
        "liquidity_trend": [
            {"period_end": p.end.isoformat(), "balance": _money(v)} for p, v in board.liquidity
        ],
        "charges_by_class": {c: _money(v) for c, _n, v in board.costs},
    }


@router.get(
    "/dossiers/{dossier_id}/vat-return",
    summary="Boxes of the periodic VAT return for a month (2026-03) or a quarter (2026-Q1)",
)
@decorate_view(feedback_access())
def vat_return(request, dossier_id: int, period: str = "", format: str = "json"):
    try:
        ret = sel.vat_return(dossier=request.dossier, key=period)
    except ValueError:
        raise Http404 from None
    if ret is None:
        raise Http404
    if format == "xml":
        from django.http import HttpResponse

        from feedback.vat.intervat import vat_consignment

        response = HttpResponse(
            vat_consignment(dossier=request.dossier, ret=ret), content_type="application/xml"
        )
        response["Content-Disposition"] = f'attachment; filename="vat-return-{ret.key}.xml"'
        return response
    return {
        "period": ret.key,
        "period_from": ret.first.start.isoformat(),
        "period_to": ret.last.end.isoformat(),
        "grids": {box: _money(amount) for box, amount in ret.grids.items()},
    }


@router.get(
    "/dossiers/{dossier_id}/vat-listing",
    summary="The annual customer listing (kind=customers, year=) or the intra-EU listing "
    "(kind=intra, period=2026-03|2026-Q1), as JSON or the Intervat XML (format=xml)",
)
@decorate_view(dossier_access(Cap.CONFIGURE))
def vat_listing(
    request,
    dossier_id: int,
    kind: str = "customers",
    year: int | None = None,
    period: str = "",
    format: str = "json",
):
    from django.http import HttpResponse

    from feedback.vat.listings import listing_file_name, listing_get, listing_xml

    if format not in ("json", "xml"):
        raise Http404
    try:
        listing = listing_get(dossier=request.dossier, kind=kind, year=year, period=period)
        if format == "xml":
            response = HttpResponse(
                listing_xml(dossier=request.dossier, listing=listing),
                content_type="application/xml",
            )
            response["Content-Disposition"] = f'attachment; filename="{listing_file_name(listing)}"'
            return response
    except ValueError:
        raise Http404 from None
    return {
        "kind": listing.kind,
        "period": listing.key,
        "total": _money(listing.total),
        "vat_total": _money(listing.vat_total),
        "lines": [
            {
                "vat_number": r.vat_number,
                "country": r.country,
                "number": r.number,
                "customer": r.counterparty.name if r.counterparty else "",
                "code": r.code,
                "amount": _money(r.amount),
                "vat": _money(r.vat),
                "in_file": not r.problem,
                "problem": r.problem,
            }
            for r in listing.rows
        ],
    }


# --- The Intervat file and reports on demand (F4), synchronous for API clients.


@router.get(
    "/dossiers/{dossier_id}/reports/{kind}",
    summary="A report (income_statement, balance_sheet, trial_balance, aged_receivables, "
    "aged_payables, account_history, vat_summary, customer_listing, intra_listing) as PDF or Excel",
)
@decorate_view(feedback_access())
def report(
    request,
    dossier_id: int,
    kind: str,
    year: int | None = None,
    format: str = "pdf",
    period_from: int | None = None,
    period_to: int | None = None,
    account: int | None = None,
    date: Date | None = None,
    period: str = "",
):
    from django.http import HttpResponse
    from django.utils.text import slugify

    from feedback.reports.make import CONTENT_TYPES
    from feedback.reports.render import report_pdf, report_xlsx
    from feedback.reports.services import clean_params
    from feedback.reports.tables import BUILDERS, FORMATS

    if kind not in BUILDERS or format not in FORMATS:
        raise Http404
    if kind == "account_history" and account is None:
        raise Http404
    params = clean_params(
        {
            "year": year,
            "period_from": period_from,
            "period_to": period_to,
            "account": account,
            "date": date.isoformat() if date else None,
            "period": period,
        }
    )
    try:
        built = BUILDERS[kind](request.dossier, params, lambda _v: None)
    except ValueError:
        raise Http404 from None
    data = (report_pdf if format == "pdf" else report_xlsx)(built, request.dossier)
    response = HttpResponse(data, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{slugify(built.title)}.{format}"'
    return response
