"""The dashboard's figures are sums of the trial balance by class, whatever is posted
(hypothesis; examples accumulate in the dossier, the invariants hold at every step)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import selectors as sel
from ledger import selectors as ledger
from ledger.services.posting import EntrySpec, LineSpec, entries_post_many

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.00")
ACCOUNTS = [
    "550000",
    "570000",
    "600000",
    "610000",
    "620000",
    "650000",
    "700000",
    "740000",
    "750000",
    "100000",
    "400000",
    "440000",
]
cents = st.integers(min_value=1, max_value=1_000_000).map(lambda c: Decimal(c) / 100)


@st.composite
def two_line_entries(draw):
    amount = draw(cents)
    debit, credit = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=2, max_size=2))
    day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 729)))
    return EntrySpec("OD", day, [LineSpec(debit, debit=amount), LineSpec(credit, credit=amount)])


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(two_line_entries(), min_size=1, max_size=6))
def test_dashboard_figures_are_trial_balance_sums_by_class(world, books, specs):
    entries_post_many(actor=None, dossier=world.dossier, specs=specs)
    for year in (2025, 2026):
        board = sel.dashboard(dossier=world.dossier, year=year)
        first, last = ledger.period_range(dossier=world.dossier, fiscal_year=board.year)
        tb = ledger.trial_balance(dossier=world.dossier, period_from=first, period_to=last)
        by_class: dict[str, Decimal] = {}
        for row in tb.rows:
            by_class[row.code[:2]] = by_class.get(row.code[:2], ZERO) + row.balance
        income = -sum((v for c, v in by_class.items() if c[0] == "7" and c <= "76"), ZERO)
        charges = sum((v for c, v in by_class.items() if "60" <= c <= "66"), ZERO)
        assert sum(q.result for q in board.quarters) == income - charges == board.result
        assert {c: v for c, _n, v in board.costs} == {c: by_class.get(c, ZERO) for c in sel.CHARGES}
        cumulative = ledger.trial_balance(dossier=world.dossier, period_to=last)
        cash = sum((r.balance for r in cumulative.rows if r.code[:2] in sel.LIQUIDITY), ZERO)
        assert board.liquidity[-1][1] == cash == board.figures["liquidity"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(two_line_entries(), min_size=1, max_size=6))
def test_statements_are_trial_balance_sums_and_the_balance_sheet_balances(world, books, specs):
    from feedback import statements

    entries_post_many(actor=None, dossier=world.dossier, specs=specs)
    for year in (2025, 2026):
        board = sel.dashboard(dossier=world.dossier, year=year)
        first, last = ledger.period_range(dossier=world.dossier, fiscal_year=board.year)
        tb = ledger.trial_balance(dossier=world.dossier, period_from=first, period_to=last)
        by_class: dict[str, Decimal] = {}
        for row in tb.rows:
            by_class[row.code[:2]] = by_class.get(row.code[:2], ZERO) + row.balance
        income = statements.income_statement(dossier=world.dossier, year=year)
        lines = {ln.key: ln for s in income.sections for ln in s.lines}
        # Every line is its class's trial-balance sum, with the sign of its side.
        for key, line in lines.items():
            sign = -1 if key[0] == "7" else 1
            assert line.amount == sign * by_class.get(key, ZERO), key
        assert income.totals["result_before_tax"] == board.result
        assert lines["70"].amount == board.figures["turnover"]
        assert income.totals["operating_income"] == board.figures["operating_income"]
        assert income.totals["operating_charges"] == board.figures["operating_charges"]
        sheet = statements.balance_sheet(dossier=world.dossier, year=year)
        assert sheet.totals["assets"] == sheet.totals["liabilities"]
        cash = next(ln for ln in sheet.sections[0].lines if ln.key == "54-58")
        assert cash.amount == board.figures["liquidity"]
