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
