"""Browser: three payments wait for approval, the administrator approves them, executes the
basket and downloads the SEPA file; then approves and rejects purchase invoices (B16)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import expect

from bank.models import BankAccount
from conftest import browser_login
from payments import approval
from payments import invoice_approval as ia
from payments.models import OrderStatus, PaymentExport, PaymentOrder
from payments.services import OrderData, order_create

pytestmark = pytest.mark.browser
XSD = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "3_sepa_pain001"


def test_basket_approve_execute_download(page, browser_world):
    world = browser_world
    admin, clerk = world.clients["administrator"], world.clients["full_feedback"]
    account = BankAccount.objects.create(
        dossier=world.dossier, number="BE68539007547034", holder="Alpha"
    )
    approval.rule_save(
        actor=admin, dossier=world.dossier, name="Boss", members={admin: Decimal("5000")}
    )
    approval.approval_switch(actor=admin, dossier=world.dossier, enabled=True)
    orders = [
        order_create(
            actor=clerk,
            dossier=world.dossier,
            data=OrderData(
                account=account,
                amount=Decimal(amount),
                execution_date=date(2026, 3, 2),
                creditor_name=name,
                creditor_iban="BE71096123456769",
                communication_kind="free",
                communication=f"Facture {name}",
            ),
        )
        for name, amount in (("Alpha", "100.10"), ("Beta", "200.20"), ("Gamma", "300.30"))
    ]
    assert {o.status for o in orders} == {OrderStatus.TO_APPROVE}

    browser_login(page, admin.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/payments/?tab=to_approve"))
    for order in orders:
        page.click(f"a[href='/payments/{order.pk}/']")
        with page.expect_navigation():
            page.click("#order-approve")
        page.goto(page.url_for(f"/d/{world.dossier.pk}/payments/?tab=to_approve"))
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.APPROVED}

    page.goto(page.url_for(f"/d/{world.dossier.pk}/payments/?tab=to_execute"))
    assert page.locator("#export-sepa .basket-count").inner_text() == "0"
    assert page.locator("#export-sepa").is_disabled()
    page.check("#basket-all")
    assert page.locator("#export-sepa .basket-count").inner_text() == "3"
    page.uncheck(f"input[name=ids][value='{orders[0].pk}']")
    assert page.locator("#export-sepa .basket-count").inner_text() == "2"
    assert page.locator("#export-sepa .basket-total").inner_text().replace("\u202f", "") in (
        "500,50",
        "500.50",
    )
    page.check(f"input[name=ids][value='{orders[0].pk}']")
    assert page.locator("#export-sepa .basket-count").inner_text() == "3"
    with page.expect_navigation():
        page.click("#export-sepa")
    export = PaymentExport.objects.get()
    assert export.total == Decimal("600.60")
    with page.expect_download() as info:
        page.click("a.sepa-download")
    xml = etree.fromstring(Path(info.value.path()).read_bytes())
    assert xml.findtext(".//{*}GrpHdr/{*}NbOfTxs") == "3"
    assert xml.findtext(".//{*}GrpHdr/{*}CtrlSum") == "600.60"
    schema_path = XSD / "python-sepaxml__pain.001.001.03.xsd"
    if schema_path.exists():
        assert etree.XMLSchema(etree.parse(str(schema_path))).validate(xml)
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.EXPORTED}
    for path in (
        f"/d/{world.dossier.pk}/payments/?tab=executed",
        f"/d/{world.dossier.pk}/payments/rules/",
        f"/d/{world.dossier.pk}/payments/due/",
        f"/d/{world.dossier.pk}/payments/accounts/",
    ):
        page.goto(page.url_for(path))
        for width in (1366, 820, 390):
            page.set_viewport_size({"width": width, "height": 844})
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} is {wide}px too wide at {width}px"


def test_approve_and_reject_invoices(page, browser_world, handed_in):
    from documents.pdfgen import make_pdf

    world = browser_world
    admin = world.clients["administrator"]
    first = handed_in(world.dossier, file=make_pdf(["Invoice A"]), name="a.pdf")[0]
    second = handed_in(world.dossier, file=make_pdf(["Invoice B"]), name="b.pdf")[0]
    browser_login(page, admin.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/invoices/approval/settings/"))
    with page.expect_navigation():
        page.click("#invoice-approval-on")
    assert ia.invoice_approval_on(world.dossier)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/invoices/approval/?tab=mine"))
    with page.expect_navigation():
        page.click(f"tr[data-document='{first.pk}'] button[value=approve]")
    with page.expect_navigation():
        page.click(f"tr[data-document='{second.pk}'] button[value=reject]")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("approved", "rejected")
    page.click("#itab-rejected")
    # The tab shows its pane after a fade: wait for it rather than look once.
    expect(page.locator(f"tr[data-document='{second.pk}']")).to_be_visible()
    # The approved invoice can be paid; the rejected one cannot.
    page.goto(page.url_for(f"/documents/{first.pk}/"))
    assert page.locator("[data-testid=action-pay]").is_visible()
    page.goto(page.url_for(f"/documents/{second.pk}/"))
    assert page.locator("[data-testid=action-pay]").count() == 0
    for path in (
        f"/d/{world.dossier.pk}/invoices/approval/",
        f"/d/{world.dossier.pk}/invoices/approval/settings/",
    ):
        page.goto(page.url_for(path))
        for width in (1366, 820, 390):
            page.set_viewport_size({"width": width, "height": 844})
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} is {wide}px too wide at {width}px"
