"""C1 verified mode, as people live it: the client sees nothing done until a collaborator
checked the document in the worklist, then sees it."""

from __future__ import annotations

import pytest
from django.utils import translation

from booking import services as booking
from booking.models import Proposal
from booking.tests import factories
from core.models import AuditEvent
from recognition.models import Extraction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(world):
    from tenancy.models import User

    User.objects.all().update(language="en")
    with translation.override("en"):
        yield


@pytest.fixture
def hybrid(world):
    """A dossier where the client validates proposals too (C8), with books."""
    factories.books(world.dossier)
    factories.supplier(world.dossier)
    world.dossier.validation_mode = "hybrid"
    world.dossier.save()
    return world.dossier


def _proposal(dossier, mode: str, number: str) -> Proposal:
    doc = factories.sent_document(
        dossier,
        name=f"scan-{mode}-{number[-1]}.pdf",
        mode=mode,
        invoice_number=number,
        fields={"invoice_number": {"value": number, "confidence": 0.9, "source": "text"}},
    )
    return booking.proposal_create_for_document(document_id=doc.pk)


def test_the_client_sees_a_verified_mode_result_only_after_the_collaborators_check(hybrid, world):
    held = _proposal(hybrid, "verified", "VER-1")
    free = _proposal(hybrid, "automatic", "AUTO-1")
    client = world.client_for(world.clients["administrator"])

    # Before the check: not in the client's worklist, not openable, "being verified".
    page = client.get(f"/d/{hybrid.pk}/proposals/").content.decode()
    assert f'data-proposal="{free.pk}"' in page
    assert f'data-proposal="{held.pk}"' not in page
    assert client.get(f"/proposals/{held.pk}/").status_code == 404
    doc_page = client.get(f"/documents/{held.document_id}/").content.decode()
    assert "Being verified by your accountant." in doc_page
    fields = client.get(f"/documents/{held.document_id}/extraction/").content.decode()
    assert 'data-testid="being-verified"' in fields and "VER-1" not in fields
    # The automatic one shows its fields at once.
    assert "AUTO-1" in client.get(f"/documents/{free.document_id}/extraction/").content.decode()

    # The office sees it, filtered as "to verify".
    office = world.client_for(world.collaborator)
    to_verify = office.get(f"/d/{hybrid.pk}/worklist/?verify=1").content.decode()
    assert f'data-proposal="{held.pk}"' in to_verify
    assert f'data-proposal="{free.pk}"' not in to_verify
    assert "To verify (1)" in to_verify
    assert (
        "check this document in the worklist"
        in office.get(f"/documents/{held.document_id}/").content.decode()
    )

    # The collaborator checks it in the worklist.
    office.post(f"/d/{hybrid.pk}/worklist/bulk/", {"ids": [held.pk], "action": "check"})
    extraction = Extraction.objects.get(document_id=held.document_id)
    assert extraction.verified_by == world.collaborator and extraction.verified_at is not None
    assert AuditEvent.objects.filter(action="recognition.verified", actor=world.collaborator)

    # After the check: the client sees it, opens it, sees the fields; the notice is gone.
    page = client.get(f"/d/{hybrid.pk}/proposals/").content.decode()
    assert f'data-proposal="{held.pk}"' in page
    assert client.get(f"/proposals/{held.pk}/").status_code == 200
    assert "Being verified" not in client.get(f"/documents/{held.document_id}/").content.decode()
    assert "VER-1" in client.get(f"/documents/{held.document_id}/extraction/").content.decode()
    assert (
        'data-proposal="'
        not in office.get(f"/d/{hybrid.pk}/worklist/?verify=1")
        .content.decode()
        .split('data-testid="worklist"')[1]
    )


def test_a_client_cannot_act_on_a_held_proposal_through_the_services(hybrid, world):
    held = _proposal(hybrid, "verified", "VER-2")
    client_user = world.clients["administrator"]
    with pytest.raises(Exception) as refused:
        booking.proposal_update(
            actor=client_user, proposal_id=held.pk, version=held.version, changes={}, check=True
        )
    assert type(refused.value).__name__ == "PermissionDenied"
    # A client's bulk request names the id; it is ignored.
    world.client_for(client_user).post(
        f"/d/{hybrid.pk}/proposals/bulk/", {"ids": [held.pk], "action": "check"}
    )
    held.refresh_from_db()
    assert held.checked_at is None
    assert Extraction.objects.get(document_id=held.document_id).verified_at is None


def test_sending_by_the_office_also_releases_the_result(world):
    factories.books(world.dossier)
    factories.supplier(world.dossier)
    held = _proposal(world.dossier, "verified", "VER-3")
    booking.proposal_send(actor=world.collaborator, proposal_id=held.pk)
    extraction = Extraction.objects.get(document_id=held.document_id)
    assert extraction.verified_by == world.collaborator
    # In collaborator mode the client's read-only list shows it now (sent, archived).
    page = world.client_for(world.clients["administrator"]).get(f"/d/{world.dossier.pk}/proposals/")
    assert "scan-verified-3.pdf" in page.content.decode()


def test_an_unsent_verified_mode_document_tells_the_client_it_is_checked_once_sent(world):
    from documents.models import DocState, Document

    doc = factories.sent_document(
        world.dossier,
        mode="verified",
        fields={"invoice_number": {"value": "VER-4", "confidence": 0.9, "source": "text"}},
    )
    Document.objects.filter(pk=doc.pk).update(state=DocState.INBOX)
    client = world.client_for(world.clients["administrator"])
    assert "once you send this document" in client.get(f"/documents/{doc.pk}/").content.decode()
    fields = client.get(f"/documents/{doc.pk}/extraction/").content.decode()
    assert "once you send this document" in fields and "VER-4" not in fields


def test_the_clients_next_and_previous_skip_a_held_proposal(hybrid, world):
    from booking.selectors import WorklistFilter, neighbours

    older = _proposal(hybrid, "automatic", "AUTO-5")
    held = _proposal(hybrid, "verified", "VER-6")
    newest = _proposal(hybrid, "automatic", "AUTO-7")
    f = WorklistFilter()
    assert neighbours(proposal=newest, f=f) == (None, held.pk, newest.pk)  # the office
    assert neighbours(proposal=newest, f=f, client=True) == (None, older.pk, newest.pk)


def test_a_misc_document_is_never_held(world):
    doc = factories.sent_document(
        world.dossier,
        mailbox="misc",
        mode="verified",
        fields={"invoice_number": {"value": "MISC-8", "confidence": 0.9, "source": "text"}},
    )
    client = world.client_for(world.clients["administrator"])
    assert "Being verified" not in client.get(f"/documents/{doc.pk}/").content.decode()
    assert "MISC-8" in client.get(f"/documents/{doc.pk}/extraction/").content.decode()


def test_the_document_lists_mark_a_result_waiting_for_the_check(hybrid, world):
    held = _proposal(hybrid, "verified", "VER-9")
    free = _proposal(hybrid, "automatic", "AUTO-9")
    client = world.client_for(world.clients["administrator"])

    def badge(user_client, proposal) -> str:
        page = user_client.get(f"/d/{hybrid.pk}/documents/?tab=sent").content.decode()
        row = page.split(f'data-document="{proposal.document_id}"', 1)[1].split("</tr>", 1)[0]
        found = row.split('data-testid="document-badge">', 1)
        return found[1].split("<", 1)[0] if len(found) == 2 else ""

    assert badge(client, held) == "Being verified"
    assert badge(client, free) == ""
    office = world.client_for(world.collaborator)  # it checks in the worklist
    office.post(f"/d/{hybrid.pk}/worklist/bulk/", {"ids": [held.pk], "action": "check"})
    assert badge(client, held) == ""
