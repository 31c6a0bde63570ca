"""Browser: a client user writes to the office; the office finds it unread, opens it and
answers in place (htmx, no reload); the client sees the answer and its read receipt."""

from __future__ import annotations

import pytest

from conftest import browser_login
from messaging.models import Conversation, ReadState
from tenancy.models import ClientProfile

pytestmark = pytest.mark.browser


def test_client_writes_office_answers(page, browser_world):
    world = browser_world
    client_user = world.clients[ClientProfile.ADMINISTRATOR]
    browser_login(page, client_user.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/messages/"))
    page.fill("input[name=subject]", "Facture Proximus")
    page.fill("textarea[name=body]", "Faut-il la payer ?")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state("networkidle")
    conv = Conversation.objects.get(subject="Facture Proximus")
    assert page.url.endswith(f"/messages/{conv.pk}/")

    page.context.clear_cookies()
    browser_login(page, world.admin.email)
    page.goto(page.url_for("/office/messages/"))
    row = page.locator("tr[data-unread='1']")
    assert row.count() == 1 and "Facture Proximus" in row.inner_text()
    row.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert ReadState.objects.filter(conversation=conv, user=world.admin).exists()
    page.evaluate("window.__noReload = true")
    page.fill("textarea[name=body]", "Oui, avant le 15.")
    page.get_by_test_id("reply").click()
    page.locator("[data-testid=message]").nth(1).wait_for()
    assert page.evaluate("window.__noReload") is True  # the thread was swapped in place
    assert "Oui, avant le 15." in page.locator("#thread").inner_text()
    assert page.locator("textarea[name=body]").input_value() == ""

    page.context.clear_cookies()
    browser_login(page, client_user.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/messages/"))
    assert page.locator("[data-unread='1']").count() == 1
    page.goto(page.url_for(f"/messages/{conv.pk}/"))
    first = page.locator("[data-testid=read-by]").first.inner_text()
    assert "Lu par" in first and world.admin.display_name in first


def test_pages_fit_a_phone_a_tablet_and_a_laptop(page, browser_world):
    # core/tests/test_widths.py cannot be imported on this base; the same check on our pages.
    from messaging.services import Upload, conversation_start
    from messaging.tasks import deadlines_generate, task_create

    world = browser_world
    d = world.dossier
    conv = conversation_start(
        dossier=d,
        author=world.admin,
        subject="Une question assez longue sur la facture " + "très " * 12,
        body="Bonjour " * 80,
        uploads=[Upload(file_name="un-nom-de-fichier-" + "long-" * 15 + ".pdf", data=b"%PDF")],
    )
    deadlines_generate(dossier=d, year=2026)
    task_create(actor=world.admin, dossier=d, title="Envoyer les baux " * 6, due_date="2026-12-31")
    browser_login(page, world.admin.email)
    for path in (
        f"/d/{d.pk}/messages/",
        f"/messages/{conv.pk}/",
        f"/d/{d.pk}/tasks/",
        "/office/messages/",
    ):
        page.goto(page.url_for(path))
        page.wait_for_load_state("networkidle")
        for width in (390, 820, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            sw = page.evaluate("document.documentElement.scrollWidth")
            assert sw <= width, f"{path} is {sw}px wide at {width}px"
