"""The profiles x capabilities table of DESIGN.md, written out explicitly."""

from __future__ import annotations

import pytest

from tenancy.models import ClientProfile as P
from tenancy.policy import Cap, caps_for, dossiers_visible_to, sees_own_uploads_only

# capability -> profiles that have it (DESIGN.md "Who sees what", client side)
EXPECTED = {
    Cap.UPLOAD: {
        P.ADMINISTRATOR,
        P.FULL_ACCESS,
        P.DOC_PROCESSING,
        P.DOC_PROCESSING_ARCHIVE,
        P.DOC_DELIVERY,
    },
    Cap.MAILBOX: {
        P.ADMINISTRATOR,
        P.FULL_ACCESS,
        P.DOC_PROCESSING,
        P.DOC_PROCESSING_ARCHIVE,
        P.DOC_DELIVERY,
    },
    Cap.DOCUMENT_EDIT: {P.ADMINISTRATOR, P.FULL_ACCESS, P.DOC_PROCESSING, P.DOC_PROCESSING_ARCHIVE},
    Cap.ARCHIVE: {P.ADMINISTRATOR, P.FULL_ACCESS, P.DOC_PROCESSING_ARCHIVE, P.FULL_FEEDBACK},
    Cap.FEEDBACK: {P.ADMINISTRATOR, P.FULL_ACCESS, P.FULL_FEEDBACK},
    Cap.PAYMENTS: {P.ADMINISTRATOR, P.FULL_ACCESS, P.FULL_FEEDBACK},
    Cap.APPROVAL: {
        P.ADMINISTRATOR,
        P.FULL_ACCESS,
        P.DOC_PROCESSING,
        P.DOC_PROCESSING_ARCHIVE,
        P.FULL_FEEDBACK,
    },
    Cap.MESSAGES: {
        P.ADMINISTRATOR,
        P.FULL_ACCESS,
        P.DOC_PROCESSING,
        P.DOC_PROCESSING_ARCHIVE,
        P.FULL_FEEDBACK,
    },
    Cap.CLIENT_SETTINGS: {P.ADMINISTRATOR},
    Cap.MANAGE_USERS: {P.ADMINISTRATOR},
}


@pytest.mark.parametrize("cap", list(EXPECTED))
def test_it_gives_each_client_profile_exactly_its_capabilities(world, cap):
    have = {
        profile for profile, user in world.clients.items() if cap in caps_for(user, world.dossier)
    }
    assert have == {p.value for p in EXPECTED[cap]}


def test_it_hides_a_disabled_module_from_everyone(world):
    world.dossier.modules = [m for m in world.dossier.modules if m != "payments"]
    world.dossier.save()
    for user in [world.admin, world.collaborator, *world.clients.values()]:
        assert Cap.PAYMENTS not in caps_for(user, world.dossier)
    assert Cap.FEEDBACK in caps_for(world.clients[P.ADMINISTRATOR], world.dossier)


def test_it_scopes_collaborators_to_assigned_dossiers(world):
    assert list(dossiers_visible_to(world.collaborator)) == [world.dossier]
    assert list(dossiers_visible_to(world.unassigned_collaborator)) == []
    assert set(dossiers_visible_to(world.admin)) == {world.dossier, world.other_dossier}
    assert list(dossiers_visible_to(world.stranger_office_admin)) == []


def test_it_scopes_collaborators_through_client_groups(world):
    from tenancy.models import ClientGroup, CollaboratorGroup

    group = ClientGroup.objects.create(office=world.office, name="G")
    group.dossiers.add(world.other_dossier)
    team = CollaboratorGroup.objects.create(office=world.office, name="Team")
    team.members.add(world.unassigned_collaborator)
    group.collaborator_groups.add(team)
    assert list(dossiers_visible_to(world.unassigned_collaborator)) == [world.other_dossier]


def test_it_gives_support_only_the_worklist(world):
    assert caps_for(world.support, world.dossier) == {Cap.VIEW, Cap.WORKLIST}
    assert caps_for(world.support, world.other_dossier) == frozenset()


def test_it_lets_the_office_open_unsent_documents_only_when_the_client_allows(world):
    assert Cap.MAILBOX not in caps_for(world.collaborator, world.dossier)
    world.dossier.allow_accountant_unsent = True
    world.dossier.save()
    world.collaborator.__dict__.pop("_fidu_caps", None)
    assert Cap.MAILBOX in caps_for(world.collaborator, world.dossier)


def test_it_limits_delivery_users_to_their_own_uploads(world):
    assert sees_own_uploads_only(world.clients[P.DOC_DELIVERY], world.dossier)
    assert not sees_own_uploads_only(world.clients[P.FULL_ACCESS], world.dossier)


def test_it_keeps_outsiders_out(world):
    assert caps_for(world.outsider, world.dossier) == frozenset()
    assert caps_for(world.stranger_office_admin, world.dossier) == frozenset()


def test_inactive_users_have_nothing(world):
    user = world.clients[P.ADMINISTRATOR]
    user.is_active = False
    user.save()
    assert caps_for(user, world.dossier) == frozenset()
    assert list(dossiers_visible_to(user)) == []
