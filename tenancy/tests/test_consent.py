"""The client's consent (A6): "my accountant may open my unsent documents" belongs to the
client. Only the client's administrator changes it; the office reads it; each change is
audited as consent given or withdrawn, with who did it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext

from core.models import AuditEvent
from documents.tests.samples import _document
from tenancy.models import Dossier
from tenancy.services import dossier_update


def _consent(world) -> bool:
    return Dossier.objects.get(pk=world.dossier.pk).allow_accountant_unsent


def test_a_collaborator_cannot_give_itself_the_client_consent(world):
    doc = _document(world.dossier)  # in the inbox, never sent
    collab = world.client_for(world.collaborator)
    url = f"/d/{world.dossier.pk}/settings/"
    r = collab.post(url, {"action": "client", "allow_accountant_unsent": "on"})
    assert r.status_code == 403
    assert not _consent(world)
    assert collab.get(f"/documents/{doc.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        dossier_update(actor=world.admin, dossier=world.dossier, allow_accountant_unsent=True)
    assert not _consent(world)


def test_the_office_sees_the_consent_read_only(world):
    html = world.client_for(world.collaborator).get(f"/d/{world.dossier.pk}/settings/")
    html = html.content.decode()
    assert 'data-testid="client-settings"' not in html
    assert 'name="allow_accountant_unsent"' not in html
    assert 'data-testid="client-consent"' in html
    with translation.override(world.collaborator.language or settings.LANGUAGE_CODE):
        expected = gettext(
            "The client has not allowed the office to open the documents it has not sent yet."
        )
    assert expected in html


def test_the_client_administrator_gives_and_withdraws_consent_and_it_is_audited(world):
    doc = _document(world.dossier)
    admin = world.client_for(world.clients["administrator"])
    url = f"/d/{world.dossier.pk}/settings/"
    admin.post(url, {"action": "client", "allow_accountant_unsent": "on"})
    assert _consent(world)
    assert world.client_for(world.collaborator).get(f"/documents/{doc.pk}/").status_code == 200
    admin.post(url, {"action": "client"})
    assert not _consent(world)
    assert world.client_for(world.collaborator).get(f"/documents/{doc.pk}/").status_code == 404
    events = list(
        AuditEvent.objects.filter(
            dossier_id=world.dossier.pk, action__startswith="dossier.consent_"
        ).order_by("pk")
    )
    assert [(e.action, e.actor_id) for e in events] == [
        ("dossier.consent_given", world.clients["administrator"].pk),
        ("dossier.consent_withdrawn", world.clients["administrator"].pk),
    ]


def test_other_client_profiles_cannot_change_the_consent(world):
    url = f"/d/{world.dossier.pk}/settings/"
    for profile in ("full_access", "doc_processing", "full_feedback", "doc_delivery"):
        r = world.client_for(world.clients[profile]).post(
            url, {"action": "client", "allow_accountant_unsent": "on"}
        )
        assert r.status_code == 403, profile
    assert not _consent(world)
