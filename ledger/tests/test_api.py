from __future__ import annotations

import pytest

from ledger.tests.conftest import receipt, sale

ROUTES = [
    "accounts",
    "journals",
    "periods",
    "vat-codes",
    "counterparties",
    "entries",
    "open-items",
    "trial-balance",
]


@pytest.mark.parametrize("route", ROUTES)
def test_the_books_api_answers_the_office_and_feedback_clients(world, books, customer, route):
    sale(world, customer)
    url = f"/api/dossiers/{world.dossier.pk}/books/{route}"
    for user in (world.admin, world.collaborator, world.clients["full_feedback"]):
        r = world.client_for(user).get(url)
        assert r.status_code == 200, (user, r.content[:200])
    assert world.client_for(world.outsider).get(url).status_code == 404
    assert world.client_for(world.stranger_office_admin).get(url).status_code == 404
    assert world.client_for(world.clients["doc_delivery"]).get(url).status_code == 403


def test_trial_balance_and_open_items_figures(world, books, customer):
    sale(world, customer, "121.00")
    receipt(world, customer, "21.00")
    c = world.client_for(world.admin)
    tb = c.get(f"/api/dossiers/{world.dossier.pk}/books/trial-balance?year=2025").json()
    assert tb["total_debit"] == tb["total_credit"] == "142.00"
    codes = {a["code"]: a["balance"] for a in tb["accounts"]}
    assert codes["400000"] == "100.00"
    items = c.get(f"/api/dossiers/{world.dossier.pk}/books/open-items").json()["items"]
    assert sorted(i["open_amount"] for i in items) == ["-21.00", "121.00"]
    entries = c.get(f"/api/dossiers/{world.dossier.pk}/books/entries").json()["items"]
    assert len(entries) == 2 and len(entries[0]["lines"]) in (2, 3)


def test_an_entry_of_another_dossier_is_404(world, books, customer):
    from ledger.services.setup import books_activate
    from ledger.tests.samples import _entry

    books_activate(actor=world.admin, dossier=world.other_dossier, year=2025)
    foreign = _entry(world.other_dossier)
    r = world.client_for(world.admin).get(
        f"/api/dossiers/{world.dossier.pk}/books/entries/{foreign.pk}"
    )
    assert r.status_code == 404


def test_the_openapi_schema_documents_the_books(world):
    schema = world.client_for(world.admin).get("/api/openapi.json").json()
    assert "/api/dossiers/{dossier_id}/books/trial-balance" in schema["paths"]
