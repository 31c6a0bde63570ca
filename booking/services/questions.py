"""Questions to the client about one document (C7 -> H2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking.models import (
    Proposal,
    Question,
)
from booking.services.common import (
    reevaluate,
)
from core.audit import audit_log


def question_ask(*, actor: Any, proposal: Proposal, text: str) -> Question:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the question."))
    with transaction.atomic():
        q = Question.objects.create(
            proposal=proposal,
            document_id=proposal.document_id,
            dossier_id=proposal.dossier_id,
            text=text[:2000],
            asked_by=actor,
        )
        Proposal.objects.filter(pk=proposal.pk).update(help_needed=True)
        proposal.help_needed = True
        reevaluate(proposal)
        Proposal.objects.filter(pk=proposal.pk).update(status=proposal.status)
        audit_log(actor=actor, action="booking.question_asked", obj=q, dossier_id=q.dossier_id)
    return q


def question_answer(*, actor: Any, question: Question, text: str) -> Question:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the answer."))
    with transaction.atomic():
        question.answer, question.answered_by = text[:2000], actor
        question.answered_at = timezone.now()
        question.save()
        audit_log(
            actor=actor,
            action="booking.question_answered",
            obj=question,
            dossier_id=question.dossier_id,
        )
    return question
