"""Browser: a client makes an invoice (customer, lines added and removed with htmx),
previews its PDF and sends it; the office sees it in the sales journal."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import browser_login
from invoicing.models import Invoice
from ledger.models import Entry, Journal

pytestmark = pytest.mark.browser


def test_a_client_makes_previews_and_sends_an_invoice_the_office_sees_it(page, browser_world):
    from ledger.services.setup import books_activate

    world = browser_world
    books_activate(actor=world.admin, dossier=world.dossier, year=2026)
    browser_login(page, world.clients["administrator"].email)
    d = world.dossier.pk

    page.goto(page.url_for(f"/d/{d}/invoicing/customers/"))
    page.fill("#id_name", "Proxibel SA")
    page.fill("#id_vat_number", "BE0403.170.702")  # a wrong check digit
    page.fill("#id_email", "compta@proxibel.example")
    with page.expect_navigation():
        page.click("#customer-save")
    assert "0403.170.702" in page.inner_text("main") or "BE0403170702" in page.inner_text("main")
    assert page.input_value("#id_name") == "Proxibel SA"  # nothing typed is lost
    page.fill("#id_vat_number", "BE0403.170.701")
    with page.expect_navigation():
        page.click("#customer-save")
    assert "0208:0403170701" in page.inner_text("main")

    page.goto(page.url_for(f"/d/{d}/invoicing/new/"))
    first = page.locator("tr.invoice-line").nth(0)
    first.locator("input[name=line_description]").fill("Consultance")
    first.locator("input[name=line_quantity]").fill("3")
    first.locator("input[name=line_unit_price]").fill("125,50")
    first.locator("input[name=line_discount]").fill("10")
    page.click("#line-add")
    page.locator("tr.invoice-line").nth(1).wait_for()
    page.click("#line-add")
    page.locator("tr.invoice-line").nth(2).wait_for()
    second = page.locator("tr.invoice-line").nth(1)
    second.locator("input[name=line_description]").fill("Livres")
    second.locator("input[name=line_quantity]").fill("2")
    second.locator("input[name=line_unit_price]").fill("19.99")
    second.locator("select[name=line_vat_case]").select_option("S6")
    page.locator("tr.invoice-line").nth(2).locator(".line-remove").click()
    expect(page.locator("tr.invoice-line")).to_have_count(2)
    with page.expect_navigation():
        page.click("#invoice-save")
    inv = Invoice.objects.get(dossier=world.dossier)
    assert inv.status == "draft" and str(inv.total_incl) == "452.39"
    assert "452,39" in page.inner_text("#invoice-total")

    pdf = page.request.get(page.url_for(f"/invoicing/{inv.pk}/pdf/"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    with page.expect_navigation():
        page.click("#invoice-send")
    inv.refresh_from_db()
    assert inv.number == f"{inv.issue_date.year}-00001" and inv.entry_id
    assert inv.delivery_status == "sent"
    assert "compta@proxibel.example" in page.inner_text("#deliveries")
    assert mail.outbox and mail.outbox[-1].to == ["compta@proxibel.example"]

    page.context.clear_cookies()
    browser_login(page, world.admin.email)
    ven = Journal.objects.get(dossier=world.dossier, code="VEN")
    page.goto(page.url_for(f"/d/{d}/books/entries/?journal={ven.pk}"))
    entry = Entry.objects.get(pk=inv.entry_id)
    text = page.inner_text("main")
    assert entry.number in text and "Proxibel SA" in text

    for path in (f"/d/{d}/invoicing/", f"/d/{d}/invoicing/new/", f"/invoicing/{inv.pk}/"):
        page.context.clear_cookies()
        browser_login(page, world.clients["administrator"].email)
        page.goto(page.url_for(path))
        for width in (1366, 820, 390):
            page.set_viewport_size({"width": width, "height": 844})
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} is {wide}px too wide at {width}px"
