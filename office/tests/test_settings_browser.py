"""Browser (I2): an admin changes the portal name and a colour in the office settings, the
preview follows as they type, and saving keeps both."""

from __future__ import annotations

import pytest

from conftest import browser_login
from tenancy.models import Office

pytestmark = pytest.mark.browser


def test_admin_sees_the_branding_preview_change_then_saves(page, browser_world):
    world = browser_world
    browser_login(page, world.admin.email)
    page.goto(page.url_for("/office/settings/"))
    page.locator("[data-tab=branding]").first.click()
    page.wait_for_load_state("networkidle")
    preview = page.get_by_test_id("branding-preview")
    bar = preview.locator(".fidu-preview-bar")
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 58, 95)"
    page.fill("#id_portal_name", "Portail Lumière")
    assert page.get_by_test_id("preview-name").inner_text() == "Portail Lumière"
    page.fill("#id_color_app", "#ffd700")
    page.wait_for_function(
        "document.querySelector('.fidu-preview-bar') && "
        "getComputedStyle(document.querySelector('.fidu-preview-bar')).backgroundColor"
        " === 'rgb(255, 215, 0)'"
    )
    # A light colour: the preview writes in black on it, as the portal will.
    assert bar.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    page.get_by_test_id("branding-form").get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("networkidle")
    office = Office.objects.get(pk=world.dossier.office_id)
    assert office.portal_name == "Portail Lumière" and office.color_app == "#ffd700"
    assert page.get_by_test_id("preview-name").inner_text() == "Portail Lumière"


def test_settings_fit_a_phone_and_the_tabs_fold(page, browser_world):
    world = browser_world
    browser_login(page, world.admin.email)
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in (
        "/office/settings/",
        "/office/settings/branding/",
        "/office/settings/collaborators/",
        "/office/settings/categories/",
        "/office/settings/journals/",
        "/office/settings/vat-codes/",
        "/office/settings/help/",
    ):
        page.goto(page.url_for(path))
        page.wait_for_load_state("networkidle")
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, (path, wide)
    assert not errors
    # On a phone the tab list is folded behind a button.
    tabs = page.get_by_test_id("settings-tabs")
    assert not tabs.is_visible()
    page.get_by_test_id("settings-tabs-toggle").click()
    tabs.locator("[data-tab=journals]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/office/settings/journals/")
