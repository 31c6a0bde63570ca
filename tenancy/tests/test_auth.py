from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from core.models import AuditEvent
from tenancy.models import ClientProfile, DossierMembership, Invitation, User
from tenancy.services import invitation_create


def test_it_logs_in_with_email_and_password(world):
    c = Client()
    r = c.post("/accounts/login/", {"username": "ADMIN@office.test", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/"
    assert c.get("/").url == "/office/"


def test_it_says_clearly_when_the_password_is_wrong(world):
    r = Client().post("/accounts/login/", {"username": "admin@office.test", "password": "nope"})
    assert r.status_code == 200
    assert "ne correspondent pas" in r.content.decode() or "do not match" in r.content.decode()


def test_it_throttles_repeated_failures(world, settings):
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        c.post("/accounts/login/", {"username": "admin@office.test", "password": "wrong"})
    r = c.post("/accounts/login/", {"username": "admin@office.test", "password": PASSWORD})
    assert r.status_code == 429
    assert b"locked-out" in r.content
    assert "_auth_user_id" not in c.session


def test_it_asks_for_the_second_factor_when_enabled(world):
    user = world.admin
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = True
    user.save()
    c = Client()
    r = c.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert r["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in c.session
    assert c.post("/accounts/login/code/", {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in c.session
    r = c.post("/accounts/login/code/", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert r.status_code == 302
    assert c.session["_auth_user_id"] == str(user.pk)


def test_it_sets_up_totp_from_the_security_page(world):
    c = world.client_for(world.clients["full_access"])
    c.post("/accounts/security/", {"action": "begin"})
    user = User.objects.get(pk=world.clients["full_access"].pk)
    assert user.totp_secret and not user.totp_enabled
    page = c.get("/accounts/security/").content.decode()
    assert user.totp_secret in page and "data:image/svg+xml" in page
    c.post("/accounts/security/", {"action": "confirm", "code": "123456"})
    user.refresh_from_db()
    assert not user.totp_enabled
    c.post("/accounts/security/", {"action": "confirm", "code": pyotp.TOTP(user.totp_secret).now()})
    user.refresh_from_db()
    assert user.totp_enabled


def _invite(world, email="new@client.test", profile=ClientProfile.DOC_PROCESSING):
    invitation, token = invitation_create(
        actor=world.clients["administrator"],
        office=world.office,
        dossier=world.dossier,
        email=email,
        profile=profile,
        language="nl",
    )
    return invitation, token


def test_it_invites_a_client_user_who_sets_a_password(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = _invite(world)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http\S+/accounts/invitation/(\S+)/", body).group(1)
    assert link == token
    assert mail.outbox[0].to == ["new@client.test"]
    c = Client()
    r = c.post(
        f"/accounts/invitation/{token}/",
        {"password1": "a-long-secret-9", "password2": "a-long-secret-9"},
    )
    assert r.status_code == 302
    user = User.objects.get(email="new@client.test")
    assert user.language == "nl"
    assert (
        DossierMembership.objects.get(user=user, dossier=world.dossier).profile
        == ClientProfile.DOC_PROCESSING
    )
    assert AuditEvent.objects.filter(
        action="invitation.accepted", dossier_id=world.dossier.pk
    ).exists()


def test_it_refuses_a_reused_invitation(world):
    _invitation, token = _invite(world)
    Client().post(
        f"/accounts/invitation/{token}/",
        {"password1": "a-long-secret-9", "password2": "a-long-secret-9"},
    )
    r = Client().get(f"/accounts/invitation/{token}/")
    assert r.status_code == 410
    assert b"invitation-invalid" in r.content


def test_it_refuses_an_expired_invitation(world):
    invitation, token = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    r = Client().post(
        f"/accounts/invitation/{token}/",
        {"password1": "a-long-secret-9", "password2": "a-long-secret-9"},
    )
    assert r.status_code == 410
    assert not User.objects.filter(email="new@client.test").exists()


def test_it_refuses_a_tampered_invitation_token(world):
    _invite(world)
    assert Client().get("/accounts/invitation/not-a-real-token/").status_code == 410


def test_it_rejects_weak_passwords_on_invitation(world):
    _invitation, token = _invite(world)
    r = Client().post(
        f"/accounts/invitation/{token}/", {"password1": "12345678", "password2": "12345678"}
    )
    assert r.status_code == 200
    assert not User.objects.filter(email="new@client.test").exists()


def test_it_resets_a_forgotten_password_through_the_mail(world):
    c = Client()
    r = c.post("/accounts/password-reset/", {"email": "admin@office.test"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    r = c.get(link, follow=True)
    form_url = r.redirect_chain[-1][0]
    r = c.post(
        form_url, {"new_password1": "brand-new-secret-42", "new_password2": "brand-new-secret-42"}
    )
    assert r.status_code == 302
    assert User.objects.get(email="admin@office.test").check_password("brand-new-secret-42")
    r = Client().post(
        "/accounts/login/", {"username": "admin@office.test", "password": "brand-new-secret-42"}
    )
    assert r.status_code == 302
    # The same link cannot be used twice.
    assert b"reset-invalid" in Client().get(link, follow=True).content


def test_it_does_not_reveal_whether_an_address_exists(world):
    r = Client().post("/accounts/password-reset/", {"email": "nobody@nowhere.test"})
    assert r.status_code == 302 and len(mail.outbox) == 0


def test_it_refuses_posts_without_csrf_token(world):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/accounts/login/", {"username": "admin@office.test", "password": PASSWORD})
    assert r.status_code == 403
    assert "_auth_user_id" not in c.session


@pytest.mark.parametrize(
    "language,word",
    [("fr", "Déconnexion"), ("nl", "Afmelden"), ("de", "Abmelden"), ("en", "Log out")],
)
def test_it_follows_the_users_language(world, language, word):
    user = world.clients["full_access"]
    c = world.client_for(user)
    c.post("/accounts/language/", {"language": language, "next": "/accounts/profile/"})
    user.refresh_from_db()
    assert user.language == language
    assert word in c.get("/accounts/profile/").content.decode()


def test_it_creates_and_revokes_api_tokens(world):
    c = world.client_for(world.clients["doc_delivery"])
    page = c.post("/accounts/tokens/", {"name": "Scanner"}).content.decode()
    secret = re.search(r'data-testid="new-token">(fidu_[\w-]+)<', page).group(1)
    r = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 200 and r.json()["email"] == "doc_delivery@client.test"
    token = world.clients["doc_delivery"].api_tokens.get()
    c.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_it_does_not_let_a_user_revoke_someone_elses_token(world):
    from tenancy.services import api_token_create

    token, _secret = api_token_create(actor=world.admin, name="x")
    r = world.client_for(world.clients["doc_delivery"]).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert r.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
