"""Sample objects for the permission harness (tenancy/tests)."""

from __future__ import annotations

from messaging.models import Attachment, Conversation
from messaging.services import Upload, conversation_start
from tenancy.models import DossierMembership


def _author(dossier):
    return (
        DossierMembership.objects.filter(dossier=dossier)
        .select_related("user")
        .order_by("pk")[0]
        .user
    )


def _conversation(dossier) -> Conversation:
    return conversation_start(
        dossier=dossier, author=_author(dossier), subject="Sample", body="Hello"
    )


def _attachment(dossier) -> Attachment:
    conv = conversation_start(
        dossier=dossier,
        author=_author(dossier),
        subject="Sample",
        body="Hello",
        uploads=[Upload(file_name="note.txt", data=b"note")],
    )
    return Attachment.objects.get(message__conversation=conv)


SAMPLES = {"messaging.Conversation": _conversation, "messaging.Attachment": _attachment}
