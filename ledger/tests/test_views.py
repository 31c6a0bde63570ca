from __future__ import annotations

import re
from datetime import date
from html import unescape

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
    "ledger_vat_return",
]


def _text(response) -> str:
    """The page as a person reads it: tags gone, spaces folded (the collaborator reads
    French: dates 10/03/2025, amounts 121,00)."""
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.find("<main") :] if "<main" in html else html
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


# What a person checks on each page of the books after one sale to Acme SA on 10/03/2025:
# 100.00 at 21 % (VEN 2025-00001, due 10/04/2025), with the fixture's fiscal years.
EXPECTED = {
    # The connector, the active period and both fiscal years with their dates.
    "ledger_home": [
        r"Fidu \(comptabilité intégrée\)",
        r"Période active 01/2025",
        r"2025 \(01/01/2025 – 31/12/2025\)",
        r"2026 \(01/01/2026 – 31/12/2026\)",
    ],
    # The Belgian chart: codes with their French names and types.
    "ledger_accounts": [
        r"100000 Capital souscrit Fonds propres et provisions",
        r"400000 Clients Créances commerciales \(clients\)",
        r"440000 Fournisseurs Dettes commerciales \(fournisseurs\)",
        r"700000 Ventes de marchandises Produits",
    ],
    # The sale used number 1 of VEN: its next number is 2, the purchases journal's 1.
    "ledger_journals": [
        r"VEN VER Ventes Ventes / Verkopen EUR \{year\}-\{seq:05d\} 2 ✓",
        r"ACH AAN Achats Achats / Aankopen EUR \{year\}-\{seq:05d\} 1 ✓",
        r"BQ1 BK1 Financier Banque / Bank EUR",
    ],
    # Twelve monthly periods per year, February with its 28 days, January active.
    "ledger_periods": [
        r"1 actif 01/01/2025 31/01/2025 ouverte",
        r"2 01/02/2025 28/02/2025 ouverte",
        r"12 01/12/2025 31/12/2025 ouverte",
        r"2 01/02/2026 28/02/2026 ouverte",
    ],
    # Codes with their boxes: Belgian sales 03/54, intra-EU services 82,88 / 55.
    "ledger_vat_codes": [
        r"V21G Ventes 21 % biens Belgique Ventes 21 % Biens Belgique 03 54 49/64 451000",
        r"AE21S Achats 21 % services UE Achats 21 % Services Union européenne 82,88 59 55 84/63"
        r" 411000",
    ],
    "ledger_counterparties": [r"ACME Acme SA Client"],
    "ledger_entries": [r"10/03/2025 10/03/2025 VEN 2025-00001 Acme SA 03/2025"],
    # The journals to pick from and the empty line forms.
    "ledger_entry_new": [r"VEN Ventes / Verkopen", r"ACH Achats / Aankopen"],
    # The year of the active period: customers 121,00 debit, sales 100,00 and VAT 21,00.
    "ledger_trial_balance": [
        r"400000 Clients 121,00 0,00 121,00",
        r"451000 TVA à payer 0,00 21,00 -21,00",
        r"700000 Ventes de marchandises 0,00 100,00 -100,00",
        r"Total 121,00 121,00",
    ],
    "ledger_open_items": [r"Acme SA 10/03/2025 VEN 2025-00001 10/04/2025 121,00 121,00"],
    # Five export formats offered and no import yet.
    "ledger_exchange": [
        r"Toute la comptabilité, JSON",
        r"Écritures pour WinBooks \(ACT.txt et CSF.txt, zip\)",
        r"Imports récents –",
        # The sections a CSV file can hold, in words, not "vat_codes".
        r"détecter d'après les colonnes Comptes Journaux Codes TVA Périodes"
        r" Clients et fournisseurs Écritures Postes ouverts",
    ],
    "ledger_rubrics": [r"GOODS Achats et marchandises 60", r"FEES Honoraires 613000,6131"],
    # The active period (January) has no entry: every box at zero, the balance 71 too.
    "ledger_vat_return": [r"03 0,00", r"54 0,00", r"71 0,00"],
}


@pytest.mark.parametrize("name", PAGES)
def test_office_pages_show_the_books_to_the_collaborator(world, books, customer, name):
    sale(world, customer)
    text = _text(world.client_for(world.collaborator).get(reverse(name, args=[world.dossier.pk])))
    missing = [want for want in EXPECTED[name] if not re.search(want, text)]
    assert missing == [], text[:2000]
    assert not re.search(r"\b(vat_codes|open_items|created: \d)", text)


def test_every_page_has_its_expectations():
    assert set(EXPECTED) == set(PAGES)


def test_object_pages_show_the_entry_the_account_and_the_journal(world, books, customer):
    entry = sale(world, customer)
    c = world.client_for(world.admin)
    d = world.dossier.pk
    acc = Account.objects.get(dossier=world.dossier, code="400000")
    journal = Journal.objects.get(dossier=world.dossier, code="VEN")
    page = _text(c.get(reverse("ledger_entry", args=[d, entry.pk])))
    assert "VEN 2025-00001" in page and "Acme SA" in page
    assert "400000 Clients Acme SA 121,00 10/04/2025" in page
    assert "700000 Ventes de marchandises V21G 100,00 100,00" in page
    assert "451000 TVA à payer V21G 21,00" in page
    page = _text(
        c.get(reverse("ledger_account", args=[d, acc.pk]) + "?from=2025-01-01&to=2025-12-31")
    )
    assert "10/03/2025 VEN 2025-00001" in page and "121,00" in page
    form = c.get(reverse("ledger_journal", args=[d, journal.pk])).content.decode()
    assert "Journal VEN" in _text(c.get(reverse("ledger_journal", args=[d, journal.pk])))
    assert 'name="number_format" value="{year}-{seq:05d}"' in form
    for fmt, name_part in (
        ("json", ".json"),
        ("xlsx", ".xlsx"),
        ("csv", "-entries.csv"),
        ("ubl", ".zip"),
        ("winbooks", ".zip"),
    ):
        r = c.get(reverse("ledger_export", args=[d]) + f"?fmt={fmt}")
        assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
        assert name_part in r["Content-Disposition"]
        assert len(b"".join(r) if r.streaming else r.content) > 100


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
    # The old figures page sends the client to the dashboard that replaced it.
    assert ok.status_code == 302 and ok["Location"] == reverse("feedback_dashboard", args=[d])
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

    world.admin.language = "en"
    world.admin.save(update_fields=["language"])
    c = world.client_for(world.admin)
    d = world.dossier.pk
    f = SimpleUploadedFile("accounts.csv", b"code;name_fr;kind\n612345;Divers;expense\n")
    r = c.post(reverse("ledger_exchange", args=[d]), {"file": f})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert 'data-testid="import-status"' in page and "Apply the import" in page
    # The check tells in words what applying will do, not "created: 1".
    assert "1 account created" in page and "created:" not in page
    r = c.post(r["Location"])
    assert Account.objects.filter(dossier=world.dossier, code="612345").exists()
    world.admin.language = "nl"
    world.admin.save(update_fields=["language"])
    page = _text(world.client_for(world.admin).get(r["Location"]))
    assert "Rekeningen 1 rekening aangemaakt" in page


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


def test_the_vat_return_page_shows_the_boxes_of_the_chosen_periods(world, books, customer):
    """March 2025: a sale of 100.00 at 21 % and an intra-EU service of 500.00."""
    from ledger.services.posting import LineSpec, entry_post

    sale(world, customer)
    entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="ACH",
        date=date(2025, 3, 12),
        lines=[
            LineSpec("613000", debit="500.00", vat_code="AE21S", vat_base="500.00"),
            LineSpec("440000", credit="500.00"),
        ],
    )
    march = Period.objects.get(dossier=world.dossier, start=date(2025, 3, 1))
    url = reverse("ledger_vat_return", args=[world.dossier.pk])
    page = _text(world.client_for(world.collaborator).get(f"{url}?from={march.pk}&to={march.pk}"))
    for box in (
        "03 100,00",
        "54 21,00",
        "82 500,00",
        "88 500,00",
        "55 105,00",
        "59 105,00",
        "71 21,00",
        "72 0,00",
    ):
        assert box in page, box
