"""The office's button colour reaches the buttons people click (issue 11: it never did, the
office stylesheet loaded before the defaults)."""

from __future__ import annotations

import pytest

from conftest import browser_login

pytestmark = pytest.mark.browser


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_a_button_takes_the_colour_the_office_sets(page, browser_world):
    browser_login(page, browser_world.admin.email)
    page.goto(page.url_for("/office/branding/"))
    page.fill("input[name=color_button]", "#aa3311")
    page.fill("input[name=color_app]", "#f5e663")
    page.select_option("select[name=banner_layout]", "vertical")
    page.click("main button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    button = page.locator("main button[type=submit].btn-primary")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == _rgb("#aa3311")
    assert button.evaluate("b => getComputedStyle(b).color") == _rgb("#ffffff")
    # The vertical layout's menu: dark words on the light application colour.
    link = page.locator("[data-testid=office-menu] .nav-link:not(.active)").first
    assert link.evaluate("a => getComputedStyle(a).color") == _rgb("#000000")
    side = page.locator(".fidu-side-col")
    assert side.evaluate("e => getComputedStyle(e).backgroundColor") == _rgb("#f5e663")
