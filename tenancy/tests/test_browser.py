"""The foundation as a person uses it, in Debian's chromium."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from conftest import browser_login
from core import menus
from tenancy.policy import caps_for

pytestmark = pytest.mark.browser


def _visible_menu(page, testid: str) -> set[str]:
    return set(
        page.locator(f"[data-testid={testid}] [data-menu]").evaluate_all(
            "els => els.map(e => e.dataset.menu)"
        )
    )


def test_each_profile_sees_exactly_its_menus(page, browser_world):
    w = browser_world
    for profile, user in w.clients.items():
        page.context.clear_cookies()
        browser_login(page, user.email)
        assert page.url.endswith(f"/d/{w.dossier.pk}/"), profile
        caps = caps_for(user, w.dossier)
        expected = {
            i.key for i in menus.items("client") if i.capability is None or i.capability in caps
        }
        assert _visible_menu(page, "client-menu") == expected, profile
        assert _visible_menu(page, "office-menu") == set(), profile
    for user, must, must_not in [
        (w.admin, {"office_dossiers", "office_settings"}, set()),
        (w.collaborator, {"office_dossiers"}, {"office_settings"}),
        (w.support, {"office_dossiers"}, {"office_settings"}),
    ]:
        page.context.clear_cookies()
        browser_login(page, user.email)
        shown = _visible_menu(page, "office-menu")
        assert must <= shown and not (must_not & shown), user.email


def test_a_user_switches_language_and_the_whole_ui_follows(page, browser_world):
    browser_login(page, browser_world.clients["full_access"].email)
    page.goto(page.url_for("/accounts/profile/"))
    for code, lang_word in [
        ("nl", "Afmelden"),
        ("de", "Abmelden"),
        ("en", "Log out"),
        ("fr", "Déconnexion"),
    ]:
        with page.expect_navigation():
            page.select_option("#language-select", code)
        assert page.locator("html").get_attribute("lang") == code
        page.click("[data-testid=user-menu]")
        assert page.get_by_text(lang_word).is_visible()
        page.keyboard.press("Escape")
    # The choice is kept on the account: a new session starts in it.
    page.context.clear_cookies()
    page.goto(page.url_for("/accounts/login/"))
    with page.expect_navigation():
        page.select_option("#language-select", "de")  # the login page follows the cookie...
    assert page.locator("html").get_attribute("lang") == "de"
    browser_login(page, browser_world.clients["full_access"].email)
    assert page.locator("html").get_attribute("lang") == "fr"  # ...the account follows its owner


def test_a_user_resets_a_forgotten_password_through_the_mail(page, browser_world):
    page.goto(page.url_for("/accounts/login/"))
    page.click("a[href='/accounts/password-reset/']")
    page.fill("input[name=email]", "admin@office.test")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=reset-sent]")
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(page.url_for(link))
    page.fill("input[name=new_password1]", "a-fresh-password-77")
    page.fill("input[name=new_password2]", "a-fresh-password-77")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=reset-complete]")
    browser_login(page, "admin@office.test", "a-fresh-password-77")
    assert page.url.endswith("/office/")


def test_the_phone_layout_keeps_the_menu_reachable(page, browser_world):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, browser_world.clients["administrator"].email)
    assert not page.locator("[data-testid=client-menu]").is_visible()
    page.click("button.navbar-toggler")
    page.wait_for_selector("[data-testid=client-menu] [data-menu=dossier_users]", state="visible")
    page.click("[data-testid=client-menu] [data-menu=dossier_users]")
    page.wait_for_selector("[data-testid=invite-form]")


def test_no_page_breaks_the_content_security_policy(page, browser_world):
    errors = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    browser_login(page, browser_world.admin.email)
    for path in [
        "/office/",
        f"/d/{browser_world.dossier.pk}/settings/",
        "/office/branding/",
        "/accounts/security/",
        "/api/docs",
    ]:
        page.goto(page.url_for(path))
        page.wait_for_load_state("networkidle")
    assert errors == []


def test_an_office_admin_invites_a_client_who_sets_a_password_and_logs_in(page, browser_world):
    w = browser_world
    browser_login(page, w.admin.email)
    page.goto(page.url_for(f"/d/{w.dossier.pk}/users/"))
    form = page.locator("[data-testid=invite-form]")
    form.locator("input[name=email]").fill("nouvelle@client.test")
    form.locator("select[name=profile]").select_option("doc_processing_archive")
    form.locator("select[name=language]").select_option("de")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("nouvelle@client.test").first.is_visible()
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.context.clear_cookies()
    page.goto(page.url_for(link))
    page.fill("input[name=password1]", "Sauerteig-2026!")
    page.fill("input[name=password2]", "Sauerteig-2026!")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/d/{w.dossier.pk}/")
    assert page.locator("html").get_attribute("lang") == "de"
    # The same link no longer works.
    page.context.clear_cookies()
    page.goto(page.url_for(link))
    assert page.locator("[data-testid=invitation-invalid]").is_visible()


def test_a_user_turns_on_two_step_verification_and_needs_the_code(page, browser_world):
    import pyotp

    user = browser_world.clients["administrator"]
    browser_login(page, user.email)
    page.goto(page.url_for("/accounts/security/"))
    page.click("main button[type=submit]")
    secret = page.locator("[data-testid=totp-secret]").inner_text().strip()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main form:has(input[name=code]) button[type=submit]")
    page.wait_for_selector("[data-testid=totp-on]")
    page.context.clear_cookies()
    browser_login(page, user.email)
    assert page.url.endswith("/accounts/login/code/")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/d/{browser_world.dossier.pk}/")
