"""The cartridges page and API (C10): office admins only, their own office only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditEvent
from recognition import quotas
from recognition.models import Cartridge, QuotaSettings, UsageCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(world) -> Cartridge:
    today = timezone.localdate()
    c = quotas.cartridge_save(
        actor=world.admin,
        office=world.office,
        mode="verified",
        capacity=20,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=10),
    )
    UsageCounter.objects.create(dossier=world.dossier, day=today, mode="verified", documents=12)
    UsageCounter.objects.create(
        dossier=world.other_dossier, day=today - dt.timedelta(days=1), mode="verified", documents=6
    )
    return c


def test_the_office_admin_sees_the_share_used_and_usage_per_dossier_and_date(world, filled):
    c = world.client_for(world.admin)
    page = c.get("/office/cartridges/").content.decode()
    row = page.split(f'data-testid="cartridge-{filled.pk}"')[1].split("</tr>")[0]
    assert 'data-level="warning"' in page and "90 %" in row and ">18<" in row
    detail = c.get(f"/office/cartridges/{filled.pk}/").content.decode()
    by_dossier = detail.split('data-testid="usage-by-dossier"')[1].split("</table>")[0]
    assert "Alpha SRL" in by_dossier and ">12<" in by_dossier and ">6<" in by_dossier
    by_day = detail.split('data-testid="usage-by-day"')[1].split("</table>")[0]
    assert by_day.count("<tr>") == 3  # header and two days


def test_the_office_admin_adds_a_cartridge_and_sets_the_notifications(world):
    c = world.client_for(world.admin)
    r = c.post(
        "/office/cartridges/",
        {
            "action": "add",
            "add-mode": "automatic",
            "add-capacity": "500",
            "add-starts_on": "2026-01-01",
            "add-ends_on": "2026-12-31",
        },
    )
    assert r.status_code == 302
    added = Cartridge.objects.get(office=world.office)
    assert (added.mode, added.capacity, added.ends_on) == ("automatic", 500, dt.date(2026, 12, 31))
    r = c.post(
        "/office/cartridges/",
        {
            "action": "settings",
            "extra_email": "licences@office.test",
            "when_exhausted": "transport",
        },
    )
    assert r.status_code == 302
    chosen = QuotaSettings.objects.get(office=world.office)
    assert (chosen.notify_admins, chosen.extra_email, chosen.when_exhausted) == (
        False,
        "licences@office.test",
        "transport",
    )
    assert AuditEvent.objects.filter(action="recognition.quota_settings_updated").exists()


def test_an_overlapping_cartridge_is_refused_with_the_reason_and_the_input_kept(world, filled):
    world.admin.language = "fr"
    world.admin.save()
    r = world.client_for(world.admin).post(
        "/office/cartridges/",
        {
            "action": "add",
            "add-mode": "verified",
            "add-capacity": "77",
            "add-starts_on": filled.ends_on.isoformat(),
            "add-ends_on": "2099-01-01",
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert (
        "Une autre cartouche Vérifié par un collaborateur couvre déjà une partie de cette période."
        in html
    )
    assert 'value="77"' in html
    assert Cartridge.objects.count() == 1


def test_the_office_admin_changes_and_deletes_a_cartridge(world, filled):
    c = world.client_for(world.admin)
    c.post(
        f"/office/cartridges/{filled.pk}/",
        {
            "action": "edit",
            "mode": "verified",
            "capacity": "40",
            "starts_on": filled.starts_on.isoformat(),
            "ends_on": filled.ends_on.isoformat(),
        },
    )
    assert Cartridge.objects.get(pk=filled.pk).capacity == 40
    c.post(f"/office/cartridges/{filled.pk}/", {"action": "delete"})
    assert not Cartridge.objects.filter(pk=filled.pk).exists()


@pytest.mark.parametrize("who", ["collaborator", "support", "client", "outsider"])
def test_others_than_office_admins_are_refused(world, filled, who):
    user = {
        "collaborator": world.collaborator,
        "support": world.support,
        "client": world.clients["administrator"],
        "outsider": world.outsider,
    }[who]
    c = world.client_for(user)
    assert c.get("/office/cartridges/").status_code == 403
    assert c.post(f"/office/cartridges/{filled.pk}/", {"action": "delete"}).status_code == 403
    assert c.get("/api/office/cartridges").status_code == 403
    assert Cartridge.objects.filter(pk=filled.pk).exists()


def test_another_offices_admin_does_not_find_our_cartridge(world, filled):
    c = world.client_for(world.stranger_office_admin)
    assert c.get(f"/office/cartridges/{filled.pk}/").status_code == 404
    assert c.post(f"/office/cartridges/{filled.pk}/", {"action": "delete"}).status_code == 404
    assert c.get(f"/api/office/cartridges/{filled.pk}").status_code == 404
    assert c.get("/api/office/cartridges").json() == []
    assert Cartridge.objects.filter(pk=filled.pk).exists()


def test_the_api_gives_the_usage_to_office_admins(world, filled):
    c = world.client_for(world.admin)
    [row] = c.get("/api/office/cartridges").json()
    assert (row["used"], row["percent"], row["level"]) == (18, 90, "warning")
    detail = c.get(f"/api/office/cartridges/{filled.pk}").json()
    assert {r["name"]: r["documents"] for r in detail["by_dossier"]} == {
        "Alpha SRL": 12,
        "Beta BV": 6,
    }
    assert [d["documents"] for d in detail["by_day"]] == [12, 6]
    assert c.get("/api/office/cartridges").status_code == 200
    assert world.client_for(None).get("/api/office/cartridges").status_code == 401


def test_the_menu_shows_cartridges_to_office_admins_only(world):
    assert "/office/cartridges/" in world.client_for(world.admin).get("/office/").content.decode()
    assert (
        "/office/cartridges/"
        not in world.client_for(world.collaborator).get("/office/").content.decode()
    )
