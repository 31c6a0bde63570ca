from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger import selectors as sel
from ledger.models import Account, Entry, EntryLine, Period
from ledger.services.matching import lines_match
from ledger.services.periods import period_set_active, period_set_closed
from ledger.services.posting import LineSpec, entry_post, entry_reverse
from ledger.tests.conftest import receipt, sale


def test_it_posts_a_balanced_entry_and_numbers_it(world, books, customer):
    e1 = sale(world, customer)
    e2 = sale(world, customer)
    assert (e1.number, e2.number) == ("2025-00001", "2025-00002")
    assert e1.lines.count() == 3
    tb = sel.trial_balance(dossier=world.dossier)
    assert tb.total_debit == tb.total_credit == Decimal("242.00")


def test_it_numbers_each_fiscal_year_from_one(world, books, customer):
    sale(world, customer, day=date(2025, 12, 30))
    assert sale(world, customer, day=date(2026, 1, 2)).number == "2026-00001"


def test_it_rejects_an_unbalanced_entry(world, books):
    with pytest.raises(ValidationError, match="does not balance"):
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="OD",
            date=date(2025, 1, 5),
            lines=[LineSpec("550000", debit="10.00"), LineSpec("100000", credit="9.99")],
        )
    assert not Entry.objects.exists()


def test_it_rejects_unknown_and_inactive_accounts(world, books):
    with pytest.raises(ValidationError, match="Unknown account 999999"):
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="OD",
            date=date(2025, 1, 5),
            lines=[LineSpec("999999", debit="1"), LineSpec("100000", credit="1")],
        )


def test_it_rejects_another_dossiers_account(world, books):
    from ledger.services.setup import books_activate

    books_activate(actor=world.admin, dossier=world.other_dossier, year=2025)
    from ledger.models import Account

    foreign = Account.objects.get(dossier=world.other_dossier, code="550000")
    with pytest.raises(ValidationError, match="Unknown account"):
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="OD",
            date=date(2025, 1, 5),
            lines=[LineSpec(foreign, debit="1"), LineSpec("100000", credit="1")],
        )


def test_it_refuses_floats_and_sub_cent_amounts(world, books):
    for bad in (1.5, "1.005"):
        with pytest.raises(ValidationError):
            entry_post(
                actor=world.admin,
                dossier=world.dossier,
                journal="OD",
                date=date(2025, 1, 5),
                lines=[LineSpec("550000", debit=bad), LineSpec("100000", credit=bad)],
            )


def test_it_rejects_posting_in_a_closed_period(world, books):
    march = Period.objects.get(dossier=world.dossier, start=date(2025, 3, 1))
    period_set_closed(actor=world.admin, period=march, closed=True)
    with pytest.raises(ValidationError, match="closed"):
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="OD",
            date=date(2025, 3, 5),
            lines=[LineSpec("550000", debit="1"), LineSpec("100000", credit="1")],
        )


def test_it_closes_a_period_for_one_journal_only(world, books, customer):
    march = Period.objects.get(dossier=world.dossier, start=date(2025, 3, 1))
    from ledger.models import Journal

    period_set_closed(
        actor=world.admin,
        period=march,
        closed=True,
        journal=Journal.objects.get(dossier=world.dossier, code="VEN"),
    )
    with pytest.raises(ValidationError, match="closed for journal VEN"):
        sale(world, customer)
    entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="OD",
        date=date(2025, 3, 5),
        lines=[LineSpec("550000", debit="1"), LineSpec("100000", credit="1")],
    )


def test_setting_the_active_period_closes_the_earlier_ones(world, books):
    june = Period.objects.get(dossier=world.dossier, start=date(2025, 6, 1))
    period_set_active(actor=world.admin, dossier=world.dossier, period=june)
    states = dict(
        Period.objects.filter(dossier=world.dossier, fiscal_year__name="2025").values_list(
            "number", "closed"
        )
    )
    assert all(states[n] for n in range(1, 6)) and not any(states[n] for n in range(6, 13))


def test_it_rejects_a_date_outside_the_fiscal_years(world, books):
    with pytest.raises(ValidationError, match="No period"):
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="OD",
            date=date(2030, 1, 1),
            lines=[LineSpec("550000", debit="1"), LineSpec("100000", credit="1")],
        )


def test_customer_lines_become_open_items_and_payments_match_them_partly(world, books, customer):
    inv = sale(world, customer, "1210.00")
    pay = receipt(world, customer, "1000.00")
    assert sel.open_items(dossier=world.dossier).count() == 2
    lines = list(EntryLine.objects.filter(is_open_item=True, entry__in=[inv, pay]))
    lines_match(actor=world.admin, dossier=world.dossier, lines=lines)
    items = list(sel.open_items(dossier=world.dossier))
    assert len(items) == 1 and sel.open_amount_of(items[0]) == Decimal("210.00")
    rest = receipt(world, customer, "210.00", day=date(2025, 4, 20))
    lines_match(
        actor=world.admin,
        dossier=world.dossier,
        lines=[items[0], rest.lines.get(is_open_item=True)],
    )
    assert not sel.open_items(dossier=world.dossier).exists()


def test_a_reversal_restores_balances_and_settles_open_items(world, books, customer):
    inv = sale(world, customer, "605.00")
    before = sel.trial_balance_from_lines(dossier=world.dossier)
    rev = entry_reverse(actor=world.admin, entry=inv)
    assert rev.reversal_of_id == inv.pk
    after = {k: v[0] - v[1] for k, v in sel.trial_balance_from_lines(dossier=world.dossier).items()}
    assert all(v == 0 for v in after.values()) and before
    assert not sel.open_items(dossier=world.dossier).exists()
    with pytest.raises(ValidationError, match="already been reversed"):
        entry_reverse(actor=world.admin, entry=inv)


def test_posted_entries_are_not_edited_in_place(world, books, customer):
    inv = sale(world, customer)
    rev = entry_reverse(actor=world.admin, entry=inv, date=date(2025, 3, 11))
    inv.refresh_from_db()
    assert inv.lines.count() == 3 and rev.pk != inv.pk


def test_account_history_pages_carry_the_running_balance(world, books, customer):
    for n in range(7):
        sale(world, customer, f"{100 + n}.00", day=date(2025, 2, 1 + n))
    receipt(world, customer, "50.00", day=date(2025, 1, 20))
    acc = Account.objects.get(dossier=world.dossier, code="400000")
    for date_from, date_to in (
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 2, 2), date(2025, 2, 27)),
    ):
        balances, cursor, pages = [], "", 0
        while True:
            page = sel.account_history(
                dossier=world.dossier,
                account=acc,
                date_from=date_from,
                date_to=date_to,
                cursor=cursor,
                limit=3,
            )
            balances += [r["balance"] for r in page.rows]
            pages += 1
            if not page.has_more:
                break
            cursor = page.next_cursor
        assert page.opening == Decimal("-50.00") + (Decimal("100.00") if date_from.day == 2 else 0)
        amounts = [
            r.debit
            for r in EntryLine.objects.filter(
                account=acc, date__gte=date_from, date__lte=date_to
            ).order_by("date", "id")
        ]
        expected, running = [], page.opening
        for a in amounts:
            running += a
            expected.append(running)
        assert balances == expected and pages >= 2
        assert page.total_debit == sum(amounts, Decimal("0"))
