"""Access to one conversation: the dossier's Cap.MESSAGES and being among its readers;
anyone else gets a 404, as for an object of a dossier they cannot see."""

from __future__ import annotations

from collections.abc import Callable

from messaging.audience import addressed_to
from tenancy.access import object_access
from tenancy.policy import Cap


def conversation_access(kwarg: str = "conversation_id") -> Callable[[Callable], Callable]:
    return object_access(
        "messaging.Conversation", Cap.MESSAGES, kwarg, check=lambda user, c: addressed_to(user, c)
    )


def attachment_access(kwarg: str = "attachment_id") -> Callable[[Callable], Callable]:
    return object_access(
        "messaging.Attachment",
        Cap.MESSAGES,
        kwarg,
        dossier_path="message.conversation.dossier",
        check=lambda user, a: addressed_to(user, a.message.conversation),
    )
