"""Who may open, edit, check and send a booking proposal (C8), per validation mode.

Built on `tenancy.policy` (capabilities per dossier) and asked by the pages, the API
and the services alike, so a rule changes in one place:

- the office (worklist capability) opens, edits, checks and sends every proposal;
- the client edits and checks in hybrid and client modes, and sends in client mode only;
- in verified mode (C1) the client does not see a proposal until a collaborator checked it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenancy.models import ValidationMode
from tenancy.policy import Cap, can

if TYPE_CHECKING:
    from booking.models import Proposal
    from tenancy.models import Dossier, User


def is_office(user: User, dossier: Dossier) -> bool:
    return can(user, Cap.WORKLIST, dossier)


def may_edit(user: User, dossier: Dossier) -> bool:
    """Office worklist users always; the client in hybrid and client modes."""
    if is_office(user, dossier):
        return True
    return dossier.validation_mode != ValidationMode.COLLABORATOR and can(
        user, Cap.DOCUMENT_EDIT, dossier
    )


def may_send(user: User, dossier: Dossier) -> bool:
    """The office sends in collaborator and hybrid modes; in client mode the client does."""
    if is_office(user, dossier):
        return True
    return dossier.validation_mode == ValidationMode.CLIENT and can(
        user, Cap.DOCUMENT_EDIT, dossier
    )


def held_from(user: User, proposal: Proposal) -> bool:
    """C1 verified mode: the client does not see the proposal until a collaborator checked it."""
    extraction = proposal.extraction
    return (
        extraction is not None
        and extraction.awaits_verification
        and not is_office(user, proposal.dossier)
    )


def may_open(user: User, proposal: Proposal) -> bool:
    return may_edit(user, proposal.dossier) and not held_from(user, proposal)


def may_check(user: User, proposal: Proposal) -> bool:
    """Marking checked is an edit: whoever may open the proposal may check it."""
    return may_open(user, proposal)


def may_send_proposal(user: User, proposal: Proposal) -> bool:
    return may_send(user, proposal.dossier) and not held_from(user, proposal)
