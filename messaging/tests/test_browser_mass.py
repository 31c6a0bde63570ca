"""Browser (H3): the office sends one mass message from a standard template to three
dossiers reading French, Dutch and German; each gets it in its own language, and a client
of the Dutch dossier finds it unread."""

from __future__ import annotations

import pytest

from conftest import browser_login
from messaging.models import Conversation
from tenancy.models import Dossier

pytestmark = pytest.mark.browser


def test_mass_message_in_three_languages(page, browser_world):
    world = browser_world
    gamma = Dossier.objects.create(office=world.office, name="Gamma GmbH", language="de")
    browser_login(page, world.admin.email)
    page.goto(page.url_for("/office/messages/mass/"))
    page.get_by_test_id("use-template-vat_documents").click()
    page.wait_for_load_state("networkidle")
    assert "{period}" in page.locator("input[name=subject_nl]").input_value()
    boxes = page.locator("input[name=dossiers]")
    assert boxes.count() == 3
    for i in range(3):
        assert boxes.nth(i).is_checked()
    page.fill("input[name=period]", "Q4 2026")
    page.get_by_test_id("mass-send").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/office/messages/")
    subjects = dict(Conversation.objects.values_list("dossier__language", "subject"))
    assert subjects == {
        "fr": "Documents TVA pour Q4 2026",
        "nl": "Btw-documenten voor Q4 2026",
        "de": "MwSt.-Unterlagen für Q4 2026",
    }
    body = Conversation.objects.get(dossier=gamma).messages.get().body
    assert "Gamma GmbH" in body and "{" not in body
    assert page.locator("[data-testid=office-conversations] tbody tr").count() == 3

    page.context.clear_cookies()
    browser_login(page, world.outsider.email)  # the Dutch dossier's administrator
    page.goto(page.url_for(f"/d/{world.other_dossier.pk}/messages/"))
    row = page.locator("[data-unread='1']")
    assert row.count() == 1 and "Btw-documenten voor Q4 2026" in row.inner_text()


def test_new_messages_appear_without_reloading(page, browser_world, monkeypatch):
    from messaging import views
    from messaging.models import ReadState
    from messaging.services import conversation_start, message_post

    monkeypatch.setattr(views, "POLL_SECONDS", 1)
    world = browser_world
    client_user = world.clients["administrator"]
    conv = conversation_start(
        dossier=world.dossier, author=client_user, subject="En direct", body="Bonjour"
    )
    browser_login(page, client_user.email)
    page.goto(page.url_for(f"/messages/{conv.pk}/"))
    page.evaluate("window.__noReload = true")
    page.fill("textarea[name=body]", "en cours de frappe")
    message_post(conversation=conv, author=world.admin, body="Réponse du bureau")
    page.locator("[data-testid=message]").nth(1).wait_for(timeout=10000)
    assert "Réponse du bureau" in page.locator("#msg-list").inner_text()
    assert page.evaluate("window.__noReload") is True
    # What the reader was typing is untouched, and the page marked the new message read.
    assert page.locator("textarea[name=body]").input_value() == "en cours de frappe"
    newest = conv.messages.last()
    assert newest is not None
    last = newest.created_at
    for _ in range(50):  # the read POST lands shortly after the swap
        if ReadState.objects.get(conversation=conv, user=client_user).read_at >= last:
            break
        page.wait_for_timeout(100)
    assert ReadState.objects.get(conversation=conv, user=client_user).read_at >= last
