from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ledger.models import Account, Books, Entry, Journal, Period
from ledger.tests.conftest import sale

PAGES = [
    "ledger_home",
    "ledger_accounts",
    "ledger_journals",
    "ledger_periods",
    "ledger_vat_codes",
    "ledger_counterparties",
    "ledger_entries",
    "ledger_entry_new",
    "ledger_trial_balance",
    "ledger_open_items",
    "ledger_exchange",
    "ledger_rubrics",
]


@pytest.mark.parametrize("name", PAGES)
def test_office_pages_render_for_the_collaborator(world, books, customer, name):
    sale(world, customer)
    r = world.client_for(world.collaborator).get(reverse(name, args=[world.dossier.pk]))
    assert r.status_code == 200


def test_object_pages_render(world, books, customer):
    entry = sale(world, customer)
    c = world.client_for(world.admin)
    d = world.dossier.pk
    acc = Account.objects.get(dossier=world.dossier, code="400000")
    journal = Journal.objects.get(dossier=world.dossier, code="VEN")
    for url in (
        reverse("ledger_entry", args=[d, entry.pk]),
        reverse("ledger_account", args=[d, acc.pk]),
        reverse("ledger_journal", args=[d, journal.pk]),
    ):
        assert c.get(url).status_code == 200, url
    for fmt in ("json", "xlsx", "csv", "ubl", "winbooks"):
        r = c.get(reverse("ledger_export", args=[d]) + f"?fmt={fmt}")
        assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")


def test_outsiders_get_404_on_the_books_pages(world, books, customer):
    entry = sale(world, customer)
    d = world.dossier.pk
    acc = Account.objects.get(dossier=world.dossier, code="400000")
    urls = [reverse(n, args=[d]) for n in PAGES] + [
        reverse("ledger_entry", args=[d, entry.pk]),
        reverse("ledger_account", args=[d, acc.pk]),
        reverse("ledger_figures", args=[d]),
    ]
    for user in (world.outsider, world.stranger_office_admin, world.unassigned_collaborator):
        c = world.client_for(user)
        for url in urls:
            assert c.get(url).status_code == 404, (user, url)


def test_an_entry_of_another_dossier_is_404_even_under_my_dossier(world, books, customer):
    from ledger.services.setup import books_activate
    from ledger.tests.samples import _entry

    books_activate(actor=world.admin, dossier=world.other_dossier, year=2025)
    foreign = _entry(world.other_dossier)
    c = world.client_for(world.collaborator)  # sees world.dossier only
    url = reverse("ledger_entry", args=[world.dossier.pk, foreign.pk])
    assert c.get(url).status_code == 404


def test_clients_cannot_open_the_office_pages_but_feedback_users_see_figures(
    world, books, customer
):
    sale(world, customer)
    d = world.dossier.pk
    for profile in ("administrator", "full_feedback", "doc_processing", "doc_delivery"):
        c = world.client_for(world.clients[profile])
        assert c.get(reverse("ledger_accounts", args=[d])).status_code == 403
    ok = world.client_for(world.clients["full_feedback"]).get(reverse("ledger_figures", args=[d]))
    assert ok.status_code == 200 and b'data-testid="figures"' in ok.content
    no = world.client_for(world.clients["doc_processing"]).get(reverse("ledger_figures", args=[d]))
    assert no.status_code == 403


def test_the_office_activates_books_from_the_page(world):
    c = world.client_for(world.admin)
    url = reverse("ledger_home", args=[world.dossier.pk])
    assert b'data-testid="activate"' in c.get(url).content
    r = c.post(url, {"connector": "builtin", "year": "2026"})
    assert r.status_code == 302
    books = Books.objects.get(dossier=world.dossier)
    assert books.connector == "builtin"
    assert Account.objects.filter(dossier=world.dossier).count() >= 150
    assert Account.objects.get(dossier=world.dossier, code="440000").name_nl == "Leveranciers"


def test_manual_entry_posting_and_reversal_through_the_pages(world, books):
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])
    c = world.client_for(world.admin)
    d = world.dossier.pk
    data = {
        "journal": "OD",
        "date": "2025-02-03",
        "description": "Test",
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        "lines-0-account": "550000",
        "lines-0-debit": "50.00",
        "lines-1-account": "100000",
        "lines-1-credit": "50.00",
    }
    r = c.post(reverse("ledger_entry_new", args=[d]), data)
    assert r.status_code == 302
    entry = Entry.objects.get(dossier=world.dossier)
    r = c.post(reverse("ledger_entry_reverse", args=[d, entry.pk]), {"date": "2025-02-04"})
    assert r.status_code == 302
    assert Entry.objects.filter(reversal_of=entry).exists()
    data["lines-1-credit"] = "49.00"
    r = c.post(reverse("ledger_entry_new", args=[d]), data)
    assert r.status_code == 200 and "does not balance" in r.content.decode()


def test_set_active_period_from_the_page(world, books):
    c = world.client_for(world.admin)
    june = Period.objects.get(dossier=world.dossier, start=date(2025, 6, 1))
    c.post(
        reverse("ledger_periods", args=[world.dossier.pk]), {"action": "active", "period": june.pk}
    )
    assert Period.objects.get(dossier=world.dossier, start=date(2025, 5, 1)).closed
    assert Books.objects.get(dossier=world.dossier).active_period_id == june.pk


def test_import_upload_report_and_apply(world, books):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = world.client_for(world.admin)
    d = world.dossier.pk
    f = SimpleUploadedFile("accounts.csv", b"code;name_fr;kind\n612345;Divers;expense\n")
    r = c.post(reverse("ledger_exchange", args=[d]), {"file": f})
    assert r.status_code == 302
    page = c.get(r["Location"])
    assert b"Apply" in page.content or b"import-status" in page.content
    r = c.post(r["Location"])
    assert Account.objects.filter(dossier=world.dossier, code="612345").exists()


def test_sync_actions_update_the_status(world, books, django_capture_on_commit_callbacks):
    from ledger.models import SyncState

    c = world.client_for(world.admin)
    url = reverse("ledger_sync", args=[world.dossier.pk])
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            url,
            {
                "action": "manual",
                "updated_until": "2025-03-31",
                "reset_counter": "on",
                "notify_client": "on",
            },
        )
    state = SyncState.objects.get(dossier=world.dossier)
    assert state.status == "ok" and state.updated_until == date(2025, 3, 31)
    world.dossier.refresh_from_db()
    assert world.dossier.updated_until == date(2025, 3, 31)
    from django.core import mail

    assert len(mail.outbox) == 1
    r = c.get(reverse("ledger_office_books"))
    assert r.status_code == 200 and world.dossier.name.encode() in r.content
