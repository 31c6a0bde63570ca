"""Who takes part in a conversation: the rule behind its visibility, its mails and its
read receipts (H1)."""

from __future__ import annotations

from messaging.models import Conversation
from tenancy.models import DossierMembership, OfficeMember
from tenancy.policy import Cap, can, office_member


def is_office_side(user, dossier) -> bool:
    member = office_member(user)
    return member is not None and member.office_id == dossier.office_id


def may_see(user, conversation: Conversation) -> bool:
    """The office sees every conversation of its dossiers; a client user those sent to all,
    to them, or started by them."""
    return can(user, Cap.MESSAGES, conversation.dossier) and addressed_to(user, conversation)


def addressed_to(user, conversation: Conversation) -> bool:
    """The part of `may_see` beyond the capability: whom the conversation is for."""
    if is_office_side(user, conversation.dossier) or conversation.recipient_id is None:
        return True
    return user.pk in (conversation.recipient_id, conversation.created_by_id)


def client_users(dossier) -> list:
    """The dossier's client users who may see messages at all."""
    users = [
        m.user for m in DossierMembership.objects.filter(dossier=dossier).select_related("user")
    ]
    return [u for u in users if u.is_active and can(u, Cap.MESSAGES, dossier)]


def office_users(dossier) -> list:
    members = OfficeMember.objects.filter(office_id=dossier.office_id, is_active=True)
    users = [m.user for m in members.select_related("user")]
    return [u for u in users if u.is_active and can(u, Cap.MESSAGES, dossier)]


def participants(conversation: Conversation) -> list:
    """Everyone who may read the conversation, office first."""
    dossier = conversation.dossier
    clients = [u for u in client_users(dossier) if may_see(u, conversation)]
    return office_users(dossier) + clients
