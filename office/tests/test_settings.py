"""I2: the office settings. Each tab saves (audited), refuses bad input with a message, and
is closed to everyone but the office's admins."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from archive.models import PermanentCategory, Publication, PublicationKind
from core.audit import AuditEvent
from core.storage import blob_put
from ledger.models import Account, FiscalYear, Journal, Period, PeriodBalance, VatCode
from ledger.services.setup import books_activate
from office import office_settings as svc
from office.models import OfficeSettings
from tenancy.models import (
    ClientGroup,
    ClientProfile,
    Dossier,
    Invitation,
    OfficeMember,
)
from tenancy.policy import Cap, can, forget

pytestmark = pytest.mark.django_db

PAGES = [
    "office_settings",
    "office_settings_branding",
    "office_settings_collaborators",
    "office_settings_journals",
    "office_settings_vat",
    "office_settings_help",
    "archive_settings_categories",
]


def _audited(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("pk")


@pytest.mark.parametrize("name", PAGES)
def test_every_tab_opens_for_an_admin_and_lists_all_tabs(world, name):
    r = world.client_for(world.admin).get(reverse(name))
    assert r.status_code == 200
    page = r.content.decode()
    for key in ("general", "collaborators", "categories", "journals", "vat", "rubrics"):
        assert f'data-tab="{key}"' in page
    assert reverse("messaging_templates") in page and reverse("office_groups") in page


@pytest.mark.parametrize("name", PAGES)
def test_non_admins_are_refused(world, name):
    for user in (
        world.collaborator,
        world.support,
        world.clients[ClientProfile.ADMINISTRATOR],
        world.outsider,
    ):
        r = world.client_for(user).post(reverse(name), {"action": "save", "name": "X"})
        assert r.status_code in (403, 404), (name, user)
    assert not OfficeSettings.objects.exists()
    assert not PermanentCategory.objects.filter(name="X").exists()


def test_settings_menu_entry_for_admins_only(world):
    url = reverse("office_settings")
    assert (
        f'href="{url}"'
        in world.client_for(world.admin).get(reverse("office_monitor")).content.decode()
    )
    page = world.client_for(world.collaborator).get(reverse("office_monitor")).content.decode()
    assert f'href="{url}"' not in page


# --- General


def test_general_saves_and_is_audited(world):
    c = world.client_for(world.admin)
    r = c.post(
        reverse("office_settings"),
        {
            "portal_name": "Mon Portail",
            "key_figures_closed_only": "on",
            "activation_by": "staff",
        },
    )
    assert r.status_code == 302
    office = world.dossier.office
    office.refresh_from_db()
    assert office.portal_name == "Mon Portail"
    assert office.key_figures_closed_only is True
    assert office.payments_enabled is False  # unchecked
    assert OfficeSettings.objects.get(office=office).activation_by == "staff"
    event = _audited("office.settings_updated")
    assert event.data["portal_name"] == {"from": "Test Portal", "to": "Mon Portail"}
    assert _audited("office.activation_rule_updated").data["activation_by"]["to"] == "staff"


def test_general_refuses_an_unknown_activation_rule(world):
    r = world.client_for(world.admin).post(
        reverse("office_settings"), {"portal_name": "X", "activation_by": "everyone"}
    )
    assert r.status_code == 200 and "is-invalid" in r.content.decode()
    with pytest.raises(ValidationError):
        svc.general_save(
            actor=world.admin,
            office=world.dossier.office,
            portal_name="X" * 201,
            key_figures_closed_only=False,
            activation_by="admins",
            payments_enabled=True,
        )


def test_may_activate_follows_the_office_rule(world):
    assert svc.may_activate(world.admin)
    assert not svc.may_activate(world.collaborator)
    assert not svc.may_activate(world.support)
    assert not svc.may_activate(world.clients[ClientProfile.ADMINISTRATOR])
    svc.general_save(
        actor=world.admin,
        office=world.dossier.office,
        portal_name="",
        key_figures_closed_only=False,
        activation_by="staff",
        payments_enabled=True,
    )
    forget(world.collaborator)
    assert svc.may_activate(world.collaborator)
    assert not svc.may_activate(world.support)


def test_payment_module_switch_removes_the_payments_capability(world):
    client = world.clients[ClientProfile.ADMINISTRATOR]
    assert can(client, Cap.PAYMENTS, world.dossier)
    svc.general_save(
        actor=world.admin,
        office=world.dossier.office,
        portal_name="",
        key_figures_closed_only=False,
        activation_by="admins",
        payments_enabled=False,
    )
    forget(client)
    dossier = Dossier.objects.get(pk=world.dossier.pk)
    assert not can(client, Cap.PAYMENTS, dossier)
    assert can(client, Cap.FEEDBACK, dossier)  # nothing else goes


def test_key_figures_on_closed_periods_only(world):
    from feedback.selectors import dashboard

    d = world.dossier
    fy = FiscalYear.objects.create(
        dossier=d, name="2025", start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    p1 = Period.objects.create(
        dossier=d, fiscal_year=fy, number=1, start=date(2025, 1, 1), end=date(2025, 6, 30)
    )
    p2 = Period.objects.create(
        dossier=d, fiscal_year=fy, number=2, start=date(2025, 7, 1), end=date(2025, 12, 31)
    )
    sales = Account.objects.create(dossier=d, code="700000", name_fr="Ventes", kind="income")
    for period, amount in ((p1, "1000.00"), (p2, "500.00")):
        PeriodBalance.objects.create(
            dossier=d, account=sales, period=period, debit=Decimal("0"), credit=Decimal(amount)
        )
    d.updated_until = date(2025, 6, 30)
    d.save()
    assert dashboard(dossier=d, year=2025).figures["turnover"] == Decimal("1500.00")
    office = d.office
    office.key_figures_closed_only = True
    office.save()
    d = Dossier.objects.get(pk=d.pk)
    board = dashboard(dossier=d, year=2025)
    assert board.closed_only and board.figures["turnover"] == Decimal("1000.00")


# --- Collaborators


def test_collaborator_profile_assignment_and_deactivation(world):
    c = world.client_for(world.admin)
    member = OfficeMember.objects.get(user=world.collaborator)
    group = ClientGroup.objects.create(office=world.dossier.office, name="Nord")
    r = c.post(
        reverse("office_settings_collaborator", args=[member.pk]),
        {
            "role": "support",
            "dossiers": [world.other_dossier.pk],
            "client_groups": [group.pk],
        },
    )
    assert r.status_code == 302
    member.refresh_from_db()
    assert member.role == "support" and member.is_active is False
    assert list(world.collaborator.support_dossiers.all()) == [world.other_dossier]
    assert list(world.collaborator.client_groups.all()) == [group]
    assert _audited("office.collaborator_updated").data["to"] == {
        "role": "support",
        "is_active": False,
    }
    assert _audited("office.collaborator_assigned").data["client_groups"] == ["Nord"]


def test_never_the_last_admin_never_oneself(world):
    admin = OfficeMember.objects.get(user=world.admin)
    with pytest.raises(ValidationError):
        svc.collaborator_update(
            actor=world.admin, member=admin, role="collaborator", is_active=True
        )
    with pytest.raises(ValidationError):
        svc.collaborator_remove(actor=world.admin, member=admin)
    # A second admin may not take the last other admin away either.
    other = OfficeMember.objects.get(user=world.collaborator)
    svc.collaborator_update(actor=world.admin, member=other, role="admin", is_active=True)
    forget(world.collaborator)
    svc.collaborator_update(actor=world.collaborator, member=admin, role="support", is_active=True)
    admin.refresh_from_db()
    assert admin.role == "support"
    forget(world.admin)
    with pytest.raises(ValidationError):
        svc.collaborator_remove(actor=world.collaborator, member=other)  # himself
    r = world.client_for(world.collaborator).post(
        reverse("office_settings_collaborator_remove", args=[other.pk])
    )
    assert r.status_code == 302 and OfficeMember.objects.filter(pk=other.pk).exists()


def test_remove_takes_the_person_out_of_the_office(world):
    member = OfficeMember.objects.get(user=world.collaborator)
    assert world.dossier.collaborators.filter(pk=world.collaborator.pk).exists()
    r = world.client_for(world.admin).post(
        reverse("office_settings_collaborator_remove", args=[member.pk])
    )
    assert r.status_code == 302
    assert not OfficeMember.objects.filter(pk=member.pk).exists()
    world.collaborator.refresh_from_db()
    assert world.collaborator.is_active is False
    assert not world.dossier.collaborators.filter(pk=world.collaborator.pk).exists()
    assert _audited("office.collaborator_removed").data["email"] == world.collaborator.email


def test_stranger_admin_cannot_touch_our_collaborators(world):
    member = OfficeMember.objects.get(user=world.collaborator)
    c = world.client_for(world.stranger_office_admin)
    r = c.post(reverse("office_settings_collaborator_remove", args=[member.pk]))
    assert r.status_code == 404
    assert OfficeMember.objects.filter(pk=member.pk).exists()


def test_invitations_listed_resent_and_withdrawn(world, django_capture_on_commit_callbacks):
    c = world.client_for(world.admin)
    r = c.post(
        reverse("office_settings_collaborators"),
        {"email": "new@office.test", "office_role": "collaborator", "language": "nl"},
    )
    assert r.status_code == 302
    inv = Invitation.objects.get(email="new@office.test")
    assert (
        f'data-invitation="{inv.pk}"'
        in c.get(reverse("office_settings_collaborators")).content.decode()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("office_settings_invitation_resend", args=[inv.pk]))
    assert r.status_code == 302
    inv.refresh_from_db()
    assert inv.revoked_at is not None
    new = Invitation.objects.get(email="new@office.test", revoked_at__isnull=True)
    assert new.language == "nl" and new.office_role == "collaborator"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@office.test"]
    r = c.post(reverse("office_settings_invitation_withdraw", args=[new.pk]))
    new.refresh_from_db()
    assert new.revoked_at is not None
    # A withdrawn invitation is no longer pending: 404.
    r = c.post(reverse("office_settings_invitation_resend", args=[new.pk]))
    assert r.status_code == 404


# --- Journals, VAT codes


def test_default_journals_are_used_for_new_books(world):
    c = world.client_for(world.admin)
    rows = svc.journals_for(world.dossier.office)
    data = {"j-count": str(len(rows) + 1)}
    for i, row in enumerate(rows):
        data |= {
            f"j-{i}-code": row["code"],
            f"j-{i}-kind": row["kind"],
            f"j-{i}-alias": row["alias"],
            f"j-{i}-description": row["description"],
            f"j-{i}-credit_note_only": "1" if row["credit_note_only"] else "",
            f"j-{i}-active": "" if row["code"] == "CAI" else "1",  # no cash journal
        }
    n = len(rows)
    data |= {f"j-{n}-code": "ach2", f"j-{n}-kind": "purchases", f"j-{n}-active": "1"}
    assert c.post(reverse("office_settings_journals"), data).status_code == 302
    assert _audited("office.journals_updated")
    dossier = Dossier.objects.create(office=world.dossier.office, name="Nouveau")
    books_activate(actor=world.admin, dossier=dossier)
    codes = set(Journal.objects.filter(dossier=dossier).values_list("code", flat=True))
    assert "ACH2" in codes and "CAI" not in codes and "VEN" in codes


def test_journals_refuse_bad_input(world):
    office = world.dossier.office
    # Saved as shown, the Belgian defaults stay implicit (a later change of them applies).
    row = svc.journals_save(actor=world.admin, office=office, rows=svc.default_journals())
    assert row.journals == []
    OfficeSettings.objects.all().delete()
    for rows in (
        [{"code": "TOO-LONG!", "kind": "sales", "active": "1"}],
        [{"code": "A", "kind": "sales", "active": "1"}, {"code": "A", "kind": "sales"}],
        [{"code": "VEN", "kind": "sales", "active": "1"}],  # no purchases journal left
        [{"code": "X", "kind": "nonsense", "active": "1"}],
    ):
        with pytest.raises(ValidationError):
            svc.journals_save(actor=world.admin, office=office, rows=rows)
    r = world.client_for(world.admin).post(
        reverse("office_settings_journals"),
        {"j-count": "1", "j-0-code": "VEN", "j-0-kind": "sales", "j-0-active": "1"},
    )
    assert r.status_code == 200 and "alert-danger" in r.content.decode()
    assert not OfficeSettings.objects.exists()


def test_vat_overrides_apply_to_new_books_but_not_the_rates(world):
    c = world.client_for(world.admin)
    table = svc.vat_table(world.dossier.office)
    code = table[0]["code"]
    r = c.post(
        reverse("office_settings_vat"),
        {f"v-{code}-alias": "A21", f"v-{code}-kind": "services", f"v-{code}-region": "BE"},
    )
    assert r.status_code == 302
    saved = OfficeSettings.objects.get(office=world.dossier.office).vat_overrides
    assert saved[code]["alias"] == "A21" and list(saved) == [code]
    dossier = Dossier.objects.create(office=world.dossier.office, name="Nouveau")
    books_activate(actor=world.admin, dossier=dossier)
    vat = VatCode.objects.get(dossier=dossier, code=code)
    assert vat.alias == "A21" and vat.kind == "services"
    assert vat.rate == table[0]["rate"]
    r = c.post(reverse("office_settings_vat"), {f"v-{code}-region": "MARS"})
    assert r.status_code == 200 and "alert-danger" in r.content.decode()


# --- Help videos, client links, categories


def test_help_videos_and_client_links(world):
    c = world.client_for(world.admin)
    r = c.post(
        reverse("office_settings_help"),
        {
            "action": "videos",
            "v-count": "1",
            "v-0-module": "documents",
            "v-0-title": "Envoyer une facture",
            "v-0-url": "https://video.example/1",
        },
    )
    assert r.status_code == 302
    client = world.clients[ClientProfile.ADMINISTRATOR]
    page = world.client_for(client).get(reverse("office_help_module", args=["documents"]))
    assert "https://video.example/1" in page.content.decode()
    r = c.post(
        reverse("office_settings_help"),
        {
            "action": "links",
            "l-count": "1",
            "l-0-kind": "app",
            "l-0-title": "Notre app",
            "l-0-url": "https://app.example/",
        },
    )
    assert r.status_code == 302
    page = world.client_for(client).get(reverse("archive_links", args=[world.dossier.pk]))
    assert "https://app.example/" in page.content.decode()
    assert _audited("office.client_links_updated")
    r = c.post(
        reverse("office_settings_help"),
        {
            "action": "links",
            "l-count": "1",
            "l-0-title": "Bad",
            "l-0-url": "javascript:alert(1)",
        },
    )
    assert r.status_code == 200 and "alert-danger" in r.content.decode()
    assert OfficeSettings.objects.get().client_links[0]["url"] == "https://app.example/"


def test_permanent_categories_crud(world):
    c = world.client_for(world.admin)
    url = reverse("archive_settings_categories")
    assert c.post(url, {"action": "save", "name": "Statuts"}).status_code == 302
    assert c.post(url, {"action": "save", "name": "Baux"}).status_code == 302
    statuts = PermanentCategory.objects.get(name="Statuts")
    c.post(url, {"action": "save", "name": "statuts"})  # duplicate, refused
    assert PermanentCategory.objects.count() == 2
    c.post(url, {"action": "save", "category": statuts.pk, "name": "Statuts et actes"})
    statuts.refresh_from_db()
    assert statuts.name == "Statuts et actes"
    c.post(url, {"action": "down", "category": statuts.pk})
    assert list(PermanentCategory.objects.values_list("name", flat=True)) == [
        "Baux",
        "Statuts et actes",
    ]
    Publication.objects.create(
        dossier=world.dossier,
        kind=PublicationKind.PERMANENT,
        category=statuts,
        title="Statuts",
        file_name="s.pdf",
        blob=blob_put(b"%PDF-1.4 x"),
    )
    r = c.post(url, {"action": "delete", "category": statuts.pk}, follow=True)
    assert PermanentCategory.objects.filter(pk=statuts.pk).exists()
    assert "rename it instead" in r.content.decode() or "alert" in r.content.decode()
    baux = PermanentCategory.objects.get(name="Baux")
    c.post(url, {"action": "delete", "category": baux.pk})
    assert not PermanentCategory.objects.filter(pk=baux.pk).exists()
    assert _audited("archive.category_deleted").data["name"] == "Baux"
    # Another office's admin cannot see ours.
    r = world.client_for(world.stranger_office_admin).post(
        url, {"action": "delete", "category": statuts.pk}
    )
    assert r.status_code == 404
