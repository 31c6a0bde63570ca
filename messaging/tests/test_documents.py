"""H2: a conversation about a document, from the annotation screen and the document page;
its icon in the document lists; the old booking questions carried over by the migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from booking import services as booking_services
from booking.models import Proposal, Question, Status
from booking.tests import factories
from core import extensions
from documents.models import DocState
from messaging.models import Conversation, Message, ReadState
from tenancy.models import ClientProfile, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(world, settings):
    settings.FIDU_RECOGNITION_ON_INTAKE = False
    User.objects.all().update(language="en")
    factories.books(world.dossier)
    return world.dossier


def _proposal(dossier, name="proximus.pdf") -> Proposal:
    doc = factories.sent_document(dossier, name=name)
    proposal = booking_services.proposal_create_for_document(document_id=doc.pk)
    assert proposal is not None
    return proposal


def test_question_from_the_annotation_screen(books, world, django_capture_on_commit_callbacks):
    p = _proposal(books)
    office = world.client_for(world.collaborator)
    screen = office.get(f"/proposals/{p.pk}/").content.decode()
    assert 'data-testid="document-conversations"' in screen
    assert f"/documents/{p.document_id}/conversation/" in screen
    with django_capture_on_commit_callbacks(execute=True):
        r = office.post(
            f"/documents/{p.document_id}/conversation/",
            {
                "subject": "proximus.pdf",
                "body": "Which car is this for? <script>alert(1)</script>",
                "back": f"/proposals/{p.pk}/",
            },
        )
    assert r.status_code == 302 and r["Location"] == f"/proposals/{p.pk}/"
    conv = Conversation.objects.get()
    assert conv.document_id == p.document_id and conv.recipient is None
    # Booking heard it: the proposal needs the client's help, as the old question did.
    assert Proposal.objects.get(pk=p.pk).status == Status.HELP
    screen = office.get(f"/proposals/{p.pk}/").content.decode()
    assert f"/messages/{conv.pk}/" in screen

    # The client: the panel on its booking page and on the document page, the icon in the
    # list (sent tab), the message escaped, and the answer in the conversation.
    client = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    assert f"/messages/{conv.pk}/" in client.get(f"/d/{books.pk}/proposals/").content.decode()
    detail = client.get(f"/documents/{p.document_id}/").content.decode()
    assert f"/messages/{conv.pk}/" in detail and "Conversations about this document" in detail
    listing = client.get(f"/d/{books.pk}/documents/?tab=sent").content.decode()
    assert 'data-testid="document-icon"' in listing and f"/messages/{conv.pk}/" in listing
    page = client.get(f"/messages/{conv.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    client.post(f"/messages/{conv.pk}/reply/", {"body": "The van"})
    assert conv.messages.count() == 2

    # The Full feedback profile (no worklist, no inbox) sees it among its messages and in
    # the archive once the document is booked.
    feedback = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    assert "proximus.pdf" in feedback.get(f"/d/{books.pk}/messages/").content.decode()
    doc = p.document
    doc.state = DocState.BOOKED
    doc.save(update_fields=["state"])
    extensions.notify("documents.changed", document_id=doc.pk)  # as booking's services do
    archive = feedback.get(f"/d/{books.pk}/documents/archive/", follow=True).content.decode()
    assert f"/messages/{conv.pk}/" in archive


def test_document_conversation_refused_outside(books, world):
    p = _proposal(books)
    other_doc = factories.sent_document(world.other_dossier, name="beta.pdf")
    data = {"subject": "x", "body": "y"}
    # An outsider, a stranger office and a support user change nothing.
    assert world.client_for(world.outsider).post(
        f"/documents/{p.document_id}/conversation/", data
    ).status_code in (403, 404)
    assert world.client_for(world.stranger_office_admin).post(
        f"/documents/{p.document_id}/conversation/", data
    ).status_code in (403, 404)
    assert world.client_for(world.support).post(
        f"/documents/{p.document_id}/conversation/", data
    ).status_code in (403, 404)
    # A client of the first dossier cannot reach the other dossier's document either.
    admin = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    assert admin.post(f"/documents/{other_doc.pk}/conversation/", data).status_code == 404
    assert not Conversation.objects.exists()


def test_old_questions_become_conversations(books, world):
    p = _proposal(books, name="question.pdf")
    q = Question.objects.create(
        proposal=p,
        document_id=p.document_id,
        dossier=books,
        text="Quelle voiture ?",
        asked_by=world.collaborator,
    )
    from django.utils import timezone

    answered = timezone.now()
    Question.objects.filter(pk=q.pk).update(
        answer="La camionnette",
        answered_by=world.clients[ClientProfile.ADMINISTRATOR],
        answered_at=answered,
    )
    lost_asker = Question.objects.create(
        proposal=p, document_id=p.document_id, dossier=books, text="Sans auteur", asked_by=None
    )
    migration = importlib.import_module("messaging.migrations.0003_questions_become_conversations")
    migration.forwards(django_apps, None)

    convs = list(Conversation.objects.order_by("pk"))
    assert len(convs) == 2
    first = convs[0]
    assert first.document_id == p.document_id and first.subject == "question.pdf"
    bodies = list(Message.objects.filter(conversation=first).values_list("author_id", "body"))
    assert bodies == [
        (world.collaborator.pk, "Quelle voiture ?"),
        (world.clients[ClientProfile.ADMINISTRATOR].pk, "La camionnette"),
    ]
    asked_at = Question.objects.get(pk=q.pk).asked_at
    opening = first.messages.first()
    assert opening is not None and opening.created_at == asked_at
    assert first.last_message_at == answered
    assert ReadState.objects.filter(conversation=first).count() == 2
    # The question whose asker was deleted is kept, written in the office admin's name.
    second = convs[1]
    assert second.messages.get().body == "Sans auteur" and second.created_by == world.admin
    assert lost_asker.pk


def test_attachments_over_the_limits_through_the_pages(books, world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FIDU_INTAKE_MAX_BYTES = 1024 * 1024
    p = _proposal(books)
    office = world.client_for(world.collaborator)
    too_big = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * (2 * 1024 * 1024))
    r = office.post(
        f"/documents/{p.document_id}/conversation/",
        {"subject": "s", "body": "b", "attachments": [too_big], "back": f"/proposals/{p.pk}/"},
        follow=True,
    )
    assert "big.pdf" in r.content.decode() and not Conversation.objects.exists()
    many = [SimpleUploadedFile(f"n{i}.txt", b"note") for i in range(11)]
    r = office.post(
        f"/d/{books.pk}/messages/new/", {"subject": "s", "body": "b", "attachments": many}
    )
    assert "At most 10 attachments" in r.content.decode() and not Conversation.objects.exists()
    # A message to a dossier the sender cannot see is refused and stores nothing.
    outsider = world.client_for(world.outsider)
    assert (
        outsider.post(f"/d/{books.pk}/messages/new/", {"subject": "s", "body": "b"}).status_code
        == 404
    )
    r = outsider.post(
        f"/api/dossiers/{books.pk}/conversations",
        {"subject": "s", "body": "b"},
        content_type="application/json",
    )
    assert r.status_code in (403, 404) and not Conversation.objects.exists()
