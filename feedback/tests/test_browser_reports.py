"""Browser: the office opens the VAT return, drills from a grid to its entry and exports
the Intervat file; a client makes a PDF report, sees its progress, then the file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import browser_login
from feedback.models import ReportFile, ReportStatus
from feedback.reports.make import report_make
from feedback.tests.books import post_books
from ledger.services.posting import LineSpec, entry_post
from tenancy.models import ClientProfile

pytestmark = pytest.mark.browser
XSD = Path(__file__).parent / "xsd" / "NewTVA-in_v0_9.xsd"


def test_office_drills_the_vat_return_and_exports_xml(page, browser_world):
    world = browser_world
    books = post_books(world)
    entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="VEN",
        date=date(2026, 4, 20),
        counterparty=books.customer,
        lines=[
            LineSpec("400000", debit=Decimal("121.00"), due_date=date(2026, 5, 20)),
            LineSpec(
                "700000", credit=Decimal("100.00"), vat_code="V21G", vat_base=Decimal("100.00")
            ),
            LineSpec("451000", credit=Decimal("21.00"), vat_code="V21G"),
        ],
        number="S26-V",
    )
    browser_login(page, world.admin.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/vat/?period=2026-Q2"))
    grids = page.inner_text("[data-testid=vat-office]")
    assert "100,00" in grids and "21,00" in grids
    page.click("tr[data-box='03'] a")
    lines = page.inner_text("[data-testid=grid-lines]")
    assert "S26-V" in lines and "V21G" in lines and "100,00" in lines
    page.go_back()
    with page.expect_download() as info:
        page.click("[data-testid=vat-xml]")
    xml = Path(info.value.path()).read_bytes()
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(BytesIO(xml))), schema.error_log
    assert b'GridNumber="3">100.00<' in xml and b'GridNumber="54">21.00<' in xml


def test_client_makes_a_pdf_report_and_sees_progress_then_the_file(page, browser_world):
    world = browser_world
    post_books(world)
    user = world.clients[ClientProfile.FULL_FEEDBACK]
    browser_login(page, user.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/reports/"))
    page.select_option("#r-kind", "trial_balance")
    page.select_option("#r-format", "pdf")
    page.select_option("#r-year", "2026")
    page.click("[data-testid=make-report]")
    with page.expect_download() as info:
        page.click("[data-testid=report-download]")
    text = "".join(p.extract_text() for p in PdfReader(info.value.path()).pages)
    assert "700000" in text and "300,00" in text.replace("\u202f", " ").replace("\xa0", " ")
    # A large report still being made: the page shows its progress and polls until the
    # file is there.
    waiting = ReportFile.objects.create(
        dossier=world.dossier,
        kind="income_statement",
        fmt="pdf",
        params={"year": 2026, "lang": "fr"},
        requested_by=user,
        status=ReportStatus.RUNNING,
        progress=40,
    )
    page.goto(page.url_for(f"/d/{world.dossier.pk}/reports/{waiting.pk}/"))
    bar = page.locator("[data-testid=report-progress]")
    assert bar.get_attribute("aria-valuenow") == "40" and bar.is_visible()
    report_make(waiting.pk)
    page.wait_for_selector("[data-testid=report-download]", timeout=10000)
    assert page.locator("[data-testid=report-progress]").count() == 0
