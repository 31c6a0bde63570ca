"""The proposals API: list with filters, read, update (with version), send."""

from __future__ import annotations

import pytest

from booking import services
from booking.tests import factories

pytestmark = pytest.mark.django_db


def make(dossier, **kw):
    return services.proposal_create_for_document(
        document_id=factories.sent_document(dossier, **kw).pk
    )


def test_it_lists_reads_updates_and_sends(books, world):
    p = make(books)
    c = world.client_for(world.collaborator)
    r = c.get(f"/api/dossiers/{books.pk}/proposals?status=complete")
    assert r.status_code == 200, r.content
    item = r.json()["items"][0]
    assert item["counterparty"]["new"] is False and item["lines"][0]["account"] == "604000"
    r = c.patch(
        f"/api/proposals/{p.pk}",
        {"version": p.version, "instruction": "via API"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["instruction"] == "via API"
    r = c.patch(
        f"/api/proposals/{p.pk}",
        {"version": p.version, "instruction": "stale"},
        content_type="application/json",
    )
    assert r.status_code == 409 and "after you opened it" in r.json()["detail"]
    r = c.post(f"/api/proposals/{p.pk}/send")
    assert r.status_code == 200 and r.json()["state"] == "sent"


def test_it_refuses_others(books, world):
    p = make(books)
    assert world.client_for(world.outsider).get(f"/api/proposals/{p.pk}").status_code == 404
    assert world.client_for(None).get(f"/api/dossiers/{books.pk}/proposals").status_code in (
        401,
        403,
    )
    r = world.client_for(world.clients["administrator"]).get(f"/api/dossiers/{books.pk}/proposals")
    assert r.status_code == 403


def test_an_unbalanced_send_is_422(books, world):
    from decimal import Decimal

    p = make(books, total_incl_vat=Decimal("5.00"))
    r = world.client_for(world.collaborator).post(f"/api/proposals/{p.pk}/send")
    assert r.status_code == 422 and "cannot be sent" in str(r.json()["detail"])


def test_the_command_prints_one_json_object_per_proposal(books, capsys):
    import json

    from django.core.management import call_command

    make(books)
    factories.sent_document(books, name="later.pdf", invoice_number="X-2")
    call_command("proposals", "--dossier", str(books.pk), "--json", "--sync")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2
    assert {
        "document",
        "file_name",
        "status",
        "counterparty",
        "invoice_number",
        "invoice_date",
        "period",
        "journal",
        "total_incl_vat",
        "lines",
        "created_seconds",
    } <= set(rows[0])
    assert rows[0]["lines"][0] == {
        "account": "604000",
        "vat_code": "A6G",
        "base": "100.00",
        "vat": "6.00",
    }
