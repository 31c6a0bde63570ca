from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from feedback import selectors as sel
from ledger.services.posting import LineSpec, entry_post
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def vat_sale(world, books):
    """A sale of 100.00 at 21 % in April 2026 (Q2): box 03 = 100, 54 = 21, 71 = 21."""
    return entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="VEN",
        date=date(2026, 4, 20),
        counterparty=books.customer,
        lines=[
            LineSpec("400000", debit=D("121.00"), due_date=date(2026, 5, 20)),
            LineSpec("700000", credit=D("100.00"), vat_code="V21G", vat_base=D("100.00")),
            LineSpec("451000", credit=D("21.00"), vat_code="V21G"),
        ],
        number="S26-V",
    )


def test_the_quarter_and_the_month_of_a_sale_at_21(world, vat_sale):
    for key in ("2026-Q2", "2026-04"):
        ret = sel.vat_return(dossier=world.dossier, key=key)
        assert ret.grids["03"] == D("100.00"), key
        assert ret.grids["54"] == D("21.00")
        assert ret.grids["71"] == D("21.00")
        assert ret.grids["72"] == D("0")
    assert sel.vat_return(dossier=world.dossier, key="2026-05").grids["03"] == D("0")
    q2 = sel.vat_return(dossier=world.dossier, key="2026-Q2")
    assert (q2.first.start, q2.last.end) == (date(2026, 4, 1), date(2026, 6, 30))


@pytest.mark.parametrize("key", ["2026-Q5", "2026-13", "1990-01", "nonsense"])
def test_a_period_the_books_do_not_have_is_refused(world, books, key):
    with pytest.raises(ValueError):
        sel.vat_return(dossier=world.dossier, key=key)


def test_no_books_no_return(world):
    assert sel.vat_return(dossier=world.dossier) is None


def test_vat_return_page_and_api(world, vat_sale):
    c = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    html = c.get(
        reverse("feedback_vat_return", args=[world.dossier.pk]) + "?period=2026-Q2"
    ).content.decode()
    assert '<tr data-box="03"><th scope="row">03</th><td class="text-end">100,00</td>' in html
    assert "01/04/2026" in html and "30/06/2026" in html
    body = c.get(f"/api/dossiers/{world.dossier.pk}/vat-return?period=2026-Q2").json()
    assert body["grids"]["03"] == "100.00" and body["grids"]["54"] == "21.00"
    assert body["period_from"] == "2026-04-01" and body["period_to"] == "2026-06-30"
    assert c.get(f"/api/dossiers/{world.dossier.pk}/vat-return?period=2026-Q9").status_code == 404
    denied = world.client_for(world.clients[ClientProfile.DOC_PROCESSING_ARCHIVE])
    assert denied.get(reverse("feedback_vat_return", args=[world.dossier.pk])).status_code == 403
    assert (
        world.client_for(world.outsider)
        .get(f"/api/dossiers/{world.dossier.pk}/vat-return")
        .status_code
        == 404
    )
