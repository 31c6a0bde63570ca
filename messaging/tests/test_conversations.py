"""H1/H5: a conversation from the client to the office and back, with read receipts, mails
in the reader's language, recipients limited to who may see messages, and 404 elsewhere."""

from __future__ import annotations

import pytest
from django.core import mail

from messaging.models import Attachment, Conversation, ReadState
from messaging.notifications import digest_send, message_mails_send
from messaging.selectors import office_conversation_list, unread_count
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db


def test_round_trip(world, settings, django_capture_on_commit_callbacks):
    settings.FIDU_BASE_URL = "https://portal.example"
    client_user = world.clients[ClientProfile.ADMINISTRATOR]
    client_user.language = "nl"
    client_user.save()
    world.admin.language = "fr"
    world.admin.save()
    c = world.client_for(client_user)
    o = world.client_for(world.admin)
    d = world.dossier

    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            f"/d/{d.pk}/messages/new/",
            {"subject": "Factuur Proximus", "recipient": client_user.pk, "body": "Is deze goed?"},
        )
    conv = Conversation.objects.get(subject="Factuur Proximus")
    assert r.status_code == 302 and r["Location"] == f"/messages/{conv.pk}/"
    assert mail.outbox == []  # queued for the digest
    assert digest_send() >= 1
    assert conv.recipient == client_user  # "only the office"
    # The office got a mail in French, with a link to the conversation.
    to_admin = [m for m in mail.outbox if m.to == [world.admin.email]]
    assert len(to_admin) == 1
    assert "nouveau message" in to_admin[0].subject.lower()
    assert f"https://portal.example/messages/{conv.pk}/" in to_admin[0].body
    # No other client user reads a conversation meant for the office alone.
    assert not [m for m in mail.outbox if m.to == [world.clients[ClientProfile.FULL_ACCESS].email]]

    # The office sees it unread, in its list across dossiers and in the dossier's.
    assert unread_count(user=world.admin, dossier=d) == 1
    assert [x.unread for x in office_conversation_list(user=world.admin)] == [True]  # type: ignore[attr-defined]
    assert 'data-unread="1"' in o.get("/office/messages/").content.decode()
    page = o.get(f"/messages/{conv.pk}/").content.decode()
    assert "Is deze goed?" in page and "Pas encore lu" in page  # the admin reads French
    assert not ReadState.objects.filter(
        conversation=conv, user=world.admin
    ).exists()  # GET wrote nothing
    assert o.post(f"/messages/{conv.pk}/read/").status_code == 204
    assert unread_count(user=world.admin, dossier=d) == 0

    # The office answers through htmx: the fragment comes back with both messages.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = o.post(f"/messages/{conv.pk}/reply/", {"body": "Ja, geboekt."}, HTTP_HX_REQUEST="true")
    digest_send()
    fragment = r.content.decode()
    assert "<html" not in fragment and fragment.count('data-testid="message"') == 2
    assert "Ja, geboekt." in fragment
    # The client's read receipt shows on its own message; the answer is not read yet.
    assert f"Lu par {world.admin.display_name}" in fragment
    assert [m.to for m in mail.outbox] == [[client_user.email]]
    assert "nieuw bericht" in mail.outbox[0].subject.lower()
    assert f"https://portal.example/messages/{conv.pk}/" in mail.outbox[0].body

    assert unread_count(user=client_user, dossier=d) == 1
    c.post(f"/messages/{conv.pk}/read/")
    assert unread_count(user=client_user, dossier=d) == 0
    data = o.get(f"/api/conversations/{conv.pk}").json()
    assert [m["read_by"] for m in data["messages"]] == [[world.admin.email], [client_user.email]]


def test_conversation_to_all_reaches_only_who_may_see_messages(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = world.client_for(world.admin).post(
            f"/d/{world.dossier.pk}/messages/new/", {"subject": "Bilan", "body": "Bonjour"}
        )
    assert r.status_code == 302
    digest_send()
    to = sorted(m.to[0] for m in mail.outbox)
    # Every client profile but delivery may see messages; the office's colleagues get none.
    expected = sorted(u.email for p, u in world.clients.items() if p != ClientProfile.DOC_DELIVERY)
    assert to == expected and len(to) == 5
    delivery = world.client_for(world.clients[ClientProfile.DOC_DELIVERY])
    conv = Conversation.objects.get(subject="Bilan")
    assert delivery.get(f"/messages/{conv.pk}/").status_code == 403
    assert delivery.get(f"/d/{world.dossier.pk}/messages/").status_code == 403


def test_notification_preference_off_means_no_mail(world, django_capture_on_commit_callbacks):
    user = world.clients[ClientProfile.FULL_ACCESS]
    user.notification_prefs = {"message": False}
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(world.admin).post(
            f"/d/{world.dossier.pk}/messages/new/",
            {"subject": "Private", "recipient": user.pk, "body": "Hi"},
        )
    digest_send()
    assert mail.outbox == []
    conv = Conversation.objects.get(subject="Private")
    assert message_mails_send(message_id=conv.messages.get().pk) == 0


def test_private_conversation_hidden_from_other_client_users(world):
    me = world.clients[ClientProfile.FULL_ACCESS]
    world.client_for(world.admin).post(
        f"/d/{world.dossier.pk}/messages/new/",
        {"subject": "Salary", "recipient": me.pk, "body": "Confidential"},
    )
    conv = Conversation.objects.get(subject="Salary")
    other = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    assert other.get(f"/messages/{conv.pk}/").status_code == 404
    assert "Salary" not in other.get(f"/d/{world.dossier.pk}/messages/").content.decode()
    assert other.get(f"/api/conversations/{conv.pk}").status_code == 404
    assert "Salary" in world.client_for(me).get(f"/d/{world.dossier.pk}/messages/").content.decode()


def test_another_dossiers_user_gets_404_everywhere(world):
    author = world.clients[ClientProfile.ADMINISTRATOR]
    world.client_for(author).post(
        f"/d/{world.dossier.pk}/messages/new/",
        {"subject": "Alpha only", "body": "x", "attachments": _file()},
    )
    conv = Conversation.objects.get(subject="Alpha only")
    att = Attachment.objects.get(message__conversation=conv)
    o = world.client_for(world.outsider)
    d = world.dossier.pk
    for url in (
        f"/d/{d}/messages/",
        f"/messages/{conv.pk}/",
        f"/messages/attachments/{att.pk}/",
        f"/d/{d}/tasks/",
        f"/api/dossiers/{d}/conversations",
        f"/api/conversations/{conv.pk}",
        f"/api/dossiers/{d}/tasks",
    ):
        assert o.get(url).status_code == 404, url
    for url, data in (
        (f"/d/{d}/messages/new/", {"subject": "s", "body": "b"}),
        (f"/messages/{conv.pk}/reply/", {"body": "b"}),
        (f"/messages/{conv.pk}/read/", {}),
    ):
        assert o.post(url, data).status_code == 404, url
    assert (
        o.post(
            f"/api/conversations/{conv.pk}/messages", {"body": "b"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert conv.messages.count() == 1
    assert (
        "Alpha only"
        not in world.client_for(world.stranger_office_admin)
        .get("/office/messages/")
        .content.decode()
    )


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("note.txt", b"hello attachment", content_type="text/plain")


def test_attachment_stored_and_downloaded(world):
    author = world.clients[ClientProfile.ADMINISTRATOR]
    world.client_for(author).post(
        f"/d/{world.dossier.pk}/messages/new/",
        {"subject": "With file", "body": "see file", "attachments": _file()},
    )
    att = Attachment.objects.get()
    r = world.client_for(world.admin).get(f"/messages/attachments/{att.pk}/")
    assert b"".join(r.streaming_content) == b"hello attachment"
    assert "note.txt" in r["Content-Disposition"]


def test_attachment_over_the_limit_is_refused(world, settings):
    from django.core.exceptions import ValidationError

    from documents import limits
    from messaging.services import Upload, conversation_start

    big = b"x" * (limits.max_upload_bytes() + 1)
    with pytest.raises(ValidationError):
        conversation_start(
            dossier=world.dossier,
            author=world.admin,
            subject="s",
            body="b",
            uploads=[Upload(file_name="big.bin", data=big)],
        )
    assert not Conversation.objects.exists()


def test_api_start_list_and_answer(world):
    client_user = world.clients[ClientProfile.FULL_ACCESS]
    c = world.client_for(client_user)
    r = c.post(
        f"/api/dossiers/{world.dossier.pk}/conversations",
        {"subject": "API", "body": "Hello"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    cid = r.json()["id"]
    listed = (
        world.client_for(world.admin).get(f"/api/dossiers/{world.dossier.pk}/conversations").json()
    )
    assert [(x["id"], x["unread"]) for x in listed] == [(cid, True)]
    r = world.client_for(world.admin).post(
        f"/api/conversations/{cid}/messages", {"body": "Bien reçu"}, content_type="application/json"
    )
    assert [m["body"] for m in r.json()["messages"]] == ["Hello", "Bien reçu"]
    bad = c.post(
        f"/api/dossiers/{world.dossier.pk}/conversations",
        {"subject": "x", "body": "y", "recipient_id": world.outsider.pk},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_menu_badges_count_unread_conversations(world, rf):
    from core import extensions

    author = world.clients[ClientProfile.ADMINISTRATOR]
    for subject in ("One", "Two"):
        world.client_for(author).post(
            f"/d/{world.dossier.pk}/messages/new/", {"subject": subject, "body": "x"}
        )
    request = rf.get("/")
    request.user = world.admin
    assert extensions.collect("menu_badges", request, world.dossier) == {
        "messaging": 2,
        "messaging_office": 2,
    }
    request.user = author
    assert extensions.collect("menu_badges", request, world.dossier) == {"messaging": 0}
    request.user = world.clients[ClientProfile.FULL_ACCESS]
    assert extensions.collect("menu_badges", request, world.dossier) == {"messaging": 2}
    # ...and the menu shows them beside the entry, on every page of the dossier.
    page = world.client_for(world.clients[ClientProfile.FULL_ACCESS]).get(f"/d/{world.dossier.pk}/")
    html = page.content.decode()
    entry = html.split('data-menu="messaging"')[1].split("</a>")[0]
    assert 'data-testid="menu-badge">2<' in entry


def test_close_search_and_reopen_by_answering(world):
    c = world.client_for(world.admin)
    d = world.dossier.pk
    c.post(f"/d/{d}/messages/new/", {"subject": "Bilan 2025", "body": "Le bilan est prêt"})
    c.post(f"/d/{d}/messages/new/", {"subject": "Loyer", "body": "Facture de mars"})
    conv = Conversation.objects.get(subject="Bilan 2025")
    c.post(f"/messages/{conv.pk}/close/", {"closed": "1"})
    open_page = c.get(f"/d/{d}/messages/").content.decode()
    assert "Loyer" in open_page and "Bilan 2025" not in open_page
    closed_page = c.get(f"/d/{d}/messages/?state=closed").content.decode()
    assert "Bilan 2025" in closed_page and "Loyer" not in closed_page
    found = c.get(f"/d/{d}/messages/?state=all&q=mars").content.decode()
    assert "Loyer" in found and "Bilan 2025" not in found  # the body is searched too
    client = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    client.post(f"/messages/{conv.pk}/reply/", {"body": "Merci"})
    conv.refresh_from_db()
    assert conv.closed is False


def test_office_scope_agrees_with_the_policy(world):
    from messaging.selectors import office_message_dossier_ids
    from tenancy.models import Dossier, Module
    from tenancy.policy import Cap, can, forget

    world.other_dossier.modules = [m for m in world.other_dossier.modules if m != Module.MESSAGES]
    world.other_dossier.save()
    for user in world.all_users().values():
        forget(user)
        expected = sorted(d.pk for d in Dossier.objects.all() if can(user, Cap.MESSAGES, d))
        got = sorted(office_message_dossier_ids(user))
        if user in (world.admin, world.collaborator, world.support, world.unassigned_collaborator):
            assert got == expected, user.email
        else:
            assert got == [], user.email  # client users use the dossier's own list
    assert office_message_dossier_ids(world.admin) == [world.dossier.pk]


def test_html_in_messages_is_escaped(world):
    author = world.clients[ClientProfile.ADMINISTRATOR]
    world.client_for(author).post(
        f"/d/{world.dossier.pk}/messages/new/",
        {"subject": "<b>bold</b>", "body": "<script>alert(1)</script>"},
    )
    conv = Conversation.objects.get()
    page = world.client_for(world.admin).get(f"/messages/{conv.pk}/").content.decode()
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )
    assert "<b>bold</b>" not in page
    assert (
        "<b>bold</b>" not in world.client_for(world.admin).get("/office/messages/").content.decode()
    )


def test_a_user_removed_from_the_dossier_loses_its_conversations_at_once(world):
    from tenancy.models import DossierMembership

    me = world.clients[ClientProfile.FULL_ACCESS]
    c = world.client_for(me)
    c.post(f"/d/{world.dossier.pk}/messages/new/", {"subject": "Mine", "body": "x"})
    conv = Conversation.objects.get()
    assert c.get(f"/messages/{conv.pk}/").status_code == 200
    DossierMembership.objects.filter(user=me, dossier=world.dossier).delete()
    assert c.get(f"/messages/{conv.pk}/").status_code == 404
    assert c.post(f"/messages/{conv.pk}/reply/", {"body": "still here?"}).status_code == 404
    assert conv.messages.count() == 1


def test_the_menu_of_a_profile_without_messages_still_opens(world):
    """A profile without messages (document delivery) gets no counter, and no error."""
    from core import extensions

    delivery = world.clients[ClientProfile.DOC_DELIVERY]
    page = world.client_for(delivery).get(f"/d/{world.dossier.pk}/")
    assert page.status_code == 200
    assert 'data-menu="messaging"' not in page.content.decode()
    request = type("R", (), {"user": delivery})()
    assert extensions.collect("menu_badges", request, world.dossier) == {"messaging": 0}
