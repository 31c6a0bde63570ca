"""I3/A3: pick a dossier to activate, configure it section by section, activate it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.audit import AuditEvent
from ledger.models import Books, Journal
from messaging.models import DossierCalendar
from office.activation import checklist, may_activate
from office.configure import activation_candidates
from office.models import ChecklistTick
from recognition.models import DossierRecognitionSettings
from tenancy.models import Dossier, Invitation, ValidationMode

pytestmark = pytest.mark.django_db


@pytest.fixture
def new(world):
    """A dossier Fidu keeps as inactive, its books not open yet."""
    return Dossier.objects.create(
        office=world.office, name="Gamma SC", vat_number="BE0417497106", is_active=False
    )


def _configure(dossier):
    return reverse("office_activation_configure", args=[dossier.pk])


def test_only_admins_may_activate_today(world):
    assert may_activate(world.admin, world.office)
    assert not may_activate(world.collaborator, world.office)
    assert not may_activate(world.stranger_office_admin, world.office)
    assert not may_activate(world.clients["administrator"], world.office)
    url = reverse("office_activation")
    assert world.client_for(world.admin).get(url).status_code == 200
    for user in (world.collaborator, world.support):
        assert world.client_for(user).get(url).status_code == 403
    r = world.client_for(world.collaborator).post(url, {"dossier": world.dossier.pk})
    assert r.status_code == 403 and not Books.objects.exists()


def test_collaborators_activate_when_the_office_settings_allow_it(world):
    from office import office_settings
    from tenancy.policy import forget

    office_settings.general_save(
        actor=world.admin,
        office=world.office,
        portal_name="",
        key_figures_closed_only=False,
        activation_by="staff",
        payments_enabled=True,
    )
    forget(world.collaborator)
    assert may_activate(world.collaborator, world.office)
    assert not may_activate(world.collaborator, world.stranger_office_admin.office_member.office)
    assert not may_activate(world.support, world.office)
    client = world.client_for(world.collaborator)
    assert client.get(reverse("office_activation")).status_code == 200
    monitor = client.get(reverse("office_monitor")).content.decode()
    assert 'data-testid="monitor-activate"' in monitor
    support_monitor = world.client_for(world.support).get(reverse("office_monitor"))
    assert 'data-testid="monitor-activate"' not in support_monitor.content.decode()


def test_the_list_shows_dossiers_without_books_and_inactive_ones(world, new):
    from ledger.services.setup import books_activate

    books_activate(actor=world.admin, dossier=world.other_dossier)
    found = {c.dossier_id: c for c in activation_candidates(world.office)}
    assert set(found) == {world.dossier.pk, new.pk}  # other_dossier: active, books open
    assert found[world.dossier.pk].is_active and found[world.dossier.pk].known_to
    assert not found[new.pk].is_active and found[new.pk].books == ""
    html = world.client_for(world.admin).get(reverse("office_activation")).content.decode()
    assert f'data-candidate="{new.pk}"' in html
    assert f'data-candidate="{world.other_dossier.pk}"' not in html


def test_start_opens_the_books_then_each_section_saves_and_audits(
    world, new, django_capture_on_commit_callbacks
):
    c = world.client_for(world.admin)
    r = c.post(reverse("office_activation"), {"dossier": new.pk, "connector": "builtin"})
    assert r.status_code == 302 and r["Location"] == _configure(new)
    assert Books.objects.get(dossier=new).connector == "builtin"
    assert Journal.objects.filter(dossier=new, code="VEN").exists()
    assert AuditEvent.objects.filter(action="office.activation_started", dossier_id=new.pk).exists()
    page = c.get(_configure(new))
    assert page.status_code == 200
    for section in ("modules", "validation", "manager", "vat", "users", "journals", "activate"):
        assert f'id="{section}"' in page.content.decode()

    r = c.post(_configure(new), {"section": "modules", "modules": ["documents", "archive"]})
    assert r.status_code == 302 and r["Location"].endswith("#modules")
    new.refresh_from_db()
    assert new.modules == ["documents", "archive"]
    assert not ChecklistTick.objects.filter(dossier=new).exists()  # a person confirms apart
    r = c.post(_configure(new), {"section": "tick", "step": "modules", "done": "1"})
    assert r["Location"].endswith("#modules")
    assert ChecklistTick.objects.filter(dossier=new, step="modules").exists()

    c.post(_configure(new), {"section": "validation", "validation_mode": "hybrid"})
    c.post(_configure(new), {"section": "manager", "manager": world.collaborator.pk})
    c.post(_configure(new), {"section": "vat", "vat_filing": "monthly", "vat_exempt": ""})
    new.refresh_from_db()
    assert new.validation_mode == ValidationMode.HYBRID and new.manager == world.collaborator
    assert DossierCalendar.objects.get(dossier=new).vat_filing == "monthly"
    r = c.post(_configure(new), {"section": "tick", "step": "vat_exempt", "done": "1"})
    assert r["Location"].endswith("#vat")
    assert ChecklistTick.objects.filter(dossier=new, step="vat_exempt").exists()

    r = c.post(
        _configure(new),
        {
            "section": "journals",
            "mode": "automatic",
            "mode_ACH": "verified",
            "mode_VEN": "",
            "visible_ACH": "on",
            "visible_VEN": "on",
        },
    )
    assert r.status_code == 302
    settings = DossierRecognitionSettings.objects.get(dossier=new)
    assert settings.mode == "automatic" and settings.journal_modes == {"ACH": "verified"}
    hidden = set(
        Journal.objects.filter(dossier=new, visible_to_client=False).values_list("code", flat=True)
    )
    assert "ACH" not in hidden and "VEN" not in hidden and "OD" in hidden

    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            _configure(new),
            {
                "section": "invite",
                "email": "owner@gamma.test",
                "profile": "administrator",
                "language": "fr",
            },
        )
    assert r.status_code == 302 and r["Location"].endswith("#users")
    assert Invitation.objects.filter(dossier=new, email="owner@gamma.test").exists()
    assert len(mail.outbox) == 1

    r = c.post(_configure(new), {"section": "activate"})
    assert r.status_code == 302
    new.refresh_from_db()
    assert new.is_active
    assert AuditEvent.objects.filter(action="office.dossier_activated", dossier_id=new.pk).exists()
    for action in ("dossier.updated", "messaging.calendar_changed", "recognition.settings_updated"):
        assert AuditEvent.objects.filter(action=action, dossier_id=new.pk).exists(), action
    assert AuditEvent.objects.filter(action="ledger.journal_updated", dossier_id=new.pk).exists()


def test_a_bad_section_changes_nothing(world, new):
    c = world.client_for(world.admin)
    c.post(reverse("office_activation"), {"dossier": new.pk, "connector": "builtin"})
    before = AuditEvent.objects.count()
    r = c.post(_configure(new), {"section": "journals", "mode": "quickly"})
    assert r.status_code == 400
    r = c.post(_configure(new), {"section": "manager", "manager": world.support.pk})
    assert r.status_code == 400
    assert c.post(_configure(new), {"section": "nope"}).status_code == 404
    r = c.post(_configure(new), {"section": "tick", "step": "users", "done": "1"})
    assert r.status_code == 404  # read from the data, not ticked
    assert AuditEvent.objects.count() == before


def test_sections_saved_unchanged_change_nothing(world, new):
    """As the forms round trip (core/tests/test_forms_roundtrip.py): no row, no audit."""
    from ledger.services.setup import books_activate

    books_activate(actor=world.admin, dossier=new)
    c = world.client_for(world.admin)
    before = AuditEvent.objects.count()
    c.post(_configure(new), {"section": "modules", "modules": list(new.modules)})
    c.post(_configure(new), {"section": "vat", "vat_filing": "quarterly"})
    c.post(_configure(new), {"section": "validation", "validation_mode": new.validation_mode})
    visible = {
        f"visible_{code}": "on"
        for code in Journal.objects.filter(dossier=new, visible_to_client=True).values_list(
            "code", flat=True
        )
    }
    c.post(_configure(new), {"section": "journals", "mode": "automatic", **visible})
    assert AuditEvent.objects.count() == before
    assert not DossierCalendar.objects.filter(dossier=new).exists()
    assert not DossierRecognitionSettings.objects.filter(dossier=new).exists()
    assert not ChecklistTick.objects.filter(dossier=new).exists()


def test_collaborators_configure_but_do_not_activate(world, new):
    from ledger.services.setup import books_activate

    books_activate(actor=world.admin, dossier=new)
    new.collaborators.add(world.collaborator)
    c = world.client_for(world.collaborator)
    page = c.get(_configure(new)).content.decode()
    assert 'data-testid="activate"' not in page
    assert c.post(_configure(new), {"section": "activate"}).status_code == 403
    new.refresh_from_db()
    assert not new.is_active
    r = c.post(_configure(new), {"section": "validation", "validation_mode": "client"})
    assert r.status_code == 302
    for user in (world.outsider, world.stranger_office_admin, world.clients["administrator"]):
        r = world.client_for(user).post(_configure(new), {"section": "activate"})
        assert r.status_code in (403, 404)
    new.refresh_from_db()
    assert not new.is_active and new.validation_mode == "client"


def test_the_checklist_links_to_the_sections(world):
    steps = {s.key: s.url for s in checklist(world.dossier)}
    base = _configure(world.dossier)
    assert steps["vat_exempt"] == base + "#vat"
    assert steps["users"] == base + "#users"
    assert steps["validation_owner"] == base + "#validation"
    assert steps["modules"] == base + "#modules"
    assert steps["numbering"] == base + "#journals"
    assert steps["periods_closed"] == reverse("ledger_periods", args=[world.dossier.pk])


def test_an_invitation_on_its_way_counts_as_a_user(world, new):
    from office.activation import left_counts
    from tenancy.services import invitation_create

    assert {s.key: s.done for s in checklist(new)}["users"] is False
    invitation_create(
        actor=world.admin,
        office=world.office,
        dossier=new,
        email="x@gamma.test",
        profile="full_access",
    )
    step = next(s for s in checklist(new) if s.key == "users")
    assert step.done and "1" in step.hint
    assert left_counts([new.pk])[new.pk] == sum(not s.done for s in checklist(new))
