"""What the build, edit and send services share: the mailboxes that get proposals, the
edit conflict, and re-deriving a proposal's status from its lines and the books."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from booking import enrich
from booking.models import Proposal, ProposalLine
from booking.rules import evaluate
from documents.models import Mailbox
from tenancy.policy import Cap, can

BOOKABLE_MAILBOXES = (Mailbox.PURCHASES, Mailbox.SALES)


class EditConflict(ValidationError):
    """Someone saved the proposal after this person opened it."""


def verify_by_office(actor: Any, p: Proposal) -> None:
    """A collaborator's check (or sending) releases a verified-mode result to the client."""
    if p.extraction_id and can(actor, Cap.WORKLIST, p.dossier):
        from recognition.modes import extraction_verify

        extraction_verify(actor=actor, extraction_id=p.extraction_id)


def save_lines(p: Proposal, lines: list[ProposalLine]) -> None:
    for i, ln in enumerate(lines):
        ln.proposal = p
        ln.position = i
        ln.pk = None
    ProposalLine.objects.bulk_create(lines)


def reevaluate(p: Proposal) -> None:
    lines = list(p.lines.select_related("account", "vat_code"))
    suspense = enrich.AccountSuggester(p.dossier).suspense
    evaluate(p, lines, suspense.pk if suspense else None)
