"""Browser: a client searches the archive by amount in three notations and finds the same
invoice each time; the Excel export opens with openpyxl and holds the rows shown."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from archive.tests.archived import archive_books
from conftest import browser_login
from feedback.tests.books import post_books
from tenancy.models import ClientProfile

pytestmark = pytest.mark.browser


def test_search_by_amount_in_three_notations_and_export(page, browser_world):
    world = browser_world
    post_books(world)
    docs = archive_books(world)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_login(page, world.clients[ClientProfile.FULL_FEEDBACK].email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/archive/"))
    assert page.locator("[data-testid=archive-table] tbody tr[data-document]").count() == 3
    for typed in ("1500", "1.500,00", "1 500,00"):
        page.fill("#id_q", typed)
        page.click("[data-testid=archive-search]")
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=archive-table] tbody tr[data-document]')"
            ".length === 1"
        )
        row = page.locator("[data-testid=archive-table] tbody tr[data-document]")
        assert row.get_attribute("data-document") == str(docs.maintenance_de.pk), typed
        assert "S26-2" in row.inner_text()
    # The selection goes to Excel: the same rows.
    shown = page.locator("[data-testid=archive-table] tbody tr[data-document]").count()
    with page.expect_download() as info:
        page.click("[data-testid=archive-xlsx]")
    path = info.value.path()
    with open(path, "rb") as fh:
        ws = load_workbook(BytesIO(fh.read())).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == shown == 1 and rows[0][0] == "S26-2"
    assert not errors, errors
