"""H4: the Belgian deadlines of a year for a monthly and a quarterly filer, exact dates,
moved to the next working day only where the administration moves them
(messaging/workdays.py), and a command that can run twice."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from core.texts import render
from messaging.deadlines import deadlines_for
from messaging.models import DossierCalendar, Task
from messaging.tasks import deadlines_generate

pytestmark = pytest.mark.django_db


def test_monthly_filer_2025_exact_dates():
    got = [
        (d.key, d.due)
        for d in deadlines_for(
            year=2025, vat_filing="monthly", intra_eu_listing=True, advance_payments=True
        )
    ]
    vat = [(k, due) for k, due in got if k.startswith("vat:")]
    assert vat == [
        ("vat:2024-12", date(2025, 1, 20)),
        ("vat:2025-01", date(2025, 2, 20)),
        ("vat:2025-02", date(2025, 3, 20)),
        ("vat:2025-03", date(2025, 4, 22)),  # Sunday 20, Easter Monday 21: moved
        ("vat:2025-04", date(2025, 5, 20)),
        ("vat:2025-05", date(2025, 6, 20)),
        ("vat:2025-06", date(2025, 7, 22)),  # Sunday 20, national day 21
        ("vat:2025-07", date(2025, 8, 20)),
        ("vat:2025-08", date(2025, 9, 22)),  # a Saturday
        ("vat:2025-09", date(2025, 10, 20)),
        ("vat:2025-10", date(2025, 11, 20)),
        ("vat:2025-11", date(2025, 12, 22)),  # a Saturday
    ]
    icl = [(k[4:], due) for k, due in got if k.startswith("icl:")]
    # Same period and legal day; the listings are not moved from 2025 (no source verified).
    assert icl == [("2024-12", date(2025, 1, 20))] + [
        (f"2025-{m:02d}", date(2025, m + 1, 20)) for m in range(1, 12)
    ]
    rest = [(k, due) for k, due in got if not k.startswith(("vat:", "icl:"))]
    assert rest == [
        ("customers:2024", date(2025, 3, 31)),
        ("advance:2025-1", date(2025, 4, 10)),
        ("advance:2025-2", date(2025, 7, 10)),
        ("accounts:2024", date(2025, 7, 31)),
        ("taxreturn:2024", date(2025, 7, 31)),
        ("advance:2025-3", date(2025, 10, 10)),
        ("advance:2025-4", date(2025, 12, 20)),
    ]
    assert len(got) == 12 + 12 + 7


def test_quarterly_filer_25th_since_q4_2024_and_20th_before():
    got = deadlines_for(
        year=2025, vat_filing="quarterly", intra_eu_listing=False, advance_payments=False
    )
    assert [(d.key, d.due) for d in got] == [
        ("vat:2024-Q4", date(2025, 1, 27)),  # Saturday 25: moved (circular 2025/C/6)
        ("customers:2024", date(2025, 3, 31)),
        ("vat:2025-Q1", date(2025, 4, 25)),
        ("vat:2025-Q2", date(2025, 7, 25)),
        ("vat:2025-Q3", date(2025, 10, 25)),  # a Saturday, but the tolerance ended 1.10
    ]
    old = deadlines_for(
        year=2024, vat_filing="quarterly", intra_eu_listing=False, advance_payments=False
    )
    assert [(d.key, d.due) for d in old if d.key.startswith("vat:")] == [
        ("vat:2023-Q4", date(2024, 1, 22)),  # Saturday 20
        ("vat:2024-Q1", date(2024, 4, 22)),  # Saturday 20
        ("vat:2024-Q2", date(2024, 7, 22)),  # Saturday 20: SPF Finances' own 22 July 2024
        ("vat:2024-Q3", date(2024, 10, 21)),  # Sunday 20
    ]


def test_no_vat_filer_gets_only_what_it_asked_for():
    got = deadlines_for(year=2026, vat_filing="none", intra_eu_listing=True, advance_payments=True)
    assert [d.key for d in got] == [
        "advance:2026-1",
        "advance:2026-2",
        "accounts:2025",
        "taxreturn:2025",
        "advance:2026-3",
        "advance:2026-4",
    ]


def test_a_company_files_its_accounts_and_tax_return_seven_months_after_the_year_end():
    got = {
        d.key: d
        for d in deadlines_for(
            year=2026, vat_filing="quarterly", intra_eu_listing=False, advance_payments=True
        )
    }
    # CCA art. 3:10: at the latest seven months after the financial year (31 July).
    assert got["accounts:2025"].due == date(2026, 7, 31)
    assert got["accounts:2025"].kind == "annual_accounts"
    assert got["taxreturn:2025"].due == date(2026, 7, 31)
    assert got["taxreturn:2025"].kind == "tax_return"
    # Without the company switch (a sole trader's calendar) neither is generated.
    plain = deadlines_for(
        year=2026, vat_filing="quarterly", intra_eu_listing=False, advance_payments=False
    )
    assert not [d for d in plain if d.kind in ("annual_accounts", "tax_return")]


def test_titles_show_in_the_readers_language(world):
    DossierCalendar.objects.create(dossier=world.dossier, vat_filing="quarterly")
    deadlines_generate(dossier=world.dossier, year=2025)
    task = Task.objects.get(dossier=world.dossier, rule_key="vat:2025-Q1")
    from django.utils import translation

    with translation.override("nl"):
        assert render(task.title) == "Btw-aangifte Q1 2025"
    with translation.override("fr"):
        assert render(task.title) == "Déclaration TVA Q1 2025"


def test_command_is_idempotent_and_follows_a_change_of_filing(world):
    DossierCalendar.objects.create(dossier=world.dossier, vat_filing="monthly")
    out = StringIO()
    call_command(
        "messaging_deadlines", "--year", "2025", "--dossier", str(world.dossier.pk), stdout=out
    )
    assert "13 created, 0 kept, 0 removed" in out.getvalue()
    keys = sorted(Task.objects.filter(dossier=world.dossier).values_list("rule_key", flat=True))
    call_command(
        "messaging_deadlines", "--year", "2025", "--dossier", str(world.dossier.pk), stdout=out
    )
    assert "0 created, 13 kept, 0 removed" in out.getvalue()
    assert (
        sorted(Task.objects.filter(dossier=world.dossier).values_list("rule_key", flat=True))
        == keys
    )
    assert not Task.objects.filter(dossier=world.other_dossier).exists()

    # Ticked-off months stay as history when the dossier becomes a quarterly filer.
    Task.objects.filter(rule_key="vat:2025-01").update(done=True)
    DossierCalendar.objects.filter(dossier=world.dossier).update(vat_filing="quarterly")
    r = deadlines_generate(dossier=world.dossier, year=2025)
    assert (r.created, r.kept, r.removed) == (4, 1, 11)
    assert sorted(
        Task.objects.filter(dossier=world.dossier).values_list("rule_key", flat=True)
    ) == [
        "customers:2024",
        "vat:2024-Q4",
        "vat:2025-01",
        "vat:2025-Q1",
        "vat:2025-Q2",
        "vat:2025-Q3",
    ]


def test_command_for_every_dossier(world):
    call_command("messaging_deadlines", "--year", "2026", stdout=StringIO())
    # Default settings: a quarterly filer, 4 returns and the customer listing.
    assert Task.objects.filter(dossier=world.other_dossier).count() == 5


def test_tasks_page_and_api(world):
    c = world.client_for(world.admin)
    r = c.post(
        f"/d/{world.dossier.pk}/tasks/calendar/",
        {"vat_filing": "monthly", "advance_payments": "on"},
    )
    assert r.status_code == 302
    assert Task.objects.filter(dossier=world.dossier, rule_key__startswith="vat:").count() == 12
    client = world.client_for(world.clients["administrator"])
    assert (
        client.post(f"/d/{world.dossier.pk}/tasks/calendar/", {"vat_filing": "none"}).status_code
        == 403
    )
    client.post(
        f"/d/{world.dossier.pk}/tasks/new/", {"title": "Send the leases", "due_date": "2026-12-31"}
    )
    task = Task.objects.get(rule_key="")
    assert render(task.title) == "Send the leases"
    client.post(f"/d/{world.dossier.pk}/tasks/{task.pk}/done/", {"done": "1"})
    data = client.get(f"/api/dossiers/{world.dossier.pk}/tasks?done=true").json()
    assert [(t["title"], t["done"], t["deadline"]) for t in data] == [
        ("Send the leases", True, None)
    ]
    page = client.get(f"/d/{world.dossier.pk}/tasks/").content.decode()
    assert "Send the leases" in page and "Déclaration TVA" in page  # the client user reads French


def test_deadlines_api(world):
    DossierCalendar.objects.create(
        dossier=world.dossier, vat_filing="quarterly", advance_payments=True
    )
    c = world.client_for(world.clients["full_feedback"])
    data = c.get(f"/api/dossiers/{world.dossier.pk}/deadlines?year=2026").json()
    assert data[:3] == [
        {"kind": "vat_return", "period": "2025-Q4", "due_date": "2026-01-25"},
        {"kind": "customer_listing", "period": "2025", "due_date": "2026-03-31"},
        {"kind": "tax_prepayment", "period": "2026-1", "due_date": "2026-04-10"},
    ]
    assert len(data) == 11  # 4 returns, the listing, 4 advances, accounts and tax return
    assert {"kind": "annual_accounts", "period": "2025", "due_date": "2026-07-31"} in data
    assert Task.objects.count() == 0  # a GET computes, it does not write
    assert (
        world.client_for(world.outsider)
        .get(f"/api/dossiers/{world.dossier.pk}/deadlines?year=2026")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("kind", "filing", "legal", "applied"),
    [
        # The examples circular 2025/C/6 gives for 2025.
        ("vat_return", "quarterly", date(2025, 1, 25), date(2025, 1, 27)),
        ("vat_return", "monthly", date(2025, 4, 20), date(2025, 4, 22)),
        ("vat_return", "monthly", date(2025, 7, 20), date(2025, 7, 22)),
        ("vat_return", "monthly", date(2025, 9, 20), date(2025, 9, 22)),
        # Monthly filers keep the tolerance for good; quarterly filers lose it on 1.10.2025.
        ("vat_return", "monthly", date(2026, 6, 20), date(2026, 6, 22)),
        ("vat_return", "quarterly", date(2025, 10, 25), date(2025, 10, 25)),
        ("vat_return", "quarterly", date(2026, 4, 25), date(2026, 4, 25)),
        # A working day stays; year end: 31 December 2023 is a Sunday, not a VAT deadline.
        ("vat_return", "monthly", date(2025, 5, 20), date(2025, 5, 20)),
        ("intra_eu_listing", "monthly", date(2024, 7, 20), date(2024, 7, 22)),
        ("intra_eu_listing", "monthly", date(2025, 9, 20), date(2025, 9, 20)),
        ("customer_listing", "quarterly", date(2024, 3, 31), date(2024, 3, 31)),
        ("tax_prepayment", "", date(2027, 4, 10), date(2027, 4, 10)),
        # Holidays that move with Easter, and a year end.
        ("vat_return", "monthly", date(2027, 12, 20), date(2027, 12, 20)),
        ("vat_return", "monthly", date(2020, 12, 20), date(2020, 12, 21)),
    ],
)
def test_weekend_and_holiday_shifting(kind, filing, legal, applied):
    from messaging.workdays import shift

    assert shift(kind, filing, legal)[0] == applied


def test_belgian_public_holidays():
    from messaging.workdays import public_holidays

    h = public_holidays(2025)
    assert date(2025, 4, 21) in h  # Easter Monday
    assert date(2025, 5, 29) in h  # Ascension
    assert date(2025, 6, 9) in h  # Whit Monday
    assert date(2025, 7, 21) in h and date(2025, 11, 11) in h and len(h) == 10
    assert date(2024, 4, 1) in public_holidays(2024)  # Easter Monday 2024
