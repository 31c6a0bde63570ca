"""Pages as people use them: menus by profile, settings, invitations, branding, the API."""

from __future__ import annotations

import re

import pytest

from core import menus
from core.models import AuditEvent
from tenancy.models import ClientProfile, Dossier, DossierMembership, Office
from tenancy.policy import caps_for


def _menu_keys(html: str, testid: str) -> set[str]:
    block = re.search(rf'data-testid="{testid}">(.*?)</nav>', html, re.S)
    return set(re.findall(r'data-menu="([\w-]+)"', block.group(1))) if block else set()


@pytest.mark.parametrize("profile", [p.value for p in ClientProfile])
def test_it_shows_each_client_profile_exactly_its_menus(world, profile):
    user = world.clients[profile]
    html = world.client_for(user).get(f"/d/{world.dossier.pk}/").content.decode()
    caps = caps_for(user, world.dossier)
    expected = {
        i.key for i in menus.items("client") if i.capability is None or i.capability in caps
    }
    assert _menu_keys(html, "client-menu") == expected
    assert _menu_keys(html, "office-menu") == set()
    if profile == ClientProfile.ADMINISTRATOR:
        assert {"dossier_users", "dossier_settings_client"} <= expected
    else:
        assert "dossier_users" not in expected


def test_it_shows_the_office_menus_by_role(world):
    admin_html = world.client_for(world.admin).get("/office/").content.decode()
    collab_html = world.client_for(world.collaborator).get("/office/").content.decode()
    assert {"office_dossiers", "office_settings"} <= _menu_keys(admin_html, "office-menu")
    assert _menu_keys(collab_html, "office-menu") & {"office_settings"} == set()


def test_it_lists_only_visible_dossiers_on_the_office_side(world):
    html = world.client_for(world.collaborator).get("/office/").content.decode()
    assert "Alpha SRL" in html and "Beta BV" not in html
    html = (
        world.client_for(world.admin)
        .get("/office/?q=beta", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Beta BV" in html and "Alpha SRL" not in html and "<html" not in html


def test_it_sends_clients_with_one_dossier_straight_to_it(world):
    r = world.client_for(world.clients["full_access"]).get("/")
    assert r.status_code == 302 and r["Location"] == f"/d/{world.dossier.pk}/"


def test_a_client_administrator_invites_and_manages_users(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.client_for(world.clients["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            f"/d/{world.dossier.pk}/users/",
            {
                "email": "nieuw@client.test",
                "profile": "full_feedback",
                "language": "nl",
                "first_name": "",
                "last_name": "",
            },
        )
    assert r.status_code == 302
    assert mailoutbox and mailoutbox[0].to == ["nieuw@client.test"]
    member = DossierMembership.objects.get(
        user=world.clients["doc_processing"], dossier=world.dossier
    )
    c.post(f"/d/{world.dossier.pk}/users/{member.pk}/profile/", {"profile": "full_access"})
    member.refresh_from_db()
    assert member.profile == "full_access"
    c.post(f"/d/{world.dossier.pk}/users/{member.pk}/remove/")
    assert not DossierMembership.objects.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(
        action="membership.removed", dossier_id=world.dossier.pk
    ).exists()


def test_it_refuses_to_invite_someone_already_in_the_dossier(world):
    c = world.client_for(world.clients["administrator"])
    r = c.post(
        f"/d/{world.dossier.pk}/users/",
        {"email": "full_access@client.test", "profile": "full_feedback", "language": "fr"},
    )
    assert r.status_code == 200 and b"is-invalid" in r.content


def test_it_cannot_touch_members_of_another_dossier(world):
    foreign = DossierMembership.objects.get(user=world.outsider)
    r = world.client_for(world.clients["administrator"]).post(
        f"/d/{world.dossier.pk}/users/{foreign.pk}/remove/"
    )
    assert r.status_code == 404
    assert DossierMembership.objects.filter(pk=foreign.pk).exists()


def test_the_client_switches_accountant_access_and_the_office_configures(world):
    c = world.client_for(world.clients["administrator"])
    html = c.get(f"/d/{world.dossier.pk}/settings/").content.decode()
    assert 'data-testid="office-settings"' not in html
    c.post(
        f"/d/{world.dossier.pk}/settings/", {"action": "client", "allow_accountant_unsent": "on"}
    )
    assert Dossier.objects.get(pk=world.dossier.pk).allow_accountant_unsent
    # The client cannot post the office's form.
    r = c.post(f"/d/{world.dossier.pk}/settings/", {"action": "office", "name": "Hacked"})
    assert r.status_code == 403
    assert Dossier.objects.get(pk=world.dossier.pk).name == "Alpha SRL"
    collab = world.client_for(world.collaborator)
    r = collab.post(
        f"/d/{world.dossier.pk}/settings/",
        {
            "action": "office",
            "name": "Alpha SRL",
            "vat_number": "BE 0411.905.847",
            "enterprise_number": "",
            "language": "nl",
            "validation_mode": "hybrid",
            "modules": ["documents", "archive"],
        },
    )
    assert r.status_code == 302
    dossier = Dossier.objects.get(pk=world.dossier.pk)
    assert dossier.vat_number == "BE0411905847" and dossier.validation_mode == "hybrid"
    assert dossier.modules == ["documents", "archive"]


def test_it_rejects_an_invalid_vat_number_with_a_clear_message(world):
    r = world.client_for(world.admin).post(
        f"/d/{world.dossier.pk}/settings/",
        {
            "action": "office",
            "name": "Alpha SRL",
            "vat_number": "BE0123456789",
            "language": "fr",
            "validation_mode": "collaborator",
        },
    )
    assert r.status_code == 200 and b"is-invalid" in r.content
    assert Dossier.objects.get(pk=world.dossier.pk).vat_number == "BE0411905847"


def test_a_client_admin_requests_access_and_the_office_grants_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.client_for(world.clients["administrator"])
    c.post(
        f"/d/{world.dossier.pk}/settings/",
        {"action": "access_request", "email": "boekhouder@client.test", "profile": "full_feedback"},
    )
    html = world.client_for(world.collaborator).get("/office/").content.decode()
    assert "boekhouder@client.test" in html
    req = world.dossier.access_requests.get()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(world.collaborator).post(
            f"/office/access-requests/{req.pk}/", {"grant": "1"}
        )
    req.refresh_from_db()
    assert req.status == "granted"
    assert mailoutbox[-1].to == ["boekhouder@client.test"]


def test_the_office_admin_brands_the_portal(world):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (40, 20), "red").save(buf, "PNG")
    logo = SimpleUploadedFile("logo.png", buf.getvalue(), content_type="image/png")
    r = world.client_for(world.admin).post(
        "/office/branding/",
        {
            "portal_name": "Mon Portail",
            "banner_layout": "vertical",
            "color_background": "#ffffff",
            "color_app": "#112233",
            "color_button": "#445566",
            "logo": logo,
        },
    )
    assert r.status_code == 302
    office = Office.objects.get(pk=world.office.pk)
    assert office.portal_name == "Mon Portail" and office.logo_id
    css = world.client_for(None).get(f"/branding/{office.pk}.css").content.decode()
    assert "--fidu-app:#112233" in css
    assert world.client_for(None).get(f"/branding/{office.pk}/logo")["Content-Type"] == "image/png"
    login_page = world.client_for(None).get("/accounts/login/").content.decode()
    assert "Mon Portail" in login_page and f"/branding/{office.pk}.css" in login_page
    assert world.client_for(world.collaborator).get("/office/branding/").status_code == 403
    # Client users of the office's dossiers see the same branding and layout.
    client_page = (
        world.client_for(world.clients["full_access"])
        .get(f"/d/{world.dossier.pk}/")
        .content.decode()
    )
    assert "layout-vertical" in client_page and "Mon Portail" in client_page


def test_it_refuses_a_colour_that_could_inject_css(world):
    r = world.client_for(world.admin).post(
        "/office/branding/",
        {
            "portal_name": "X",
            "banner_layout": "classic",
            "color_background": "red;}body{x",
            "color_app": "#112233",
            "color_button": "#445566",
        },
    )
    assert r.status_code == 200 and b"is-invalid" in r.content


def test_pages_carry_security_headers(world):
    r = world.client_for(world.admin).get("/office/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_the_api_lists_only_visible_dossiers(world):
    from tenancy.services import api_token_create

    _t, secret = api_token_create(actor=world.outsider, name="t")
    c = world.client_for(None)
    data = c.get("/api/dossiers", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert [d["name"] for d in data["items"]] == ["Beta BV"]
    assert (
        c.get(
            f"/api/dossiers/{world.dossier.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
        ).status_code
        == 404
    )
    members = c.get(
        f"/api/dossiers/{world.other_dossier.pk}/members", HTTP_AUTHORIZATION=f"Bearer {secret}"
    ).json()
    assert [m["email"] for m in members] == ["outsider@client.test"]
    me = c.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert me["email"] == "outsider@client.test" and me["office_role"] is None


def test_the_api_documents_itself(world):
    schema = world.client_for(world.admin).get("/api/openapi.json").json()
    assert "/api/dossiers/{dossier_id}" in schema["paths"]
    assert world.client_for(world.admin).get("/api/docs").status_code == 200


def test_tampered_ids_give_404_not_500(world):
    c = world.client_for(world.admin)
    assert c.get("/d/99999999/").status_code == 404
    assert c.get("/api/dossiers/abc").status_code in (404, 422)


def test_the_office_admin_creates_a_dossier_and_assigns_people(world):
    c = world.client_for(world.admin)
    r = c.post(
        "/office/dossiers/new/",
        {"name": "Gamma SA", "vat_number": "BE0403.170.701", "language": "de"},
    )
    dossier = Dossier.objects.get(name="Gamma SA")
    assert r["Location"] == f"/d/{dossier.pk}/settings/"
    assert dossier.vat_number == "BE0403170701" and dossier.enterprise_number == "0403170701"
    assert world.client_for(world.collaborator).get(f"/d/{dossier.pk}/").status_code == 404
    c.post(
        f"/d/{dossier.pk}/settings/",
        {
            "action": "assignment",
            "manager": world.collaborator.pk,
            "collaborators": [world.unassigned_collaborator.pk],
            "support_users": [world.support.pk],
        },
    )
    assert (
        world.client_for(world.unassigned_collaborator).get(f"/d/{dossier.pk}/").status_code == 200
    )
    assert world.client_for(world.collaborator).get(f"/d/{dossier.pk}/").status_code == 200
    assert world.client_for(world.support).get(f"/d/{dossier.pk}/settings/").status_code == 403
    assert AuditEvent.objects.filter(action="dossier.assigned", dossier_id=dossier.pk).exists()


def test_a_collaborator_cannot_create_dossiers_or_assign_strangers(world):
    assert (
        world.client_for(world.collaborator)
        .post("/office/dossiers/new/", {"name": "X", "language": "fr"})
        .status_code
        == 403
    )
    assert not Dossier.objects.filter(name="X").exists()
    r = world.client_for(world.admin).post(
        f"/d/{world.dossier.pk}/settings/",
        {"action": "assignment", "collaborators": [world.stranger_office_admin.pk]},
    )
    assert r.status_code == 200 and b"invalid-feedback" in r.content
    assert not world.dossier.collaborators.filter(pk=world.stranger_office_admin.pk).exists()


def test_client_groups_give_their_collaborators_the_dossiers(world):
    c = world.client_for(world.admin)
    c.post(
        "/office/groups/",
        {"action": "collab", "name": "Team Gent", "members": [world.unassigned_collaborator.pk]},
    )
    team = world.office.collaborator_groups.get(name="Team Gent")
    c.post(
        "/office/groups/",
        {
            "action": "client",
            "name": "Brouwers",
            "dossiers": [world.other_dossier.pk],
            "collaborator_groups": [team.pk],
        },
    )
    assert "Brouwers" in c.get("/office/groups/").content.decode()
    assert (
        world.client_for(world.unassigned_collaborator)
        .get(f"/d/{world.other_dossier.pk}/")
        .status_code
        == 200
    )
    assert (
        world.client_for(world.unassigned_collaborator).get(f"/d/{world.dossier.pk}/").status_code
        == 404
    )


def test_a_user_chooses_notifications(world):
    user = world.clients["full_access"]
    c = world.client_for(user)
    c.post(
        "/accounts/profile/",
        {
            "first_name": "Eva",
            "last_name": "Peeters",
            "language": "nl",
            "notify_message": "on",
            "notify_task": "on",
        },
    )
    user.refresh_from_db()
    assert user.first_name == "Eva" and user.language == "nl"
    assert user.notification_prefs == {
        "shared_document": False,
        "message": True,
        "task": True,
        "dossier_updated": False,
        "approval": False,
    }


def test_the_dossier_api_tells_where_to_send_documents(world):
    data = (
        world.client_for(world.clients["administrator"])
        .get(f"/api/dossiers/{world.dossier.pk}")
        .json()
    )
    assert world.dossier.intake_key in data["intake"]["email"]["purchases"]
    assert set(data["intake"]["folders"]) >= {"purchases", "sales", "misc"}
