"""H2 seen from the lower apps: documents and booking ask, through core.extensions, for the
conversations panel of a document (document page, annotation screen) and for the icon a
document with conversations shows in every list. They never import messaging."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from messaging.forms import DocumentConversationForm
from messaging.selectors import conversation_list
from tenancy.policy import Cap, can


def conversation_panel(request: Any, dossier: Any, document: Any = None) -> dict[str, str]:
    """ "conversation_panel": the conversations on `document` with a form to start one; with no
    document, the dossier's open conversations on documents (the client's booking page)."""
    user = request.user
    if not can(user, Cap.MESSAGES, dossier):
        return {}
    rows = conversation_list(user=user, dossier=dossier).select_related("document")
    if document is not None:
        rows = rows.filter(document=document)
    else:
        rows = rows.filter(document__isnull=False, closed=False)
    shown = list(rows[:50])
    if document is None and not shown:
        return {}
    form = None
    if document is not None:
        form = DocumentConversationForm(
            initial={"subject": document.file_name[:200]}, auto_id="dc_%s"
        )
    html = render_to_string(
        "messaging/_document_panel.html",
        {
            "rows": shown,
            "document": document,
            "form": form,
            "back": request.get_full_path(),
            "task_ok": document is not None and can(user, Cap.TASKS, dossier),
        },
        request=request,
    )
    return {"messaging": html}


def document_icons(documents: list[Any], user: Any) -> dict[str, dict[int, tuple[str, str, str]]]:
    """ "document_icons": {doc id: (icon, label, link)} for the rows that have a conversation
    the user may read; one query per dossier on the page (a list shows one dossier)."""
    by_dossier: dict[int, list[Any]] = defaultdict(list)
    for d in documents:
        by_dossier[d.dossier_id].append(d)
    icons: dict[int, tuple[str, str, str]] = {}
    for docs in by_dossier.values():
        dossier, ids = docs[0].dossier, [d.pk for d in docs]
        if not can(user, Cap.MESSAGES, dossier):
            continue
        qs = conversation_list(user=user, dossier=dossier).filter(document_id__in=ids)
        # `unread` is an annotation: filtered through Q, as the selectors do.
        unread_ids = set(qs.filter(Q(unread=True)).values_list("pk", flat=True))
        rows = qs.order_by("-last_message_at").values_list("pk", "document_id")
        for pk, document_id in rows:
            unread = pk in unread_ids
            if document_id in icons:
                continue
            label = _("New message about this document") if unread else _("Conversation")
            icon = "chat-left-dots-fill" if unread else "chat-left-text"
            icons[document_id] = (icon, label, reverse("messaging_conversation", args=[pk]))
    return {"messaging": icons} if icons else {}
