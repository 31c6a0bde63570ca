"""Branding (A7, issue 11): the office's colours override the defaults, every menu reads on
its colour, and a logo can be removed (audited)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import AuditEvent
from tenancy import branding
from tenancy.models import Office

BRANDING = {
    "portal_name": "Mon Portail",
    "banner_layout": "vertical",
    "color_background": "#ffffff",
    "color_app": "#112233",
    "color_button": "#445566",
}


def _png() -> SimpleUploadedFile:
    buf = BytesIO()
    Image.new("RGB", (40, 20), "red").save(buf, "PNG")
    return SimpleUploadedFile("logo.png", buf.getvalue(), content_type="image/png")


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_the_office_stylesheet_comes_after_the_default_one(world):
    html = world.client_for(world.admin).get("/office/").content.decode()
    sheets = _stylesheets(html)
    default = next(i for i, s in enumerate(sheets) if s.endswith("fidu/fidu.css"))
    office = next(i for i, s in enumerate(sheets) if f"/branding/{world.office.pk}.css" in s)
    assert office > default


def test_the_stylesheet_address_changes_with_the_colours(world):
    """The stylesheet is cached 5 minutes: new colours must be a new address."""
    c = world.client_for(world.admin)
    before = [s for s in _stylesheets(c.get("/office/").content.decode()) if "/branding/" in s]
    c.post("/office/branding/", BRANDING)
    after = [s for s in _stylesheets(c.get("/office/").content.decode()) if "/branding/" in s]
    assert before and after and before != after


@pytest.mark.parametrize(
    "background, text",
    [
        ("#112233", "#ffffff"),
        ("#1f3a5f", "#ffffff"),
        ("#f5e663", "#000000"),
        ("#ffffff", "#000000"),
    ],
)
def test_menu_words_take_the_colour_that_reads_on_the_office_colour(background, text):
    assert branding.text_on(background) == text
    assert branding.contrast(branding.text_on(background), background) >= 4.5


def test_the_stylesheet_carries_the_readable_text_colours(world):
    Office.objects.filter(pk=world.office.pk).update(color_app="#f5e663", color_button="#112233")
    css = world.client_for(None).get(f"/branding/{world.office.pk}.css").content.decode()
    assert "--fidu-app:#f5e663;" in css and "--fidu-app-text:#000000;" in css
    assert "--fidu-button-text:#ffffff;" in css


def test_the_office_admin_removes_the_logo_and_it_is_audited(world):
    c = world.client_for(world.admin)
    assert c.post("/office/branding/", BRANDING | {"logo": _png()}).status_code == 302
    office = Office.objects.get(pk=world.office.pk)
    old_logo = office.logo_id
    assert old_logo
    page = c.get("/office/branding/").content.decode()
    assert 'name="remove_logo"' in page and 'data-testid="current-logo"' in page

    assert c.post("/office/branding/", BRANDING | {"remove_logo": "on"}).status_code == 302
    office.refresh_from_db()
    assert office.logo_id is None
    assert c.get(f"/branding/{office.pk}/logo").status_code == 404
    page = c.get("/office/branding/").content.decode()
    assert 'name="remove_logo"' not in page and 'data-testid="current-logo"' not in page
    event = AuditEvent.objects.get(action="office.logo_removed")
    assert event.actor == world.admin and event.data == {"logo": old_logo}


def test_a_new_logo_wins_over_a_removal_ticked_with_it(world):
    c = world.client_for(world.admin)
    c.post("/office/branding/", BRANDING | {"logo": _png()})
    c.post("/office/branding/", BRANDING | {"logo": _png(), "remove_logo": "on"})
    assert Office.objects.get(pk=world.office.pk).logo_id
    assert not AuditEvent.objects.filter(action="office.logo_removed").exists()
