"""Income statement and balance sheet with their drill-down (SPEC F2)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from feedback import statements as st
from feedback.access import feedback_access
from feedback.selectors import fiscal_year_list
from ledger import selectors as ledger


def _year(request) -> int | None:
    value = request.GET.get("year")
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def _period(request, dossier, name: str):
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return ledger.period_get(dossier=dossier, period_id=int(value))
    except ValueError:
        raise Http404 from None


def _no_books(request, kind: str):
    """A dossier whose books hold no fiscal year yet: the page says so (not a 404)."""
    return render(
        request, "feedback/reports/statement_empty.html", {"dossier": request.dossier, "kind": kind}
    )


@feedback_access()
def income_statement_view(request, dossier_id: int):
    dossier = request.dossier
    if not ledger.fiscal_years(dossier=dossier).exists():
        return _no_books(request, "income")
    stmt = st.income_statement(
        dossier=dossier,
        year=_year(request),
        period_from=_period(request, dossier, "from"),
        period_to=_period(request, dossier, "to"),
    )
    return _render(request, stmt)


@feedback_access()
def balance_sheet_view(request, dossier_id: int):
    dossier = request.dossier
    if not ledger.fiscal_years(dossier=dossier).exists():
        return _no_books(request, "balance")
    stmt = st.balance_sheet(
        dossier=dossier, year=_year(request), period_to=_period(request, dossier, "to")
    )
    return _render(request, stmt)


def _render(request, stmt: st.Statement):
    dossier = request.dossier
    return render(
        request,
        "feedback/reports/statement.html",
        {
            "dossier": dossier,
            "stmt": stmt,
            "years": fiscal_year_list(dossier=dossier),
            "periods": list(ledger.period_list(dossier=dossier).filter(fiscal_year=stmt.year)),
        },
    )


@feedback_access()
def account_months_view(request, dossier_id: int, account_id: int):
    dossier = request.dossier
    account = ledger.account_get(dossier=dossier, account_id=account_id)
    fy = st.fiscal_year_of(dossier=dossier, year=_year(request))
    rows = st.account_months(dossier=dossier, account=account, fiscal_year=fy)
    return render(
        request,
        "feedback/reports/account_months.html",
        {
            "dossier": dossier,
            "account": account,
            "year": fy,
            "rows": rows,
            "total_debit": sum((r.debit for r in rows), st.ZERO),
            "total_credit": sum((r.credit for r in rows), st.ZERO),
        },
    )


@feedback_access()
def account_entries_view(request, dossier_id: int, account_id: int, period_id: int):
    dossier = request.dossier
    account = ledger.account_get(dossier=dossier, account_id=account_id)
    period = ledger.period_get(dossier=dossier, period_id=period_id)
    page = ledger.account_history(
        dossier=dossier,
        account=account,
        date_from=period.start,
        date_to=period.end,
        cursor=request.GET.get("cursor", ""),
        limit=200,
    )
    return render(
        request,
        "feedback/reports/account_entries.html",
        {"dossier": dossier, "account": account, "period": period, "page": page},
    )
