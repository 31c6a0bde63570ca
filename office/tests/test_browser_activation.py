"""Browser (I3/A3): an admin picks a dossier to activate, configures it on one page,
activates it and works the checklist to the end."""

from __future__ import annotations

import pytest

from conftest import browser_login
from ledger.models import Books
from messaging.models import DossierCalendar
from recognition.models import DossierRecognitionSettings
from tenancy.models import Dossier, Invitation

pytestmark = pytest.mark.browser


def _fits(page) -> list[int]:
    """The widths (phone, tablet, laptop) at which the page is wider than the screen."""
    wide = []
    for width in (390, 820, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append(width)
    page.set_viewport_size({"width": 1280, "height": 900})
    return wide


def _save(page, testid: str) -> None:
    page.get_by_test_id(testid).click()
    page.wait_for_load_state("networkidle")


def test_admin_activates_a_dossier_and_finishes_the_checklist(page, browser_world):
    world = browser_world
    gamma = Dossier.objects.create(
        office=world.office, name="Gamma SC", vat_number="BE0417497106", is_active=False
    )
    browser_login(page, world.admin.email)
    page.goto(page.url_for("/office/activation/"))
    assert page.locator(f"[data-candidate='{gamma.pk}']").count() == 1
    assert _fits(page) == []
    _save(page, f"start-{gamma.pk}")
    assert f"/office/activation/{gamma.pk}/" in page.url
    assert Books.objects.filter(dossier=gamma).exists()
    assert page.get_by_test_id("dossier-inactive").is_visible()
    assert _fits(page) == []

    _save(page, "save-modules")
    _save(page, "tick-modules")
    page.check("#id_validation_mode_0")  # collaborator: the office validates
    _save(page, "save-validation")
    page.select_option("#id_manager", str(world.collaborator.pk))
    _save(page, "save-manager")
    page.select_option("#id_vat_filing", "monthly")
    _save(page, "save-vat")
    _save(page, "tick-vat_exempt")
    page.select_option("#id_mode_ACH", "verified")
    page.uncheck("#id_visible_OD")
    _save(page, "save-journals")
    page.fill("#invite_email", "owner@gamma.test")
    page.select_option("#invite_profile", "administrator")
    _save(page, "send-invitation")
    assert "owner@gamma.test" in page.get_by_test_id("invitations").inner_text()
    _save(page, "tick-journals_rubrics")
    _save(page, "tick-numbering")
    _save(page, "activate")

    assert f"/d/{gamma.pk}/office/checklist/" in page.url
    assert page.locator("li[data-done='0']").count() == 0
    assert page.get_by_test_id("checklist-left").locator(".text-bg-success").count() == 1
    gamma.refresh_from_db()
    assert gamma.is_active and gamma.manager == world.collaborator
    assert DossierCalendar.objects.get(dossier=gamma).vat_filing == "monthly"
    assert DossierRecognitionSettings.objects.get(dossier=gamma).journal_modes == {
        "ACH": "verified"
    }
    assert Invitation.objects.filter(dossier=gamma, email="owner@gamma.test").exists()
    # The checklist's links lead back to the sections of the configuration page.
    href = page.locator("li[data-step=vat_exempt] a").get_attribute("href")
    assert href == f"/office/activation/{gamma.pk}/#vat"
