from datetime import date
from decimal import Decimal

import pytest

from feedback import selectors as sel
from ledger import selectors as ledger

D = Decimal
pytestmark = pytest.mark.django_db


def test_dashboard_results_per_quarter_against_the_year_before(world, books):
    board = sel.dashboard(dossier=world.dossier, year=2026)
    assert board.year.start == date(2026, 1, 1)
    assert board.previous_year.start == date(2025, 1, 1)
    assert [(q.number, q.result, q.previous) for q in board.quarters] == [
        (1, D("1700.00"), D("900.00")),
        (2, D("500.00"), D("0.00")),
        (3, D("0.00"), D("0.00")),
        (4, D("0.00"), D("0.00")),
    ]
    assert board.result == D("2200.00")
    assert board.previous_result == D("900.00")


def test_dashboard_quarters_add_up_to_the_key_figures(world, books):
    for year in (2025, 2026):
        board = sel.dashboard(dossier=world.dossier, year=year)
        fy = board.year
        assert (
            sum(q.result for q in board.quarters)
            == ledger.key_figures(dossier=world.dossier, fiscal_year=fy)["result_before_tax"]
        )


def test_dashboard_liquidity_trend_is_the_cumulative_bank_balance(world, books):
    board = sel.dashboard(dossier=world.dossier, year=2026)
    trend = [(p.start.month, v) for p, v in board.liquidity]
    assert trend[:4] == [(1, D("0.00")), (2, D("0.00")), (3, D("1500.00")), (4, D("1500.00"))]
    assert len(trend) == 12
    assert board.figures["liquidity"] == D("1500.00")


def test_dashboard_charges_by_class(world, books):
    costs = {c: v for c, _name, v in sel.dashboard(dossier=world.dossier, year=2026).costs}
    assert costs["61"] == D("300.00")
    assert costs["60"] == D("0.00")
    costs_2025 = {c: v for c, _n, v in sel.dashboard(dossier=world.dossier, year=2025).costs}
    assert costs_2025["60"] == D("100.00")


def test_dashboard_updated_until_comes_from_the_dossier(world, books):
    from tenancy.services import dossier_updated_until_set

    dossier_updated_until_set(actor=world.admin, dossier=world.dossier, day=date(2026, 4, 30))
    assert sel.dashboard(dossier=world.dossier).updated_until == date(2026, 4, 30)


def test_dashboard_without_books_is_empty(world):
    board = sel.dashboard(dossier=world.dossier)
    assert board.year is None and board.quarters == []


@pytest.mark.parametrize(
    "days,bucket",
    [
        (-1, "not_due"),
        (0, "d0_30"),
        (30, "d0_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "d90"),
    ],
)
def test_bucket_edges(days, bucket):
    assert sel.bucket_of(days) == bucket


def test_aged_receivables_by_days_past_due(world, books):
    aged = sel.aged_balances(dossier=world.dossier, side="customers", as_of=date(2026, 6, 30))
    [row] = aged.rows
    assert row.counterparty == books.customer
    # S25-1 1,000 due 12/03/2025 and the rest of S26-1 (2,000 - 1,500) due 14/02/2026: > 90;
    # S26-2 500 due 09/06/2026: 21 days.
    assert row.buckets == {
        "not_due": D("0.00"),
        "d0_30": D("500.00"),
        "d31_60": D("0.00"),
        "d61_90": D("0.00"),
        "d90": D("1500.00"),
    }
    assert row.total == D("2000.00")
    assert [(i.number, i.open_amount, i.days_overdue) for i in row.items] == [
        ("S25-1", D("1000.00"), 475),
        ("S26-1", D("500.00"), 136),
        ("S26-2", D("500.00"), 21),
    ]
    assert (
        aged.total
        == ledger.key_figures(
            dossier=world.dossier, fiscal_year=sel.dashboard(dossier=world.dossier).year
        )["receivables"]
    )


def test_aged_payables_are_positive_and_respect_the_date(world, books):
    aged = sel.aged_balances(dossier=world.dossier, side="suppliers", as_of=date(2026, 6, 1))
    [row] = aged.rows
    assert row.buckets["not_due"] == D("300.00")  # P26-1 due 20/06/2026
    assert row.buckets["d90"] == D("100.00")  # P25-1
    # Before the payment was matched, all of S26-1 was open.
    early = sel.aged_balances(dossier=world.dossier, side="customers", as_of=date(2026, 2, 20))
    assert [(i.number, i.open_amount) for i in early.rows[0].items] == [
        ("S25-1", D("1000.00")),
        ("S26-1", D("2000.00")),
    ]


def test_statement_of_a_customer(world, books):
    st = sel.statement(dossier=world.dossier, counterparty=books.customer, as_of=date(2026, 6, 30))
    assert [(ln.number, ln.debit, ln.credit, ln.balance) for ln in st.lines] == [
        ("S25-1", D("1000.00"), D("0.00"), D("1000.00")),
        ("S26-1", D("2000.00"), D("0.00"), D("3000.00")),
        ("B26-1", D("0.00"), D("1500.00"), D("1500.00")),
        ("S26-2", D("500.00"), D("0.00"), D("2000.00")),
    ]
    assert st.balance == st.open.total == D("2000.00")
