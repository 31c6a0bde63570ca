"""Every page a person can open, on the demo data, in a real browser: no server error and
no Content-Security-Policy violation (an inline style or script the CSP blocks would
silently break the page: a progress bar without width, a button without handler)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import browser_login
from tenancy.models import Dossier
from tenancy.tests.permission_harness import _django_routes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO_PASSWORD = "demo-fidu-2026"
SKIP = ("logout",)  # would end the session in the middle of the walk


def _pages(dossier_id: int) -> list[str]:
    """GET pages that need nothing but (at most) a dossier."""
    urls = []
    for route in _django_routes():
        if set(route.params) - {"dossier_id"} or any(s in route.url_template for s in SKIP):
            continue
        if route.url_template.startswith(("/static", "/media", "/__")):
            continue
        urls.append(route.url_template.replace("{dossier_id}", str(dossier_id)))
    return sorted(set(urls))


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    return Dossier.objects.get(name__startswith="Boulangerie Dupont")


@pytest.mark.parametrize(
    "email", ["admin@fidu.demo", "administrator@client.demo"], ids=["office", "client"]
)
def test_every_page_opens_without_error_or_csp_violation(page, demo, email):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    browser_login(page, email, DEMO_PASSWORD)
    failures, opened = [], 0
    for path in _pages(demo.pk):
        # Ask first with the page's cookies: POST-only routes (405), downloads and
        # refusals (403/404) are not pages to render.
        response = page.request.get(page.url_for(path), max_redirects=0)
        if response.status >= 500:
            failures.append(f"{path}: {response.status}")
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.goto(page.url_for(path))
        page.wait_for_load_state("networkidle")
        opened += 1
    assert failures == []
    assert violations == []
    assert opened >= 15  # the walk really opened pages (not a login page over and over)
