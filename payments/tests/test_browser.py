"""Browser: a client administrator pays a recognised purchase invoice and downloads the
SEPA file of the batch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from bank.models import BankAccount
from conftest import browser_login
from payments.models import OrderStatus, PaymentOrder
from recognition.models import Extraction

pytestmark = pytest.mark.browser
XSD = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "3_sepa_pain001"


def test_pay_an_invoice_and_download_the_sepa_file(page, browser_world, handed_in):
    world = browser_world
    BankAccount.objects.create(dossier=world.dossier, number="BE68539007547034", holder="Alpha")
    [doc] = handed_in(world.dossier)
    Extraction.objects.update_or_create(
        document=doc,
        version=doc.original.sha256,
        defaults=dict(
            status="done",
            source="text",
            mode="auto",
            counterparty_name="Acme SA",
            counterparty_iban="BE71096123456769",
            payable_amount=Decimal("250.10"),
            due_date=date(2026, 4, 30),
            payment_reference="+++240/2838/42818+++",
        ),
    )
    browser_login(page, world.clients["administrator"].email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/payments/new/?document={doc.pk}"))
    assert page.input_value("#id_creditor_iban") == "BE71096123456769"
    assert page.input_value("#id_amount") == "250.10"
    with page.expect_navigation():
        page.click("#order-save")
    order = PaymentOrder.objects.get()
    assert order.status == OrderStatus.APPROVED and order.document_id == doc.pk
    assert page.locator("img[src$='qr.svg']").is_visible()  # the EPC QR code

    page.goto(page.url_for(f"/d/{world.dossier.pk}/payments/"))
    page.check(f"input[name=ids][value='{order.pk}']")
    with page.expect_navigation():
        page.click("#export-sepa")
    with page.expect_download() as info:
        page.click("a.sepa-download")
    data = Path(info.value.path()).read_bytes()
    xml = etree.fromstring(data)
    assert xml.findtext(".//{*}InstdAmt") == "250.10"
    assert xml.findtext(".//{*}CdtrRefInf/{*}Ref") == "240283842818"
    schema_path = XSD / "python-sepaxml__pain.001.001.03.xsd"
    if schema_path.exists():
        assert etree.XMLSchema(etree.parse(str(schema_path))).validate(xml)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPORTED

    # core/tests/test_widths.py cannot be collected on this base: the same check, here.
    for path in (
        f"/d/{world.dossier.pk}/payments/",
        f"/payments/{order.pk}/",
        f"/d/{world.dossier.pk}/payments/new/?document={doc.pk}",
    ):
        page.goto(page.url_for(path))
        for width in (1366, 820, 390):
            page.set_viewport_size({"width": width, "height": 844})
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} is {wide}px too wide at {width}px"
