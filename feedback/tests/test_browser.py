"""Browser: a client opens the dashboard; the charts are drawn (non-empty canvases, no CSP
refusal) and the tables under them show the figures of the books in French."""

from __future__ import annotations

import pytest

from conftest import browser_login
from feedback.tests.books import post_books
from tenancy.models import ClientProfile

pytestmark = pytest.mark.browser


def _spaced(text: str) -> str:
    """French groups thousands with a no-break space."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_dashboard_draws_its_charts_and_shows_the_numbers(page, browser_world):
    world = browser_world
    post_books(world)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_login(page, world.clients[ClientProfile.FULL_FEEDBACK].email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/dashboard/?year=2026"))
    for canvas in ("chart-results", "chart-liquidity", "chart-costs"):
        page.wait_for_function(
            f"() => window.Chart && Chart.getChart(document.getElementById('{canvas}'))"
        )
        # A drawn canvas has coloured pixels; a blank one is all transparent.
        painted = page.evaluate(
            """(id) => { const c = document.getElementById(id);
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""",
            canvas,
        )
        assert painted > 100, canvas
    # Drawn wide, then read on a phone: the canvases follow the screen (no sideways scroll).
    page.set_viewport_size({"width": 390, "height": 844})
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('canvas')]"
        ".map(c => c.getBoundingClientRect().right))"
    )
    assert widest <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    results = _spaced(page.inner_text("[data-testid=results]"))
    assert "1 700,00" in results and "2 200,00" in results and "900,00" in results
    liquidity = page.inner_text("[data-testid=liquidity]")
    assert "03/2026" in liquidity and "500,00" in liquidity
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
    # The menu leads to the aged balances.
    page.click("a[href$='/aged-balances/']")
    aged = _spaced(page.inner_text("[data-testid=aged]"))
    assert "Acme SA" in aged and "3 postes ouverts" in aged and "2 000,00" in aged
