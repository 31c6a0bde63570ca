import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db

ALLOWED = [ClientProfile.ADMINISTRATOR, ClientProfile.FULL_ACCESS, ClientProfile.FULL_FEEDBACK]
DENIED = [
    ClientProfile.DOC_PROCESSING,
    ClientProfile.DOC_PROCESSING_ARCHIVE,
    ClientProfile.DOC_DELIVERY,
]


def _urls(world, books):
    d = world.dossier.pk
    return [
        reverse("feedback_dashboard", args=[d]),
        reverse("feedback_aged", args=[d]),
        reverse("feedback_statement", args=[d, books.customer.pk]),
        f"/api/dossiers/{d}/aged-balances",
        f"/api/dossiers/{d}/feedback/aged-balances",
        f"/api/dossiers/{d}/figures",
    ]


@pytest.mark.parametrize("profile", DENIED)
def test_profiles_without_feedback_get_403(world, books, profile):
    c = world.client_for(world.clients[profile])
    for url in _urls(world, books):
        assert c.get(url).status_code == 403, url


@pytest.mark.parametrize("profile", ALLOWED)
def test_profiles_with_feedback_see_the_dashboard(world, books, profile):
    c = world.client_for(world.clients[profile])
    html = c.get(reverse("feedback_dashboard", args=[world.dossier.pk]) + "?year=2026")
    assert "2\xa0200,00" in html.content.decode()  # users read French by default


def test_another_dossier_is_404(world, books):
    c = world.client_for(world.outsider)
    for url in _urls(world, books):
        assert c.get(url).status_code == 404, url
    # A counterparty of another dossier through one's own dossier: 404 too.
    own = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    other = reverse("feedback_statement", args=[world.other_dossier.pk, books.customer.pk])
    assert own.get(other).status_code == 404
    assert (
        world.client_for(world.outsider)
        .get(reverse("feedback_statement", args=[world.other_dossier.pk, books.customer.pk]))
        .status_code
        == 404
    )


def test_dashboard_shows_figures_charts_and_updated_until(world, books):
    from tenancy.services import dossier_updated_until_set

    dossier_updated_until_set(actor=world.admin, dossier=world.dossier, day=date(2026, 4, 30))
    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    with translation.override("fr"):
        r = c.get(
            reverse("feedback_dashboard", args=[world.dossier.pk]) + "?year=2026",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    html = r.content.decode()
    assert "30/04/2026" in html
    for canvas in ("chart-results", "chart-liquidity", "chart-costs"):
        assert f'id="{canvas}"' in html
    assert "vendor/chart.js/chart.umd.min.js" in html and "feedback/dashboard.js" in html
    data = json.loads(
        html.split('id="feedback-chart-data" type="application/json">')[1].split("<")[0]
    )
    assert data["result"] == [1700.0, 500.0, 0.0, 0.0]
    assert data["result_previous"] == [900.0, 0.0, 0.0, 0.0]
    assert data["liquidity"][2] == 1500.0
    assert "<script>" not in html.replace("<script src=", "")  # CSP: no inline script


def test_dashboard_amounts_in_the_users_language(world, books):
    user = world.clients[ClientProfile.FULL_FEEDBACK]
    user.language = "fr"
    user.save()
    html = (
        world.client_for(user)
        .get(reverse("feedback_dashboard", args=[world.dossier.pk]) + "?year=2026")
        .content.decode()
    )
    assert "2\xa0200,00" in html  # result of 2026, French separators
    assert "1\xa0700,00" in html


def test_unknown_year_is_404(world, books):
    c = world.client_for(world.admin)
    assert (
        c.get(reverse("feedback_dashboard", args=[world.dossier.pk]) + "?year=1990").status_code
        == 404
    )


def test_aged_balances_page_lists_counterparties_and_items(world, books):
    c = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    url = reverse("feedback_aged", args=[world.dossier.pk])
    html = c.get(url + "?side=customers&date=2026-06-30").content.decode()
    assert "Acme SA" in html and "Supplier NV" not in html
    assert "S26-2" in html and "09/06/2026" in html
    assert "2\xa0000,00" in html and "1\xa0500,00" in html
    html = c.get(url + "?side=suppliers&date=2026-06-01").content.decode()
    assert "Supplier NV" in html and "400,00" in html
    assert c.get(url + "?side=nobody").status_code == 404
    assert c.get(url + "?date=garbage").status_code == 404


def test_statement_page(world, books):
    c = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    url = reverse("feedback_statement", args=[world.dossier.pk, books.customer.pk])
    html = c.get(url + "?date=2026-06-30").content.decode()
    for number in ("S25-1", "S26-1", "B26-1", "S26-2"):
        assert number in html
    assert "3\xa0000,00" in html  # the running balance after S26-1
    assert "15/01/2026" in html


def test_aged_balances_api(world, books):
    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    body = c.get(
        f"/api/dossiers/{world.dossier.pk}/aged-balances?side=customers&date=2026-06-30"
    ).json()
    # The first published path stays an alias with the same answer.
    assert (
        c.get(
            f"/api/dossiers/{world.dossier.pk}/feedback/aged-balances"
            "?side=customers&date=2026-06-30"
        ).json()
        == body
    )
    assert body["total"] == "2000.00"
    assert body["totals"] == {
        "not_due": "0.00",
        "d0_30": "500.00",
        "d31_60": "0.00",
        "d61_90": "0.00",
        "d90": "1500.00",
    }
    [cp] = body["counterparties"]
    assert cp["name"] == "Acme SA"
    assert [i["number"] for i in cp["items"]] == ["S25-1", "S26-1", "S26-2"]
    assert cp["items"][1] == {
        "number": "S26-1",
        "date": "2026-01-15",
        "due_date": "2026-02-14",
        "days_overdue": 136,
        "bucket": "d90",
        "amount": "2000.00",
        "open_amount": "500.00",
    }
    sup = c.get(
        f"/api/dossiers/{world.dossier.pk}/feedback/aged-balances?side=suppliers&date=2026-06-01"
    ).json()
    assert sup["total"] == "400.00"


def test_figures_api(world, books):
    from tenancy.services import dossier_updated_until_set

    dossier_updated_until_set(actor=world.admin, dossier=world.dossier, day=date(2026, 4, 30))
    c = world.client_for(world.admin)
    body = c.get(f"/api/dossiers/{world.dossier.pk}/figures?year=2026").json()
    assert {k: body[k] for k in ("year", "updated_until", "turnover", "result", "liquidity")} == {
        "year": 2026,
        "updated_until": "2026-04-30",
        "turnover": "2500.00",
        "result": "2200.00",
        "liquidity": "1500.00",
    }
    assert body["receivables"] == "2000.00" and body["payables"] == "400.00"
    assert [q["result"] for q in body["quarters"]] == ["1700.00", "500.00", "0.00", "0.00"]
    assert [q["previous"] for q in body["quarters"]] == ["900.00", "0.00", "0.00", "0.00"]
    assert body["charges_by_class"]["61"] == "300.00"
    assert body["liquidity_trend"][2] == {"period_end": "2026-03-31", "balance": "1500.00"}
    assert c.get(f"/api/dossiers/{world.dossier.pk}/figures?year=1990").status_code == 404


@pytest.mark.parametrize(
    "user,shows",
    [
        ("full_feedback", True),
        ("administrator", True),
        ("doc_processing", False),
        ("doc_delivery", False),
    ],
)
def test_menu_entry(world, books, user, shows):
    c = world.client_for(world.clients[user])
    html = c.get(reverse("dossier_home", args=[world.dossier.pk])).content.decode()
    dashboard = reverse("feedback_dashboard", args=[world.dossier.pk])
    aged = reverse("feedback_aged", args=[world.dossier.pk])
    assert (f'href="{dashboard}"' in html) is shows
    assert (f'href="{aged}"' in html) is shows


def test_dashboard_excel_export_holds_the_figures_shown(world, books):
    from io import BytesIO

    from openpyxl import load_workbook

    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    url = reverse("feedback_dashboard_xlsx", args=[world.dossier.pk])
    r = c.get(url + "?year=2026")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(r.content))
    results = [list(row) for row in wb.worksheets[1].iter_rows(values_only=True)]
    assert results[1][1:] == [1700, 900]
    assert results[-1][1:] == [2200, 900]
    figures = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(values_only=True)}
    assert len(figures) == 9 and 2500 in figures.values()  # turnover 2026
    liquidity = [row[1] for row in wb.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert liquidity[2] == 1500
    charges = dict(wb.worksheets[3].iter_rows(min_row=2, values_only=True))
    assert [v for k, v in charges.items() if k.startswith("61 ")] == [300]
    denied = world.client_for(world.clients[ClientProfile.DOC_PROCESSING])
    assert denied.get(url + "?year=2026").status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404


def test_pages_make_as_many_queries_whatever_the_volume(world, books):
    """Aggregates over the books: no query per account, period, counterparty or item."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from feedback.tests.books import purchase, sale
    from ledger.models import Counterparty

    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    pages = [
        reverse("feedback_dashboard", args=[world.dossier.pk]) + "?year=2026",
        reverse("feedback_aged", args=[world.dossier.pk]) + "?date=2026-12-31",
        reverse("feedback_aged", args=[world.dossier.pk]) + "?side=suppliers&date=2026-12-31",
    ]

    def counts():
        out = []
        for url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    before = counts()
    for n in range(12):
        cp = Counterparty.objects.create(
            dossier=world.dossier, kind="customer", reference=f"C{n}", name=f"Customer {n}"
        )
        sp = Counterparty.objects.create(
            dossier=world.dossier, kind="supplier", reference=f"S{n}", name=f"Supplier {n}"
        )
        day = date(2026, n + 1, 3)
        sale(world, cp, "100.00", day, day, f"X{n}")
        purchase(world, sp, "50.00", day, day, f"Y{n}", account=f"6{n % 5}0000")
    assert counts() == before
