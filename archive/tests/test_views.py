"""The archive page, its Excel export and the API (F5), with who may see them."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_it_lists_booked_documents_with_number_counterparty_amount_and_paid(world, archived):
    c = world.client_for(world.clients["administrator"])
    r = c.get(reverse("archive", args=[world.dossier.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-count="3"' in html
    for number in ("S26-1", "S26-2", "P26-1"):
        assert number in html
    assert "Acme SA" in html and "Supplier NV" in html
    assert html.count('data-paid="no"') == 3


def test_it_searches_by_amount_on_the_page(world, archived):
    c = world.client_for(world.clients["full_feedback"])
    for typed in ("1500", "1.500,00", "1 500,00"):
        html = c.get(reverse("archive", args=[world.dossier.pk]), {"q": typed}).content.decode()
        assert 'data-count="1"' in html and "S26-2" in html and "P26-1" not in html


def test_it_shows_thumbnails(world, archived):
    c = world.client_for(world.admin)
    html = c.get(reverse("archive", args=[world.dossier.pk]), {"view": "grid"}).content.decode()
    assert 'data-testid="archive-grid"' in html
    assert html.count("data-document=") == 3


def test_the_documents_archive_tab_leads_to_the_one_archive(world, archived):
    c = world.client_for(world.clients["administrator"])
    r = c.get(reverse("documents_archive", args=[world.dossier.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("archive", args=[world.dossier.pk])


def test_the_excel_export_holds_the_rows_shown(world, archived):
    c = world.client_for(world.clients["administrator"])
    params = {"counterparty": "acme"}
    html = c.get(reverse("archive", args=[world.dossier.pk]), params).content.decode()
    shown = re.findall(r'<tr data-document="(\d+)"', html)
    r = c.get(reverse("archive_xlsx", args=[world.dossier.pk]), params)
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(shown) == 2
    assert {row[0] for row in rows} == {"S26-1", "S26-2"}
    assert {row[4] for row in rows} == {2000, 500}


def test_the_api_returns_booked_documents(world, archived):
    c = world.client_for(world.clients["administrator"])
    url = f"/api/dossiers/{world.dossier.pk}/archive"
    for params in ({"amount": "1.500,00"}, {"amount": "1500"}, {"q": "1 500,00"}):
        rows = c.get(url, params).json()
        assert [r["office_number"] for r in rows] == ["S26-2"], params
    assert set(rows[0]) == {"id", "office_number", "counterparty", "amount", "date", "paid"}
    assert rows[0]["id"] == archived.maintenance_de.pk
    assert rows[0]["amount"] == "500.00" and rows[0]["paid"] is False
    assert rows[0]["counterparty"] == "Acme SA" and rows[0]["date"] == "2026-05-10"
    rows = c.get(url, {"counterparty": "supplier", "date_from": "2026-01-01"}).json()
    assert [r["office_number"] for r in rows] == ["P26-1"]


@pytest.mark.parametrize("profile", ["doc_processing", "doc_delivery"])
def test_it_refuses_profiles_without_the_archive(world, archived, profile):
    c = world.client_for(world.clients[profile])
    assert c.get(reverse("archive", args=[world.dossier.pk])).status_code == 403
    assert c.get(f"/api/dossiers/{world.dossier.pk}/archive").status_code == 403


def test_a_user_of_another_dossier_sees_nothing(world, archived):
    c = world.client_for(world.outsider)
    assert c.get(reverse("archive", args=[world.dossier.pk])).status_code == 404
    assert c.get(reverse("archive_xlsx", args=[world.dossier.pk])).status_code == 404
    assert c.get(f"/api/dossiers/{world.dossier.pk}/archive").status_code == 404
    # and their own archive is empty
    r = c.get(f"/api/dossiers/{world.other_dossier.pk}/archive")
    assert r.status_code == 200 and r.json() == []
