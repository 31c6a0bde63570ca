"""H5: notifications gathered into one digest per user per 15 minutes, in the reader's
language; preferences and dossier rights checked when it goes out; one run through the real
SMTP path (aiosmtpd)."""

from __future__ import annotations

import email
import socket
from datetime import date, timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone

from core import extensions
from core.texts import stored
from messaging.models import Notification
from messaging.notifications import QUEUE_EVENT, digest_send, due_reminders_queue
from messaging.services import conversation_start
from messaging.tasks import task_create
from tenancy.models import ClientProfile, DossierMembership

pytestmark = pytest.mark.django_db


def _fifty_documents(world, user):
    for n in range(50):
        extensions.notify(
            QUEUE_EVENT,
            user_ids=[user.pk],
            kind="shared_document",
            dossier_id=world.dossier.pk,
            text=stored("Document shared with you: %s", f"facture-{n}.pdf"),
            link=f"/documents/{n}/",
        )


def test_fifty_documents_make_one_mail_and_the_window_holds(world, settings):
    settings.FIDU_BASE_URL = "https://portal.example"
    user = world.clients[ClientProfile.ADMINISTRATOR]
    user.language = "nl"
    user.save()
    _fifty_documents(world, user)
    now = timezone.now()
    assert digest_send(now) == 1
    assert len(mail.outbox) == 1
    m = mail.outbox[0]
    assert m.to == [user.email] and "50" in m.subject
    assert m.body.count("https://portal.example/documents/") == 50
    assert "Alpha SRL" in m.body
    # Another item five minutes later waits; sixteen minutes later it goes, alone.
    _fifty_documents(world, user)
    assert digest_send(now + timedelta(minutes=5)) == 0
    assert digest_send(now + timedelta(minutes=16)) == 1
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_preferences_and_rights_are_checked_when_sending(world):
    off = world.clients[ClientProfile.FULL_ACCESS]
    removed = world.clients[ClientProfile.DOC_PROCESSING]
    conversation_start(dossier=world.dossier, author=world.admin, subject="Bilan", body="Bonjour")
    from messaging.models import Message
    from messaging.notifications import message_mails_send

    message_mails_send(message_id=Message.objects.get().pk)
    off.notification_prefs = {"message": False}
    off.save()
    DossierMembership.objects.filter(user=removed, dossier=world.dossier).delete()
    digest_send()
    to = {m.to[0] for m in mail.outbox}
    assert world.clients[ClientProfile.ADMINISTRATOR].email in to
    assert off.email not in to and removed.email not in to


def test_removed_user_loses_conversations_at_once(world):
    user = world.clients[ClientProfile.FULL_ACCESS]
    conv = conversation_start(dossier=world.dossier, author=user, subject="Mine", body="Hello")
    c = world.client_for(user)
    assert c.get(f"/messages/{conv.pk}/").status_code == 200
    DossierMembership.objects.filter(user=user, dossier=world.dossier).delete()
    assert c.get(f"/messages/{conv.pk}/").status_code == 404
    assert c.get(f"/d/{world.dossier.pk}/messages/").status_code == 404
    assert c.post(f"/messages/{conv.pk}/reply/", {"body": "still here?"}).status_code == 404
    assert c.get(f"/api/conversations/{conv.pk}/messages").status_code in (403, 404)
    assert conv.messages.count() == 1


def test_task_assigned_and_due_reminder(world, django_capture_on_commit_callbacks):
    assignee = world.clients[ClientProfile.ADMINISTRATOR]
    today = date(2026, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        task_create(
            actor=world.admin,
            dossier=world.dossier,
            title="Inventaire",
            due_date=today + timedelta(days=2),
            assignee=assignee,
        )
    assert Notification.objects.filter(user=assignee, kind="task").count() == 1
    assert due_reminders_queue(today) == 1
    assert due_reminders_queue(today) == 0  # once
    digest_send()
    assert len(mail.outbox) == 1 and "12/03/2026" in mail.outbox[0].body


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def test_the_digest_through_a_real_smtp_server(world, settings):
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        user = world.clients[ClientProfile.ADMINISTRATOR]
        user.language = "de"
        user.save()
        _fifty_documents(world, user)
        assert digest_send() == 1
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    rcpt, raw = inbox.messages[0]
    assert rcpt == [user.email]
    msg = email.message_from_bytes(raw)
    subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
    assert "50" in subject and "Benachrichtigungen" in subject
    payload = msg.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert body.count("/documents/") == 50


def test_the_polled_fragment_shows_new_messages_and_writes_nothing(world):
    from messaging.models import ReadState
    from messaging.services import message_post

    user = world.clients[ClientProfile.ADMINISTRATOR]
    conv = conversation_start(dossier=world.dossier, author=user, subject="Q", body="First")
    c = world.client_for(user)
    page = c.get(f"/messages/{conv.pk}/").content.decode()
    assert f'hx-get="/messages/{conv.pk}/messages/"' in page and 'hx-trigger="every' in page
    message_post(conversation=conv, author=world.admin, body="Second <i>live</i>")
    before = ReadState.objects.filter(conversation=conv, user=user).get().read_at
    r = c.get(f"/messages/{conv.pk}/messages/")
    fragment = r.content.decode()
    assert "<html" not in fragment and fragment.count('data-testid="message"') == 2
    assert "Second &lt;i&gt;live&lt;/i&gt;" in fragment
    assert f'hx-post="/messages/{conv.pk}/read/"' in fragment  # the page marks it read
    assert ReadState.objects.get(conversation=conv, user=user).read_at == before
    assert world.client_for(world.outsider).get(f"/messages/{conv.pk}/messages/").status_code in (
        403,
        404,
    )
