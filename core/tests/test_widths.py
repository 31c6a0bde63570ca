"""Every page on every screen (issue 11): at phone, tablet and laptop widths, as the client's
administrator and as the office's admin, no page is wider than the screen, logs a console
error or has a request that fails.

One browser context per user; each page is loaded once and measured at the three widths by
resizing the viewport (media queries follow the viewport as on a device), which keeps the
walk near a minute instead of three loads of every page.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from core.tests.pages import sample_pages
from tenancy.models import Dossier

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO_PASSWORD = "demo-fidu-2026"
WIDTHS = [(1366, 768), (820, 1180), (390, 844)]
USERS = {"office": "admin@fidu.demo", "client": "administrator@client.demo"}
# Their width is the booking helper's (issue 11: worklist 1,570 px, annotation screen).
BOOKING_WIDTH_PAGES = ("/worklist", "/proposals/")

OVERFLOW = """() => {
  const w = window.innerWidth, sw = document.documentElement.scrollWidth;
  if (sw <= w) return null;
  const culprits = [];
  for (const el of document.querySelectorAll("main *, nav *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !el.closest(".offcanvas-lg:not(.show)")) {
      const cls = typeof el.className === "string" ? el.className.trim().split(/\\s+/).slice(0, 3).join(".") : "";
      culprits.push(`${el.tagName.toLowerCase()}${cls ? "." + cls : ""} ends at ${Math.round(r.right)}`);
      if (culprits.length === 3) break;
    }
  }
  return `${sw}px wide at ${w}px: ${culprits.join("; ")}`;
}"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.FIDU_RECOGNITION_ON_INTAKE = False  # pages, not OCR, are under test here
    call_command("load_demo", verbosity=0)
    return Dossier.objects.get(name__startswith="Boulangerie Dupont")


def _walk(browser, base_url: str, email: str, paths: list[str]) -> tuple[list[str], int]:
    context = browser.new_context(locale="fr-BE", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: console {m.type}: {m.text}")
            if m.type == "error"
            else None
        ),
    )
    page.on("requestfailed", lambda r: problems.append(f"{page.url}: failed {r.url}"))
    page.on(
        "response",
        lambda r: problems.append(f"{page.url}: {r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    opened = 0
    for path in paths:
        # Ask first with the page's cookies: POST-only routes (405), downloads, redirects
        # and refusals (403/404) are not pages to measure.
        answer = page.request.get(base_url + path, max_redirects=0)
        if answer.status != 200 or "<html" not in answer.text()[:300]:
            continue  # not a page (a download, or an htmx fragment like a status badge)
        page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        opened += 1
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"{path} at {width}: {overflow}")
    context.close()
    return problems, opened


@pytest.mark.parametrize("who", list(USERS))
def test_no_page_is_wider_than_the_screen_nor_shows_an_error(
    _playwright_browser, live_server, demo, who
):
    paths = sample_pages(demo)
    problems, opened = _walk(_playwright_browser, live_server.url, USERS[who], paths)
    assert opened >= 20  # the walk really opened pages (not a login page over and over)
    booking = [p for p in problems if any(b in p.split(" ")[0] for b in BOOKING_WIDTH_PAGES)]
    others = [p for p in problems if p not in booking]
    assert not others, "\n".join(others)
    if booking:
        pytest.xfail("booking helper fixes worklist width: " + " | ".join(booking[:3]))


def test_on_a_phone_the_side_menu_opens_from_the_top_bar(page, browser_world):
    """Below 992 px the side menu is a panel: the content has the screen, the button opens it."""
    from conftest import browser_login

    browser_login(page, browser_world.clients["administrator"].email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.url_for(f"/d/{browser_world.dossier.pk}/"))
    main = page.locator("main#main")
    assert main.evaluate("m => m.getBoundingClientRect().left") < 20
    assert main.evaluate("m => m.getBoundingClientRect().width") > 350
    menu = page.locator("[data-testid=client-menu]")
    assert not menu.is_visible()
    page.click("button.navbar-toggler")
    menu.locator(".nav-link").first.wait_for(state="visible")
    assert menu.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
