"""Bank API (E1, E4): statements and movements of one dossier, for those who may read them."""

from __future__ import annotations

from decimal import Decimal

from bank.models import Movement
from bank.services.imports import coda_import
from bank.tests.coda import coda_file
from tenancy.models import ClientProfile

D = Decimal


def _import(world):
    data = coda_file(
        movements=[
            (D("-121.00"), "Fournisseur SA", "BE71096123456769", "123456789002"),
            (D("60.50"), "Client NV", "BE62510007547061", "Facture 2026-001"),
        ]
    )
    return coda_import(dossier=world.dossier, data=data, file_name="march.cod")


def test_statements_and_movements_for_the_office_and_a_financial_client(world):
    _import(world)
    Movement.objects.filter(amount=D("60.50")).update(matched=True)
    for user in (world.admin, world.clients[ClientProfile.FULL_FEEDBACK]):
        c = world.client_for(user)
        rows = c.get(f"/api/dossiers/{world.dossier.pk}/bank/statements").json()
        assert [(r["sequence"], r["opening_balance"], r["closing_balance"]) for r in rows] == [
            (1, "1000.00", "939.50")
        ]
        assert [m["structured_communication"] for m in rows[0]["movements"]] == [
            "123456789002",
            None,
        ]
        unmatched = c.get(f"/api/dossiers/{world.dossier.pk}/bank/movements?matched=false").json()
        assert [(m["amount"], m["counterparty_name"]) for m in unmatched] == [
            ("-121.00", "Fournisseur SA")
        ]
        matched = c.get(f"/api/dossiers/{world.dossier.pk}/bank/movements?matched=true").json()
        assert [m["communication"] for m in matched] == ["Facture 2026-001"]


def test_others_get_nothing(world):
    _import(world)
    url = f"/api/dossiers/{world.dossier.pk}/bank/movements"
    assert world.client_for(world.outsider).get(url).status_code == 404
    no_bank = world.clients[ClientProfile.DOC_PROCESSING]
    assert world.client_for(no_bank).get(url).status_code == 403
    assert world.client_for(None).get(url).status_code == 401
