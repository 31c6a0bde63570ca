"""Double-entry invariants as property tests (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import selectors as sel
from ledger.models import ZERO, EntryLine
from ledger.services.matching import lines_match
from ledger.services.posting import EntrySpec, LineSpec, entries_post_many, entry_reverse

ACCOUNTS = ["550000", "604000", "610000", "700000", "451000", "411000", "100000"]
cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)


@st.composite
def entry_specs(draw):
    n_debit = draw(st.integers(1, 3))
    n_credit = draw(st.integers(1, 3))
    debits = [draw(cents) for _ in range(n_debit)]
    total = sum(debits, ZERO)
    # Split the total into n_credit positive parts, each at least one cent.
    total_c = int(total * 100)
    k = min(n_credit, total_c)
    weights = draw(st.lists(st.integers(1, 100), min_size=k, max_size=k))
    spare = total_c - k
    parts = [1 + spare * w // sum(weights) for w in weights]
    parts[-1] += total_c - sum(parts)
    credits = [Decimal(p) / 100 for p in parts]
    day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    lines = [LineSpec(draw(st.sampled_from(ACCOUNTS)), debit=d) for d in debits]
    lines += [LineSpec(draw(st.sampled_from(ACCOUNTS)), credit=c) for c in credits]
    return EntrySpec("OD", day, draw(st.permutations(lines)))


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(specs=st.lists(entry_specs(), min_size=1, max_size=8))
def test_every_posted_entry_balances_and_balances_match_lines(world, books, specs):
    entries = entries_post_many(actor=None, dossier=world.dossier, specs=specs)
    for e in entries:
        agg = [(ln.debit, ln.credit) for ln in e.lines.all()]
        assert sum(d for d, _c in agg) == sum(c for _d, c in agg) > 0
    tb = sel.trial_balance(dossier=world.dossier)
    assert tb.total_debit == tb.total_credit
    from_lines = sel.trial_balance_from_lines(dossier=world.dossier)
    assert {r.account_id: (r.debit, r.credit) for r in tb.rows} == from_lines


@SETTINGS
@given(spec=entry_specs())
def test_a_reversal_restores_every_balance(world, books, spec):
    before = {r.account_id: r.balance for r in sel.trial_balance(dossier=world.dossier).rows}
    entry = entries_post_many(actor=None, dossier=world.dossier, specs=[spec])[0]
    entry_reverse(actor=None, entry=entry)
    after = {r.account_id: r.balance for r in sel.trial_balance(dossier=world.dossier).rows}
    keys = set(before) | set(after)
    assert all(before.get(k, ZERO) == after.get(k, ZERO) for k in keys)


@SETTINGS
@given(
    invoices=st.lists(cents, min_size=1, max_size=4),
    payments=st.lists(cents, min_size=1, max_size=4),
)
def test_open_items_equal_the_unmatched_part_of_the_lines(
    world, books, customer, invoices, payments
):
    specs = [
        EntrySpec(
            "VEN",
            date(2025, 2, 1),
            [LineSpec("400000", debit=a), LineSpec("700000", credit=a)],
            counterparty=customer,
        )
        for a in invoices
    ]
    specs += [
        EntrySpec(
            "BQ1",
            date(2025, 2, 15),
            [LineSpec("550000", debit=a), LineSpec("400000", credit=a)],
            counterparty=customer,
        )
        for a in payments
    ]
    entries = entries_post_many(actor=None, dossier=world.dossier, specs=specs)
    lines = list(EntryLine.objects.filter(entry__in=entries, is_open_item=True))
    lines_match(actor=None, dossier=world.dossier, lines=lines)
    remaining = sel.open_amounts([ln.pk for ln in lines])
    signed = sum((remaining[ln.pk] if ln.debit else -remaining[ln.pk] for ln in lines), ZERO)
    # What stays open is exactly what the customer still owes (or was overpaid)...
    assert signed == sum(invoices, ZERO) - sum(payments, ZERO)
    # ...and only one side keeps open items: the smaller side is fully settled.
    assert not (
        any(remaining[ln.pk] for ln in lines if ln.debit)
        and any(remaining[ln.pk] for ln in lines if ln.credit)
    )
    # The open-items selector sees the same amounts.
    from_selector = {
        r.pk: sel.open_amount_of(r)
        for r in sel.open_items(dossier=world.dossier, counterparty=customer)
    }
    assert all(
        from_selector.get(ln.pk, ZERO) == (remaining[ln.pk] if ln.debit else -remaining[ln.pk])
        for ln in lines
    )


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(entry_specs(), min_size=1, max_size=5))
def test_export_then_import_round_trips_any_books(world, books, specs):
    from ledger.services.interchange import books_export, import_apply, import_check
    from ledger.services.setup import books_activate
    from tenancy.models import Dossier

    entries_post_many(actor=None, dossier=world.dossier, specs=specs)
    _n, data, _ct = books_export(dossier=world.dossier, fmt="json")
    target = Dossier.objects.create(office=world.office, name="copy")
    books_activate(actor=None, dossier=target, belgian_defaults=False)
    run = import_apply(
        actor=None, run=import_check(actor=None, dossier=target, filename="b.json", data=data)
    )
    assert run.status == "applied", run.report["errors"][:3]

    def by_code(dossier):
        return {(r.code, r.debit, r.credit) for r in sel.trial_balance(dossier=dossier).rows}

    assert by_code(target) == by_code(world.dossier)
