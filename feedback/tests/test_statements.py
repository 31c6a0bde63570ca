"""Income statement and balance sheet (F2) on the sample books, and their drill-down down
to the entries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from feedback import statements as st
from ledger.models import Account, Period
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db
D = Decimal


def test_income_statement_of_2026_against_2025(world, books):
    stmt = st.income_statement(dossier=world.dossier, year=2026)
    lines = {ln.key: ln for s in stmt.sections for ln in s.lines}
    assert (lines["70"].amount, lines["70"].previous) == (D("2500.00"), D("1000.00"))
    assert (lines["61"].amount, lines["60"].previous) == (D("300.00"), D("100.00"))
    assert stmt.totals["operating_result"] == D("2200.00")
    assert stmt.previous_totals is not None
    assert stmt.previous_totals["operating_result"] == D("900.00")
    assert stmt.totals["result"] == D("2200.00")
    [acc] = lines["70"].accounts
    assert acc.code == "700000" and acc.amount == D("2500.00")


def test_income_statement_of_a_period_range(world, books):
    jan = Period.objects.get(dossier=world.dossier, start__year=2026, start__month=1)
    mar = Period.objects.get(dossier=world.dossier, start__year=2026, start__month=3)
    stmt = st.income_statement(dossier=world.dossier, year=2026, period_from=jan, period_to=mar)
    assert stmt.totals["result"] == D("1700.00")  # S26-1 2,000 - P26-1 300; not S26-2 (May)
    assert stmt.previous_totals is not None
    assert stmt.previous_totals["result"] == D("900.00")  # Q1 2025


def test_balance_sheet_balances_with_the_result_to_appropriate(world, books):
    stmt = st.balance_sheet(dossier=world.dossier, year=2026)
    assets = {ln.key: ln.amount for ln in stmt.sections[0].lines}
    liabilities = {ln.key: ln.amount for ln in stmt.sections[1].lines}
    # Receivables 1,000 + 2,000 + 500 - 1,500; cash 1,500; payables 400; result 900 + 2,200.
    assert assets["40-41"] == D("2000.00") and assets["54-58"] == D("1500.00")
    assert liabilities["42-48"] == D("400.00") and liabilities["6-7"] == D("3100.00")
    assert stmt.totals["assets"] == stmt.totals["liabilities"] == D("3500.00")
    assert stmt.previous_totals == {"assets": D("1000.00"), "liabilities": D("1000.00")}


def test_drill_down_from_the_statement_to_the_document(world, books):
    from ledger.models import Entry

    entry = Entry.objects.get(dossier=world.dossier, number="S26-1")
    Entry.objects.filter(pk=entry.pk).update(document_id=4242)
    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    d = world.dossier.pk
    html = c.get(reverse("feedback_income_statement", args=[d]) + "?year=2026").content.decode()
    account = Account.objects.get(dossier=world.dossier, code="700000")
    months_url = reverse("feedback_account_months", args=[d, account.pk])
    assert f'href="{months_url}?year=2026"' in html
    assert 'data-subtotal="result"' in html
    html = c.get(months_url + "?year=2026").content.decode()
    jan = Period.objects.get(dossier=world.dossier, start__year=2026, start__month=1)
    entries_url = reverse("feedback_account_entries", args=[d, account.pk, jan.pk])
    assert entries_url in html
    html = c.get(entries_url).content.decode()
    assert "S26-1" in html and "2\xa0000,00" in html  # the client reads French
    assert reverse("document_visual", args=[4242]) in html
    sheet = c.get(reverse("feedback_balance_sheet", args=[d]) + "?year=2026")
    assert sheet.status_code == 200 and b'data-section="liabilities"' in sheet.content


def test_statement_pages_follow_the_feedback_capability(world, books):
    d = world.dossier.pk
    acc = Account.objects.get(dossier=world.dossier, code="700000")
    urls = [
        reverse("feedback_income_statement", args=[d]),
        reverse("feedback_balance_sheet", args=[d]),
        reverse("feedback_account_months", args=[d, acc.pk]),
    ]
    for profile, code in ((ClientProfile.DOC_PROCESSING, 403), (ClientProfile.FULL_FEEDBACK, 200)):
        c = world.client_for(world.clients[profile])
        for url in urls:
            assert c.get(url).status_code == code, (profile, url)
    c = world.client_for(world.outsider)
    for url in urls:
        assert c.get(url).status_code == 404
    # An account of another dossier is not found under mine.
    other = Account.objects.exclude(dossier=world.dossier).first()
    if other is not None:
        c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
        assert c.get(reverse("feedback_account_months", args=[d, other.pk])).status_code == 404


def test_the_old_figures_page_redirects_to_the_dashboard(world, books):
    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    r = c.get(reverse("ledger_figures", args=[world.dossier.pk]))
    assert r.status_code == 302
    assert r["Location"] == reverse("feedback_dashboard", args=[world.dossier.pk])
