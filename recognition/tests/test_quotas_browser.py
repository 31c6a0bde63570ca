"""Browser: an office admin adds a cartridge, watches it fill up and sets who is alerted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import browser_login
from recognition.models import Cartridge, QuotaSettings
from recognition.services import usage_count

pytestmark = pytest.mark.browser


def test_an_office_admin_adds_a_cartridge_and_follows_its_usage(page, browser_world):
    world = browser_world
    today = timezone.localdate()
    browser_login(page, world.admin.email)
    page.goto(page.url_for("/office/"))
    page.click("a[href='/office/cartridges/']")  # the office menu entry
    page.wait_for_url("**/office/cartridges/")

    form = page.locator("[data-testid=add-cartridge]")
    form.locator("select[name=add-mode]").select_option("verified")
    form.locator("input[name=add-capacity]").fill("10")
    form.locator("input[name=add-starts_on]").fill((today - dt.timedelta(days=3)).isoformat())
    form.locator("input[name=add-ends_on]").fill((today + dt.timedelta(days=27)).isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    cartridge = Cartridge.objects.get(office=world.office)
    row = page.locator(f"[data-testid=cartridge-{cartridge.pk}]")
    assert row.get_attribute("data-level") == "ok"
    assert row.locator("[data-testid=percent]").inner_text() == "0 %"

    for _ in range(9):  # documents recognised meanwhile
        usage_count(dossier_id=world.dossier.pk, mode="verified", pages=1)
    page.reload()
    assert row.get_attribute("data-level") == "warning"
    assert row.locator("[data-testid=percent]").inner_text() == "90 %"

    row.locator("a").click()
    page.wait_for_url(f"**/office/cartridges/{cartridge.pk}/")
    by_dossier = page.locator("[data-testid=usage-by-dossier]").inner_text()
    assert world.dossier.name in by_dossier and "9" in by_dossier
    page.go_back()

    notes = page.locator("[data-testid=cartridge-notifications]")
    notes.locator("input[name=extra_email]").fill("licences@office.test")
    notes.locator("input[name=when_exhausted][value=transport]").check()
    with page.expect_navigation():
        notes.locator("button[type=submit]").click()
    chosen = QuotaSettings.objects.get(office=world.office)
    assert (chosen.extra_email, chosen.when_exhausted) == ("licences@office.test", "transport")
    assert chosen.notify_admins  # kept ticked: the admins stay alerted
