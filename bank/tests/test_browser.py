"""Browser: the office imports a CODA file, accepts the proposal by keyboard and the invoice is
paid; then asks for a missing invoice, which the client sends from the request page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bank.models import MissingDocumentRequest, Movement, RequestStatus
from bank.tests.coda import coda_file
from bank.tests.ledger_data import counterparty, invoice
from conftest import browser_login
from ledger.selectors import open_amounts
from ledger.services.periods import fiscal_year_create
from ledger.services.posting import ogm_make
from ledger.services.setup import books_activate
from tenancy.models import ClientProfile

pytestmark = pytest.mark.browser
D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_import_match_and_ask_for_a_missing_invoice(page, browser_world):
    world = browser_world
    books_activate(actor=world.admin, dossier=world.dossier, year=2025)
    fiscal_year_create(actor=world.admin, dossier=world.dossier, year=2026)
    acme = counterparty(world, name="Acme SA")
    sale = invoice(world, acme, "121.00", ogm=ogm_make(42))
    data = coda_file(
        day=date(2026, 3, 2),
        movements=[
            (D("121.00"), "ACME", "BE62510007547061", ogm_make(42)),
            (D("-80.00"), "Garage Dupont", "BE71096123456769", "entretien"),
        ],
    )
    browser_login(page, world.admin.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/bank/"))
    page.set_input_files(
        "#coda-files", files=[{"name": "mars.cod", "mimeType": "text/plain", "buffer": data}]
    )
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")
    page.goto(page.url_for(f"/d/{world.dossier.pk}/bank/matching/"))
    page.keyboard.press("j")  # the first movement, the one carrying the OGM
    with page.expect_navigation():
        page.keyboard.press("a")
    assert open_amounts([sale.pk]) == {sale.pk: D("0.00")}
    paid = Movement.objects.get(dossier=world.dossier, amount=D("121.00"))
    assert paid.matched
    assert "Garage Dupont" in page.content()  # still to match

    page.goto(page.url_for(f"/d/{world.dossier.pk}/bank/missing-documents/office/"))
    page.check("input[name=ids]")
    with page.expect_navigation():
        page.click("form[action$='/ask/'] button[type=submit]")
    req = MissingDocumentRequest.objects.get(dossier=world.dossier)
    assert req.counterparty_name == "Garage Dupont"

    page.context.clear_cookies()
    browser_login(page, world.clients[ClientProfile.ADMINISTRATOR].email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/bank/missing-documents/"))
    with page.expect_navigation():
        page.click(f"a[href$='/missing-documents/{req.pk}/']")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "garage.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    req.refresh_from_db()
    assert req.status == RequestStatus.ANSWERED and req.document_id is not None
