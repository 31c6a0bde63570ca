"""Missing documents (E3): the office asks the client for the invoice behind payments, the
client answers by uploading it on the request's page.

Payments without a document are outgoing movements not matched yet, and those matched to the
suspense account. A request covers one movement, or all chosen movements of one supplier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bank.models import MatchStatus, MissingDocumentRequest, Movement, RequestStatus
from core.audit import audit_log
from documents.intake import Incoming, IntakeMeta, intake_file
from tenancy.models import DossierMembership
from tenancy.policy import Cap, can


def payments_without_document(*, dossier: Any) -> QuerySet[Movement]:
    asked = MissingDocumentRequest.objects.filter(
        dossier=dossier, status__in=[RequestStatus.OPEN, RequestStatus.ANSWERED]
    ).values("movements")
    on_suspense = Q(
        matched=True,
        proposals__status=MatchStatus.ACCEPTED,
        proposals__account_code__startswith="499",
    )
    return (
        Movement.objects.filter(dossier=dossier, parent=None, amount__lt=0)
        .filter(Q(matched=False) | on_suspense)
        .exclude(pk__in=asked)
        .select_related("account")
        .distinct()
        .order_by("-booking_date", "-id")
    )


def recipients(dossier: Any) -> list[Any]:
    """The dossier's client users who may upload documents."""
    members = DossierMembership.objects.filter(dossier=dossier, user__is_active=True)
    return [m.user for m in members.select_related("user") if can(m.user, Cap.UPLOAD, dossier)]


def documents_request(
    *, actor: Any, dossier: Any, movements: Sequence[Movement], per_supplier: bool = False
) -> list[MissingDocumentRequest]:
    """One request per movement, or per supplier (same counterparty account or name)."""
    allowed = set(payments_without_document(dossier=dossier).values_list("pk", flat=True))
    chosen = [m for m in movements if m.pk in allowed]
    if not chosen:
        raise ValidationError(_("Choose payments that still lack a document."))
    groups: dict[Any, list[Movement]] = defaultdict(list)
    for m in chosen:
        key = (m.counterparty_account or m.counterparty_name.lower()) if per_supplier else m.pk
        groups[key or m.pk].append(m)
    with transaction.atomic():
        made = []
        for group in groups.values():
            req = MissingDocumentRequest.objects.create(
                dossier=dossier,
                counterparty_name=next(
                    (m.counterparty_name for m in group if m.counterparty_name), ""
                ),
                total=sum((m.amount for m in group), Decimal("0")),
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            req.movements.set(group)
            made.append(req)
            audit_log(
                actor=actor,
                action="bank.document_requested",
                obj=req,
                dossier_id=dossier.pk,
                data={"movements": [m.pk for m in group]},
            )
        ids = [r.pk for r in made]
        transaction.on_commit(lambda: _mail(dossier.pk, ids))
    return made


def _mail(dossier_id: int, request_ids: list[int]) -> None:
    requests = list(
        MissingDocumentRequest.objects.filter(pk__in=request_ids, dossier_id=dossier_id)
        .select_related("dossier")
        .prefetch_related("movements")
    )
    if not requests:
        return
    dossier = requests[0].dossier
    for user in recipients(dossier):
        with translation.override(user.language or dossier.language):
            links = [
                (
                    r,
                    settings.FIDU_BASE_URL
                    + reverse("bank_missing_answer", args=[dossier.pk, r.pk]),
                )
                for r in requests
            ]
            subject = _("%(dossier)s: your accountant asks for documents") % {
                "dossier": dossier.name
            }
            body = render_to_string(
                "bank/mail/missing_documents.txt", {"dossier": dossier, "links": links}
            )
        send_mail(subject, body, None, [user.email])


def request_answer(
    *, actor: Any, request: MissingDocumentRequest, file_name: str, data: bytes
) -> Any:
    """Store the uploaded file as a purchase document and link it to the request."""
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("This request has already been answered."))
    with transaction.atomic():
        documents = intake_file(
            Incoming(
                dossier=request.dossier,
                mailbox="purchases",
                source="upload",
                file_name=file_name,
                data=data,
                actor=actor,
                meta=IntakeMeta(doc_type="purchase_invoice"),
            )
        )
        request.document = documents[0]
        request.status = RequestStatus.ANSWERED
        request.answered_by = actor if getattr(actor, "is_authenticated", False) else None
        request.answered_at = timezone.now()
        request.save(update_fields=["document", "status", "answered_by", "answered_at"])
        audit_log(
            actor=actor,
            action="bank.document_received",
            obj=request,
            dossier_id=request.dossier_id,
            data={"documents": [d.pk for d in documents]},
        )
    return request.document
