"""Conversations (H1): a dossier's list, one conversation with its htmx reply, the office's
list across dossiers, and attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.storage import blob_open
from documents.selectors import document_visible
from messaging import selectors as sel
from messaging.access import attachment_access, conversation_access
from messaging.audience import client_users, is_office_side, participants
from messaging.forms import ConversationForm, DocumentConversationForm, ReplyForm
from messaging.models import ReadState
from messaging.services import (
    Upload,
    conversation_close,
    conversation_read,
    conversation_start,
    message_post,
)
from tenancy.access import dossier_access, object_access, office_staff
from tenancy.policy import Cap

# How often the conversation page asks for new messages (htmx polling).
POLL_SECONDS = 10


def _uploads(files) -> list[Upload]:
    return [Upload(file_name=f.name, data=f.read()) for f in files]


def _new_form(request, data=None, files=None) -> ConversationForm:
    dossier = request.dossier
    return ConversationForm(
        data,
        files,
        office_side=is_office_side(request.user, dossier),
        users=client_users(dossier),
        me=request.user,
    )


@dossier_access(Cap.MESSAGES)
def conversations_view(request, dossier_id: int):
    return _list(request, _new_form(request))


def _list(request, form):
    rows = sel.conversation_list(user=request.user, dossier=request.dossier)
    state = request.GET.get("state", "open")
    if state in ("open", "closed"):
        rows = rows.filter(closed=state == "closed")
    waiting = request.GET.get("waiting") == "1"
    if waiting:  # the office's cockpit: what the client waits for an answer on
        rows = sel.waiting_for_office(rows)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(subject__icontains=q) | rows.filter(messages__body__icontains=q)
        rows = rows.distinct()
    return render(
        request,
        "messaging/conversations.html",
        {
            "dossier": request.dossier,
            "rows": rows[:200],
            "form": form,
            "q": q,
            "state": state,
            "waiting": waiting,
            "unread": sel.unread_count(user=request.user, dossier=request.dossier),
        },
    )


@require_POST
@dossier_access(Cap.MESSAGES)
def conversation_new_view(request, dossier_id: int):
    form = _new_form(request, request.POST, request.FILES)
    if form.is_valid():
        recipient = next(
            (u for u in client_users(request.dossier) if u.pk == form.cleaned_data["recipient"]),
            None,
        )
        try:
            conv = conversation_start(
                dossier=request.dossier,
                author=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                recipient=recipient,
                uploads=_uploads(form.cleaned_data["attachments"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("messaging_conversation", conversation_id=conv.pk)
    return _list(request, form)


def _detail_context(request, conversation, form=None) -> dict:
    people = participants(conversation)
    receipts = sel.read_receipts(conversation, people)
    rows = conversation.messages.select_related("author").prefetch_related("attachments")
    return {
        "dossier": request.dossier,
        "conversation": conversation,
        "thread": [(m, receipts[m.pk]) for m in rows],
        "participants": people,
        "form": form or ReplyForm(),
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@conversation_access()
def conversation_messages_view(request, conversation_id: int):
    """The messages alone, polled by the conversation page every POLL_SECONDS so new ones
    appear without reloading; writes nothing (a message someone else wrote since the reader's
    last read asks the page to POST "read")."""
    conversation = request.fidu_object
    ctx = _detail_context(request, conversation)
    seen = ReadState.objects.filter(conversation=conversation, user=request.user).first()
    ctx["unseen"] = (
        conversation.messages.exclude(author=request.user)
        .filter(created_at__gt=seen.read_at)
        .exists()
        if seen
        else conversation.messages.exclude(author=request.user).exists()
    )
    return render(request, "messaging/_messages.html", ctx)


@conversation_access()
def conversation_view(request, conversation_id: int):
    return render(
        request, "messaging/conversation.html", _detail_context(request, request.fidu_object)
    )


@require_POST
@conversation_access()
def conversation_reply_view(request, conversation_id: int):
    conversation = request.fidu_object
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message_post(
                conversation=conversation,
                author=request.user,
                body=form.cleaned_data["body"],
                uploads=_uploads(form.cleaned_data["attachments"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ReplyForm()  # sent: an empty form for the next answer
            if not request.htmx:
                return redirect("messaging_conversation", conversation_id=conversation.pk)
    if request.htmx:
        return render(
            request, "messaging/_thread.html", _detail_context(request, conversation, form)
        )
    return render(
        request, "messaging/conversation.html", _detail_context(request, conversation, form)
    )


@require_POST
@conversation_access()
def conversation_close_view(request, conversation_id: int):
    conversation_close(
        conversation=request.fidu_object,
        actor=request.user,
        closed=request.POST.get("closed") != "0",
    )
    return redirect("messaging_conversation", conversation_id=conversation_id)


@require_POST
@conversation_access()
def conversation_read_view(request, conversation_id: int):
    conversation_read(conversation=request.fidu_object, user=request.user)
    return HttpResponse(status=204)


@attachment_access()
def attachment_view(request, attachment_id: int):
    att = request.fidu_object
    return FileResponse(
        blob_open(att.blob_id),
        as_attachment=True,
        filename=att.file_name,
        content_type=att.blob.content_type or "application/octet-stream",
    )


@office_staff
def office_conversations_view(request):
    rows = sel.office_conversation_list(user=request.user)
    if request.GET.get("unread"):
        rows = rows.filter(Q(unread=True))  # an annotation: Q keeps the type checker quiet
    return render(request, "messaging/office_conversations.html", {"rows": rows[:300]})


@require_POST
@object_access("documents.Document", Cap.MESSAGES, kwarg="document_id", check=document_visible)
def document_conversation_new_view(request, document_id: int):
    """H2: start a conversation about a document (document page, annotation screen)."""
    document = request.fidu_object
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("document_detail", args=[document.pk])
    form = DocumentConversationForm(request.POST, request.FILES, auto_id="dc_%s")
    if form.is_valid():
        try:
            conversation_start(
                dossier=request.dossier,
                author=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                uploads=_uploads(form.cleaned_data["attachments"]),
                document=document,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your message about the document was sent."))
    else:
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect(back)
