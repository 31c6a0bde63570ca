"""H5: one e-mail per new message to each participant but its author (and, for an office
message, but the office), in the reader's own language, unless the reader switched message
mails off in their preferences."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from messaging.audience import is_office_side, participants
from messaging.models import Message


def wants_message_mails(user) -> bool:
    # tenancy's preferences form: a missing key means the default, which is on.
    return bool((user.notification_prefs or {}).get("message", True))


def message_mails_send(*, message_id: int) -> int:
    message = (
        Message.objects.select_related("conversation__dossier", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    conversation = message.conversation
    dossier = conversation.dossier
    link = settings.FIDU_BASE_URL + reverse("messaging_conversation", args=[conversation.pk])
    # The office answering does not mail its own colleagues; they follow the office list.
    from_office = is_office_side(message.author, dossier)
    sent = 0
    for user in participants(conversation):
        if user.pk == message.author_id or not user.email or not wants_message_mails(user):
            continue
        if from_office and is_office_side(user, dossier):
            continue
        with translation.override(user.language or dossier.language):
            subject = _("%(dossier)s: new message “%(subject)s”") % {
                "dossier": dossier.name,
                "subject": conversation.subject,
            }
            body = render_to_string(
                "messaging/mail/new_message.txt",
                {
                    "message": message,
                    "conversation": conversation,
                    "dossier": dossier,
                    "link": link,
                },
            )
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent


def approval_mails_send(
    *, dossier_id: int, user_ids: list[int], kind: str, label: str, url: str
) -> int:
    """A payment (G4) or a purchase invoice (B16) waits for these approvers: one e-mail each,
    in their language. The payments app raises the event; it cannot import this app."""
    from tenancy.models import Dossier, User

    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if dossier is None:
        return 0
    sent = 0
    for user in User.objects.filter(pk__in=user_ids).exclude(email=""):
        if not (user.notification_prefs or {}).get("approval", True):
            continue
        with translation.override(user.language or dossier.language):
            if kind == "invoice":
                subject = _("%(dossier)s: a purchase invoice waits for your approval")
            else:
                subject = _("%(dossier)s: a payment waits for your approval")
            subject = subject % {"dossier": dossier.name}
            body = "\n\n".join([subject, label, settings.FIDU_BASE_URL + url])
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
