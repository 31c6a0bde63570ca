"""One document's history (SPEC A8): each step, correction, check, send, booking and download,
with who and when, told in the reader's language.

The audit trail holds most of it: events on the document itself, on its sending (the
dispatch), and on what later apps made from it (booking proposals), which they name through
the `document_audit_objects` extension point. Processing steps add their own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import extensions
from core.audit import audit_log
from core.audit_labels import action_label
from core.models import AuditEvent
from core.texts import render
from documents.models import Document, StepStatus
from documents.step_labels import status_label, step_label

DOWNLOADS = {"original": gettext_lazy("original file"), "pdf": gettext_lazy("PDF")}


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: str
    what: str
    detail: str
    action: str  # the audit action, or "step:<name>", for tests and styling


def record_download(*, actor: Any, document: Document, file: str) -> None:
    """One audit row each time a file of the document leaves the server (A8)."""
    with transaction.atomic():
        audit_log(actor=actor, action="document.downloaded", obj=document, data={"file": file})


def _events(document: Document) -> list[AuditEvent]:
    where = Q(object_type="documents.document", object_id=str(document.pk))
    where |= Q(dossier_id=document.dossier_id, data__document=document.pk)
    if document.dispatch_id:
        where |= Q(object_type="documents.dispatch", object_id=str(document.dispatch_id))
    for object_type, ids in extensions.collect("document_audit_objects", document).items():
        where |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    return list(AuditEvent.objects.filter(where).select_related("actor"))


def _who(event: AuditEvent) -> str:
    if event.actor is not None:
        return str(event.actor)  # the person's name, else their e-mail
    if event.actor_label and "@" in event.actor_label:
        return event.actor_label  # a person since removed
    return _("Fidu (automatic)")


def _names(fields: list[str] | dict) -> str:
    """The document's own fields by their translated names; others (recognised fields) as read."""
    names = []
    for f in fields:
        try:
            names.append(str(Document._meta.get_field(str(f).removesuffix("_id")).verbose_name))
        except FieldDoesNotExist:
            names.append(str(f).replace("_", " "))
    return ", ".join(names)


def _detail(event: AuditEvent) -> str:
    data = event.data or {}
    action = event.action
    if action == "document.downloaded":
        return str(DOWNLOADS.get(data.get("file", ""), ""))
    if action in ("document.updated", "recognition.corrected", "booking.proposal_updated"):
        fields = data.get("fields", data) if action != "document.updated" else data
        text = _names([f for f in fields if f not in ("checked", "status")])
        return text
    if action in ("document.booked", "booking.proposal_sent") and data.get("number"):
        return _("entry %(number)s") % {"number": data["number"]}
    if action == "document.shared":
        return str(data.get("to", ""))
    if action == "documents.sent" and data.get("summary"):
        return str(data["summary"])
    if action in ("document.split", "document.merged", "document.pages_edited"):
        into = data.get("into", [])
        return ngettext("new document: %(ids)s", "new documents: %(ids)s", len(into)) % {
            "ids": ", ".join(map(str, into))
        }
    return ""


def _what(event: AuditEvent) -> str:
    if event.action == "booking.proposal_updated" and (event.data or {}).get("checked"):
        return _("Booking proposal checked")
    return action_label(event.action)


def document_history(document: Document) -> list[HistoryRow]:
    """Oldest first: the story of the document as it happened."""
    rows = [
        HistoryRow(e.created_at, _who(e), _what(e), _detail(e), e.action) for e in _events(document)
    ]
    for step in document.steps.all():
        when = step.finished_at or step.started_at
        if when is None or step.status in (StepStatus.PENDING, StepStatus.RUNNING):
            continue
        rows.append(
            HistoryRow(
                when,
                _("Fidu (automatic)"),
                f"{step_label(step.name)}: {status_label(step.status)}",
                render(step.reason),
                f"step:{step.name}",
            )
        )
    rows.sort(key=lambda r: r.when)
    return rows
