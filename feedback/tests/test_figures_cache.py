"""The figures are cached per version of the dossier's books: the ledger's `books_changed`
event gives a new version in the transaction of every posting, match, undo and sync, so a
page never shows figures the books no longer hold (stale figures would be a defect)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import selectors as sel
from feedback.figures_cache import figures_version
from feedback.tests.books import sale
from ledger import selectors as ledger
from ledger.models import Entry, EntryLine, Reconciliation
from ledger.services.matching import lines_match, reconciliation_undo
from ledger.services.posting import LineSpec, entry_post, entry_reverse
from ledger.services.sync import sync_run
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 12, 31)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_a_second_view_is_read_from_the_cache(world, books):
    first = _queries(lambda: sel.dashboard(dossier=world.dossier, year=2026))
    again = _queries(lambda: sel.dashboard(dossier=world.dossier, year=2026))
    # The version (one query) and the live "updated until" (the sync state) only.
    assert again < first and again <= 2
    board = sel.dashboard(dossier=world.dossier, year=2026)
    assert board.figures["turnover"] == Decimal("2500.00")
    aged = lambda: sel.aged_balances(dossier=world.dossier, side="customers", as_of=AS_OF)  # noqa: E731
    assert _queries(aged) > 1
    assert _queries(aged) == 1  # the version


def _page(c, url: str) -> str:
    """The page's text with its amounts' group separators removed (2 500,00 -> 2500,00)."""
    html = c.get(url).content.decode()
    return html.replace("\u202f", "").replace("\xa0", "").replace("&nbsp;", "")


def test_posting_an_entry_clears_the_cached_figures(world, books):
    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    url = reverse("feedback_dashboard", args=[world.dossier.pk]) + "?year=2026"
    assert "2500,00" in _page(c, url)  # turnover 2026 (the page is in French), now cached
    aged_url = reverse("feedback_aged", args=[world.dossier.pk]) + "?date=2026-12-31"
    assert "S26-9" not in _page(c, aged_url)
    version = figures_version(world.dossier.pk)
    sale(world, books.customer, "700.00", date(2026, 7, 1), date(2026, 7, 31), "S26-9")
    assert figures_version(world.dossier.pk) != version
    board = sel.dashboard(dossier=world.dossier, year=2026)
    assert board.figures["turnover"] == Decimal("3200.00")
    assert board.figures["receivables"] == Decimal("2700.00")  # 1,000 + 500 + 500 + 700
    html = _page(c, url)
    assert "3200,00" in html and "2500,00" not in html
    assert "S26-9" in _page(c, aged_url)  # the aged table's cached HTML too


def test_matching_undoing_and_reversing_clear_the_cached_aged_balances(world, books):
    def acme_open() -> Decimal:
        aged = sel.aged_balances(dossier=world.dossier, side="customers", as_of=AS_OF)
        return aged.total

    assert acme_open() == Decimal("2000.00")  # S25-1 1,000, S26-1 2,000 - 1,500, S26-2 500
    s26_2 = EntryLine.objects.get(entry__number="S26-2", is_open_item=True)
    pay = entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="BQ1",
        date=date(2026, 6, 1),
        counterparty=books.customer,
        lines=[
            LineSpec("550000", debit=Decimal("500.00")),
            LineSpec("400000", credit=Decimal("500.00"), counterparty=books.customer),
        ],
        number="B26-2",
    )
    # The payment is an open credit until matched: the balance owed goes down at once.
    assert acme_open() == Decimal("1500.00")
    pay_line = pay.lines.get(is_open_item=True)
    rec = lines_match(actor=world.admin, dossier=world.dossier, lines=[s26_2, pay_line])
    items = sel.aged_balances(dossier=world.dossier, side="customers", as_of=AS_OF).rows[0].items
    assert "S26-2" not in {i.number for i in items}
    reconciliation_undo(actor=world.admin, reconciliation=Reconciliation.objects.get(pk=rec.pk))
    items = sel.aged_balances(dossier=world.dossier, side="customers", as_of=AS_OF).rows[0].items
    assert "S26-2" in {i.number for i in items}
    entry_reverse(actor=world.admin, entry=Entry.objects.get(number="S26-2"))
    items = sel.aged_balances(dossier=world.dossier, side="customers", as_of=AS_OF).rows[0].items
    assert "S26-2" not in {i.number for i in items}
    assert sel.dashboard(dossier=world.dossier, year=2026).figures["turnover"] == Decimal("2000.00")


def test_a_sync_gives_the_figures_a_new_version(world, books):
    sel.dashboard(dossier=world.dossier, year=2026)
    version = figures_version(world.dossier.pk)
    sync_run(actor=world.admin, dossier=world.dossier, updated_until=date(2026, 9, 30))
    assert figures_version(world.dossier.pk) != version
    assert sel.dashboard(dossier=world.dossier, year=2026).updated_until == date(2026, 9, 30)


def test_the_cached_key_figures_are_the_ledgers(world, books):
    """The dashboard computes them from its one aggregate; the ledger's selector is the
    definition (SPEC F1)."""
    for year in (2025, 2026):
        board = sel.dashboard(dossier=world.dossier, year=year)
        assert board.year is not None
        assert board.figures == ledger.key_figures(dossier=world.dossier, fiscal_year=board.year)
