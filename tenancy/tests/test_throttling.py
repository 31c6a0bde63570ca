"""Login and password-reset throttling (issue 10 point 7): per client address and per
account separately, the client address taken from X-Forwarded-For only behind a trusted
proxy."""

from __future__ import annotations

from django.core import mail
from django.test import Client, RequestFactory

from conftest import PASSWORD
from tenancy.client_ip import client_ip


def _fail(client: Client, username: str, **meta):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"}, **meta)


def test_spraying_many_accounts_from_one_address_is_stopped(world, settings):
    settings.FIDU_LOGIN_IP_FAILURE_LIMIT = 6
    c = Client()
    for i in range(6):  # a different account each time: no account reaches its own limit
        assert _fail(c, f"victim{i}@client.test").status_code == 200
    r = c.post("/accounts/login/", {"username": "admin@office.test", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
    # Another address is not concerned.
    other = Client(REMOTE_ADDR="10.9.9.9")
    r = other.post("/accounts/login/", {"username": "admin@office.test", "password": PASSWORD})
    assert r.status_code == 302


def test_an_account_is_locked_from_every_address(world, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(Client(REMOTE_ADDR=f"192.0.2.{i + 1}"), "admin@office.test")
    r = Client(REMOTE_ADDR="198.51.100.7").post(
        "/accounts/login/", {"username": "admin@office.test", "password": PASSWORD}
    )
    assert r.status_code == 429
    # Other accounts from those addresses log in as usual.
    r = Client(REMOTE_ADDR="192.0.2.1").post(
        "/accounts/login/", {"username": "collab@office.test", "password": PASSWORD}
    )
    assert r.status_code == 302


def test_behind_a_trusted_proxy_each_client_counts_on_its_own(world, settings):
    settings.FIDU_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.FIDU_LOGIN_IP_FAILURE_LIMIT = 3
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for i in range(3):
        _fail(proxy, f"nobody{i}@client.test", HTTP_X_FORWARDED_FOR="203.0.113.66")
    blocked = proxy.post(
        "/accounts/login/",
        {"username": "admin@office.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert blocked.status_code == 429
    # Someone else behind the same proxy is not locked out by the attacker.
    ok = proxy.post(
        "/accounts/login/",
        {"username": "admin@office.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert ok.status_code == 302


def test_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    settings.FIDU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    rf = RequestFactory()
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(spoofed) == "203.0.113.5"
    proxied = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9, 10.0.0.3"
    )
    # The right-most address that is not one of our proxies: the one our proxy saw.
    assert client_ip(proxied) == "198.51.100.9"
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(garbage) == "10.0.0.2"
    settings.FIDU_TRUSTED_PROXIES = []
    assert client_ip(proxied) == "10.0.0.2"


def test_password_reset_requests_are_limited_per_address(world, settings):
    settings.FIDU_RESET_ADDRESS_LIMIT = 2
    for i in range(4):
        r = Client(REMOTE_ADDR=f"192.0.2.{i + 1}").post(
            "/accounts/password-reset/", {"email": "admin@office.test"}
        )
        assert r.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 2


def test_password_reset_requests_are_limited_per_client_address(world, settings):
    settings.FIDU_RESET_IP_LIMIT = 3
    c = Client()
    statuses = [
        c.post("/accounts/password-reset/", {"email": f"x{i}@client.test"}).status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    page = c.post("/accounts/password-reset/", {"email": "admin@office.test"})
    assert b"too-many-requests" in page.content
    assert len(mail.outbox) == 0
