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
