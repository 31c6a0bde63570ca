"""A bank statement as PDF (E4): its balances and movements, in the reader's language."""

from __future__ import annotations

from django.template.loader import render_to_string

from bank.models import Statement


def statement_pdf(statement: Statement) -> bytes:
    from weasyprint import HTML

    movements = statement.movements.filter(parent=None).order_by("sequence")
    html = render_to_string("bank/statement_pdf.html", {"s": statement, "movements": movements})
    # The template references nothing external; refuse any fetch all the same.
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"external resource refused: {url}")
