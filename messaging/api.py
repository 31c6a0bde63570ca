"""Messaging API (H1, H4): a dossier's conversations and tasks.

Reading a conversation through GET does not mark it read; POST .../read does.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from core.texts import render as render_text
from messaging import selectors as sel
from messaging.access import conversation_access
from messaging.audience import client_users, participants
from messaging.deadlines import deadlines_for
from messaging.services import conversation_read, conversation_start, message_post
from messaging.tasks import calendar_of
from tenancy.access import dossier_access
from tenancy.policy import Cap

router = Router(tags=["messaging"])


class ConversationIn(Schema):
    subject: str
    body: str
    recipient_id: int | None = None


class MessageIn(Schema):
    body: str


def _conversation_json(c, unread: bool | None = None) -> dict:
    out = {
        "id": c.id,
        "dossier_id": c.dossier_id,
        "subject": c.subject,
        "created_by": c.created_by.email,
        "recipient": c.recipient.email if c.recipient else None,
        "closed": c.closed,
        "last_message_at": c.last_message_at.isoformat() if c.last_message_at else None,
    }
    if unread is not None:
        out["unread"] = unread
    return out


def _detail_json(c) -> dict:
    people = participants(c)
    receipts = sel.read_receipts(c, people)
    out = _conversation_json(c)
    out["messages"] = [
        {
            "id": m.id,
            "author": m.author.email,
            "body": m.body,
            "created_at": m.created_at.isoformat(),
            "attachments": [{"id": a.id, "file_name": a.file_name} for a in m.attachments.all()],
            "read_by": [u.email for u in receipts[m.pk]],
        }
        for m in c.messages.select_related("author").prefetch_related("attachments")
    ]
    return out


@router.get("/dossiers/{dossier_id}/conversations", summary="Conversations of a dossier")
@decorate_view(dossier_access(Cap.MESSAGES))
def conversations(request, dossier_id: int):
    rows = sel.conversation_list(user=request.user, dossier=request.dossier)
    return [_conversation_json(c, c.unread) for c in rows[:500]]  # type: ignore[attr-defined]


@router.post("/dossiers/{dossier_id}/conversations", summary="Start a conversation")
@decorate_view(dossier_access(Cap.MESSAGES))
def conversation_create(request, dossier_id: int, payload: ConversationIn):
    recipient = None
    if payload.recipient_id is not None:
        recipient = next(
            (u for u in client_users(request.dossier) if u.pk == payload.recipient_id), None
        )
        if recipient is None:
            raise HttpError(400, "recipient_id: not a user of the dossier who may see messages")
    try:
        conv = conversation_start(
            dossier=request.dossier,
            author=request.user,
            subject=payload.subject,
            body=payload.body,
            recipient=recipient,
        )
    except ValidationError as exc:
        raise HttpError(400, "; ".join(exc.messages)) from None
    return _detail_json(conv)


@router.get("/conversations/{conversation_id}", summary="A conversation with its messages")
@decorate_view(conversation_access())
def conversation(request, conversation_id: int):
    return _detail_json(request.fidu_object)


@router.get("/conversations/{conversation_id}/messages", summary="The messages of a conversation")
@decorate_view(conversation_access())
def conversation_messages(request, conversation_id: int, since: int | None = None):
    """The messages, oldest first; `since`: only those after that message id (polling)."""
    rows = _detail_json(request.fidu_object)["messages"]
    return [m for m in rows if since is None or m["id"] > since]


@router.post("/conversations/{conversation_id}/messages", summary="Answer a conversation")
@decorate_view(conversation_access())
def conversation_message(request, conversation_id: int, payload: MessageIn):
    try:
        message_post(conversation=request.fidu_object, author=request.user, body=payload.body)
    except ValidationError as exc:
        raise HttpError(400, "; ".join(exc.messages)) from None
    return _detail_json(request.fidu_object)


@router.post("/conversations/{conversation_id}/read", summary="Mark a conversation read")
@decorate_view(conversation_access())
def conversation_mark_read(request, conversation_id: int):
    conversation_read(conversation=request.fidu_object, user=request.user)
    return {"read": True}


@router.get("/dossiers/{dossier_id}/deadlines", summary="The dossier's legal deadlines of a year")
@decorate_view(dossier_access(Cap.TASKS))
def deadlines(request, dossier_id: int, year: int):
    cal = calendar_of(request.dossier)
    rows = deadlines_for(
        year=year,
        vat_filing=cal.vat_filing,
        intra_eu_listing=cal.intra_eu_listing,
        advance_payments=cal.advance_payments,
    )
    return [{"kind": d.kind, "period": d.period, "due_date": d.due.isoformat()} for d in rows]


@router.get("/dossiers/{dossier_id}/tasks", summary="Tasks and legal deadlines of a dossier")
@decorate_view(dossier_access(Cap.TASKS))
def tasks(request, dossier_id: int, done: bool | None = None):
    rows = sel.task_list(dossier=request.dossier)
    if done is not None:
        rows = rows.filter(done=done)
    return [
        {
            "id": t.id,
            "title": render_text(t.title),
            "due_date": t.due_date.isoformat(),
            "assignee": t.assignee.email if t.assignee else None,
            "done": t.done,
            "deadline": t.rule_key or None,
            "overdue": not t.done and t.due_date < date.today(),
        }
        for t in rows[:1000]
    ]
