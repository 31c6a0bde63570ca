"""The archive page asks the same number of queries for 3 booked documents or 60, over
1 month or 12, and loads only the page it shows (ranked search included)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.search.service import ArchiveFilters, RankedRows, archive_search
from archive.tests.archived import booked_document
from feedback.tests.books import purchase, sale
from ledger.models import Counterparty

pytestmark = pytest.mark.django_db


def _more_books(world, n: int) -> None:
    """n more booked sales and purchases, one a month, on new counterparties and accounts."""
    for k in range(n):
        cp = Counterparty.objects.create(
            dossier=world.dossier, kind="customer", reference=f"X{k}", name=f"Client {k}"
        )
        sp = Counterparty.objects.create(
            dossier=world.dossier, kind="supplier", reference=f"Y{k}", name=f"Fournisseur {k}"
        )
        day = date(2025 + (k % 24) // 12, k % 12 + 1, 5)
        sale(world, cp, f"{100 + k}.00", day, day, f"XS-{k}")
        purchase(world, sp, f"{50 + k}.25", day, day, f"XP-{k}", account=f"6{k % 5}0000")
        booked_document(world, f"XS-{k}", text=f"Facture loyer {k}")
        booked_document(world, f"XP-{k}", text=f"Factuur onderhoud {k}")


def test_the_archive_asks_as_many_queries_whatever_the_volume(world, archived):
    c = world.client_for(world.clients["administrator"])
    url = reverse("archive", args=[world.dossier.pk])
    asks = [{}, {"q": "facture"}, {"q": "onderhoud 150,00"}, {"q": "1.500,00"}, {"year": ""}]

    def counts() -> list[int]:
        out = []
        for params in asks:
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url, params).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    before = counts()
    _more_books(world, 30)
    assert counts() == before
    # And the API, which lists every row found (up to its limit) in a fixed number too.
    api = f"/api/dossiers/{world.dossier.pk}/archive?q=loyer"
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(api)
    assert r.status_code == 200 and len(r.json()) == 30
    assert len(ctx.captured_queries) <= before[1]


def test_a_ranked_search_loads_only_the_page_shown(world, archived):
    _more_books(world, 24)
    rows = archive_search(
        user=world.clients["administrator"],
        dossier=world.dossier,
        filters=ArchiveFilters(q="loyer"),
    )
    assert isinstance(rows, RankedRows) and len(rows) == 24
    with CaptureQueriesContext(connection) as ctx:
        page = rows[5:10]
    assert len(ctx.captured_queries) == 1 and len(page) == 5
    assert [r.office_number for r in rows][5:10] == [r.office_number for r in page]
    # A filter still narrows the ranked rows (the engine's ids are filtered, not trusted).
    cheap = archive_search(
        user=world.clients["administrator"],
        dossier=world.dossier,
        filters=ArchiveFilters(q="loyer", amount_max=Decimal("105.00")),
    )
    assert sorted(r.office_number for r in cheap) == [f"XS-{k}" for k in range(6)]
