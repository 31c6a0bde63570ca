"""C13: the office's misc worklist: misc documents the clients sent to the office.

Each is filed to the client's archive, filed to the permanent dossier under a category, or
marked done (handled, nothing to file). Filing moves the document to the archive (as the
booking of an invoice does, B15); "done" leaves it where the client sees it. Every outcome
is a `MiscFiling` row (who, when) and an audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from documents.models import DocState, Document, Mailbox
from documents.services import document_mark_booked
from office.models import MiscFiling
from tenancy.models import User
from tenancy.policy import dossiers_visible_to

OUTCOMES = ("archive", "permanent", "done")

# Permanent-dossier categories, stored as codes and shown translated.
CATEGORIES: dict[str, object] = {
    "statutes": _("Statutes and deeds"),
    "contracts": _("Contracts"),
    "leases": _("Leases"),
    "insurance": _("Insurance"),
    "loans": _("Loans and credit"),
    "tax": _("Tax notices"),
    "social": _("Social and payroll"),
    "other": _("Other"),
}


def misc_pending(*, user: User, dossier_id: int | None = None) -> QuerySet[Document]:
    """Misc documents sent to the office and not processed yet, oldest first."""
    qs = Document.objects.filter(
        dossier__in=dossiers_visible_to(user),
        state=DocState.SENT,
        mailbox=Mailbox.MISC,
        office_misc_filing__isnull=True,
    )
    if dossier_id:
        qs = qs.filter(dossier_id=dossier_id)
    return qs.select_related("dossier", "uploaded_by").order_by("sent_at", "created_at", "pk")


def misc_processed(*, user: User, dossier_id: int | None = None) -> QuerySet[MiscFiling]:
    qs = MiscFiling.objects.filter(dossier__in=dossiers_visible_to(user))
    if dossier_id:
        qs = qs.filter(dossier_id=dossier_id)
    return qs.select_related("document", "dossier", "done_by").order_by("-done_at")


def misc_file(*, actor: User, document: Document, outcome: str, category: str = "") -> MiscFiling:
    if outcome not in OUTCOMES:
        raise ValidationError(_("Choose what to do with the document."))
    if outcome == "permanent" and category not in CATEGORIES:
        raise ValidationError(_("Choose a category of the permanent dossier."))
    if outcome != "permanent":
        category = ""
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.state != DocState.SENT or locked.mailbox != Mailbox.MISC:
            raise ValidationError(_("This document is not waiting in the misc worklist."))
        if MiscFiling.objects.filter(document=locked).exists():
            raise ValidationError(_("This document was processed already."))
        filing = MiscFiling.objects.create(
            document=locked,
            dossier_id=locked.dossier_id,
            outcome=outcome,
            category=category,
            done_by=actor,
        )
        if outcome in ("archive", "permanent"):
            document_mark_booked(actor=actor, document=locked, office_number="")
        audit_log(
            actor=actor,
            action="office.misc_filed",
            obj=locked,
            data={"outcome": outcome, "category": category},
        )
    return filing
