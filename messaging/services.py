"""Conversations and messages (H1): start, answer, read; mails go out after the commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import extensions
from core.audit import audit_log
from core.storage import blob_put
from documents import limits
from documents.selectors import document_visible
from messaging.audience import client_users, may_see
from messaging.models import Attachment, Conversation, Message, ReadState
from tenancy.policy import Cap, can

# Event (core.extensions): a conversation was started on a document; kwargs document_id,
# author_id. Sent after the commit.
DOCUMENT_CONVERSATION = "messaging.document_conversation"


@dataclass(frozen=True)
class Upload:
    file_name: str
    data: bytes


# At most this many files on one message (a mail-like bound; documents go through upload).
MAX_ATTACHMENTS = 10


def _check_uploads(uploads: list[Upload]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(_("At most %(n)s attachments per message.") % {"n": MAX_ATTACHMENTS})
    # The documents' own ceiling: an attachment is no bigger than a document handed in.
    for up in uploads:
        if not up.data:
            raise ValidationError(_("%(file)s is empty.") % {"file": up.file_name})
        if len(up.data) > limits.max_upload_bytes():
            raise ValidationError(
                _("%(file)s is larger than %(max)s MB.")
                % {"file": up.file_name, "max": limits.max_upload_bytes() // limits.MB}
            )


def _message_add(
    *, conversation: Conversation, author, body: str, uploads: list[Upload]
) -> Message:
    message = Message.objects.create(conversation=conversation, author=author, body=body)
    for up in uploads:
        blob = blob_put(up.data)
        Attachment.objects.create(message=message, blob=blob, file_name=up.file_name[:255])
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    # The author has read what they wrote.
    ReadState.objects.update_or_create(
        conversation=conversation, user=author, defaults={"read_at": message.created_at}
    )
    audit_log(
        actor=author,
        action="messaging.message_sent",
        obj=conversation,
        data={"message": message.pk},
    )
    from messaging.notifications import message_mails_send

    transaction.on_commit(lambda: message_mails_send(message_id=message.pk))
    return message


@transaction.atomic
def conversation_start(
    *,
    dossier,
    author,
    subject: str,
    body: str,
    recipient=None,
    uploads: Sequence[Upload] = (),
    document=None,
) -> Conversation:
    """A new conversation; with `document`, one about that document (H2)."""
    if not can(author, Cap.MESSAGES, dossier):
        # The views check it too; the service refuses on its own for the API, tasks, mass mail.
        raise ValidationError(_("You may not write to this dossier."))
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Write a subject and a message."))
    if recipient is not None and recipient not in client_users(dossier):
        raise ValidationError(_("This person may not receive messages of this dossier."))
    if document is not None and (
        document.dossier_id != dossier.pk or not document_visible(author, document)
    ):
        raise ValidationError(_("This document is not one you can see in this dossier."))
    uploads = list(uploads)
    _check_uploads(uploads)
    conversation = Conversation.objects.create(
        dossier=dossier,
        subject=subject.strip()[:200],
        created_by=author,
        recipient=recipient,
        document=document,
    )
    _message_add(conversation=conversation, author=author, body=body.strip(), uploads=uploads)
    if document is not None:
        # booking marks the document's proposal "help needed" when the office asks (C7).
        ids = {"document_id": document.pk, "author_id": author.pk}
        transaction.on_commit(lambda: extensions.notify(DOCUMENT_CONVERSATION, **ids))
    return conversation


@transaction.atomic
def message_post(
    *, conversation: Conversation, author, body: str, uploads: Sequence[Upload] = ()
) -> Message:
    if not may_see(author, conversation):
        raise ValidationError(_("You may not write in this conversation."))
    if not body.strip():
        raise ValidationError(_("Write a message."))
    uploads = list(uploads)
    _check_uploads(uploads)
    if conversation.closed:  # an answer reopens it
        conversation.closed = False
        conversation.save(update_fields=["closed"])
    return _message_add(
        conversation=conversation, author=author, body=body.strip(), uploads=uploads
    )


@transaction.atomic
def conversation_close(*, conversation: Conversation, actor, closed: bool = True) -> None:
    """A closed conversation leaves the open list and stays under closed / all; an answer
    reopens it."""
    conversation.closed = closed
    conversation.save(update_fields=["closed"])
    audit_log(
        actor=actor, action="messaging.closed" if closed else "messaging.reopened", obj=conversation
    )


def conversation_read(*, conversation: Conversation, user) -> None:
    """Mark everything up to now read by `user` (a POST: pages do not write on GET)."""
    ReadState.objects.update_or_create(
        conversation=conversation, user=user, defaults={"read_at": timezone.now()}
    )
