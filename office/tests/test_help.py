"""I4: clients' activity per dossier; I5: help pages, unread release notes, feedback mail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.audit import AuditEvent
from documents.models import DocState, Document, Mailbox
from office.activity import activity
from office.help import RELEASE_NOTES, unread_modules
from office.models import HelpSeen
from office.tests.factories import documents

pytestmark = pytest.mark.django_db


def test_activity_reads_logins_uploads_and_queue_age(world, django_assert_max_num_queries):
    d = world.dossier
    client = world.clients["administrator"]
    when = timezone.now() - timedelta(days=2)
    client.last_login = when
    client.save(update_fields=["last_login"])
    sent = documents(d, 3, state=DocState.SENT, mailbox=Mailbox.PURCHASES)
    old = timezone.now() - timedelta(days=9)
    Document.objects.filter(pk=sent[0].pk).update(sent_at=old)
    Document.objects.filter(pk__in=[s.pk for s in sent[1:]]).update(sent_at=timezone.now())
    documents(d, 1, state=DocState.BOOKED)
    with django_assert_max_num_queries(6):
        rows, total = activity(user=world.collaborator)
    [row] = rows
    assert total == 1 and row.id == d.pk
    assert row.last_login == when and row.queue == 3 and row.oldest == old
    assert row.last_upload is not None
    page = world.client_for(world.admin).get(reverse("office_activity")).content.decode()
    assert f'data-dossier="{d.pk}"' in page
    assert re.search(r'data-col="age">9 ', page)  # the oldest waits since 9 days
    r = world.client_for(client).get(reverse("office_activity"))
    assert r.status_code in (403, 404)


def test_release_notes_dot_goes_away_once_read_on_post(world):
    user = world.clients["administrator"]
    assert "office" in unread_modules(user) and "documents" in unread_modules(user)
    c = world.client_for(user)
    page = c.get(reverse("office_help_module", kwargs={"module": "office"})).content.decode()
    assert 'data-testid="unread-office"' in page
    assert not HelpSeen.objects.exists()  # reading the page writes nothing
    c.post(reverse("office_help_seen", kwargs={"module": "office"}))
    assert "office" not in unread_modules(user) and "documents" in unread_modules(user)
    assert "office" in unread_modules(world.admin)  # per user
    HelpSeen.objects.filter(user=user).update(seen_at=timezone.now() - timedelta(days=3650))
    assert "office" in unread_modules(user)  # a note newer than the reading shows the dot
    assert c.get("/help/nothing/").status_code == 404
    assert all(n.module in ("documents", "payments", "office") for n in RELEASE_NOTES)


def test_feedback_reaches_the_office_admins_only(world, django_capture_on_commit_callbacks):
    user = world.clients["administrator"]
    c = world.client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("office_feedback"), {"module": "payments", "message": "The basket?"})
    assert r.status_code == 302
    [m] = mail.outbox
    assert m.to == [world.admin.email]
    assert "The basket?" in m.body and user.email in m.body
    assert AuditEvent.objects.filter(action="office.feedback_sent").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("office_feedback"), {"module": "payments", "message": "  "}, follow=True)
    assert len(mail.outbox) == 1
    assert [m.level_tag for m in r.context["messages"]][-1] == "error"
    assert world.client_for(None).post(
        reverse("office_feedback"), {"message": "x"}
    ).status_code in (
        302,
        401,
        403,
    )
    assert len(mail.outbox) == 1
