"""Lists and counters of conversations and tasks, scoped by the policy."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from messaging.audience import is_office_side
from messaging.models import Conversation, Message, ReadState, Task
from tenancy.models import Module, OfficeMember, OfficeRole
from tenancy.policy import Cap, can, dossiers_visible_to, office_member

_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _with_unread(qs: QuerySet[Conversation], user) -> QuerySet[Conversation]:
    """`unread`: someone else wrote after the user last read the conversation."""
    seen = ReadState.objects.filter(conversation=OuterRef("pk"), user=user).values("read_at")[:1]
    qs = qs.annotate(_seen=Coalesce(Subquery(seen), Value(_NEVER)))
    newer = Message.objects.filter(conversation=OuterRef("pk"), created_at__gt=OuterRef("_seen"))
    return qs.annotate(unread=Exists(newer.exclude(author=user)))


def waiting_for_office(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Open conversations whose last message is not the office's: the client waits for an
    answer (the office's cockpit counts them, I1, and its link opens this filter)."""
    last_author = Subquery(
        Message.objects.filter(conversation=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("author_id")[:1]
    )
    return (
        qs.filter(closed=False)
        .annotate(last_author=last_author)
        .exclude(last_author__in=OfficeMember.objects.values("user_id"))
    )


def conversation_list(*, user, dossier) -> QuerySet[Conversation]:
    qs = Conversation.objects.filter(dossier=dossier).select_related("created_by", "recipient")
    if not can(user, Cap.MESSAGES, dossier):
        return _with_unread(qs.none(), user)  # same shape: callers filter on `unread`
    if not is_office_side(user, dossier):
        qs = qs.filter(Q(recipient__isnull=True) | Q(recipient=user) | Q(created_by=user))
    return _with_unread(qs, user)


def office_conversation_list(*, user) -> QuerySet[Conversation]:
    """Every conversation of the dossiers the office user may see messages of."""
    dossiers = office_message_dossier_ids(user)
    qs = Conversation.objects.filter(dossier_id__in=dossiers).select_related(
        "dossier", "created_by"
    )
    return _with_unread(qs, user)


def office_message_dossier_ids(user) -> list[int]:
    """The dossiers whose messages the office user may see, in one query rather than one
    `can()` per dossier (an office has hundreds): the policy gives admins and collaborators
    Cap.MESSAGES on every dossier they see whose messages module is on, support users never.
    test_office_scope_agrees_with_the_policy holds this to `can()`."""
    member = office_member(user)
    if member is None or member.role == OfficeRole.SUPPORT:
        return []
    rows = dossiers_visible_to(user).values_list("pk", "modules")
    return [pk for pk, modules in rows if Module.MESSAGES in (modules or [])]


def unread_count(*, user, dossier) -> int:
    return conversation_list(user=user, dossier=dossier).filter(Q(unread=True)).count()


def read_receipts(conversation: Conversation, participants: list) -> dict[int, list]:
    """For each message: the participants other than its author who have read it."""
    reads = {r.user_id: r.read_at for r in ReadState.objects.filter(conversation=conversation)}
    out: dict[int, list] = {}
    for m in conversation.messages.all():
        out[m.pk] = [
            u
            for u in participants
            if u.pk != m.author_id and reads.get(u.pk) and reads[u.pk] >= m.created_at
        ]
    return out


def task_list(*, dossier, open_only: bool = False) -> QuerySet[Task]:
    qs = Task.objects.filter(dossier=dossier).select_related("assignee", "document")
    return qs.filter(done=False) if open_only else qs
