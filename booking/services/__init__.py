"""Writes of the booking factory (C4-C9), one module per concern.

- `build`: a proposal from a document and its extraction; rebuilt on a later extraction.
- `edit`: a person's corrections and checks, bulk changes, deletion.
- `send`: posting through the dossier's connector; what bulk sending asks to confirm.
- `questions`: the office's question on a document (a messaging conversation) marks its proposal.

Every service takes the actor, runs in a transaction and writes the audit row; who may
do what is asked of `booking.policy`.
"""

from booking.services.build import (
    Built,
    proposal_build,
    proposal_create_for_document,
    proposal_rebuild_after_extraction,
    proposal_reprocess,
    proposals_create_missing,
)
from booking.services.common import BOOKABLE_MAILBOXES, EditConflict
from booking.services.edit import (
    HEADER_FIELDS,
    LineInput,
    proposal_delete,
    proposal_set_help,
    proposal_update,
    proposals_change,
    proposals_mark_checked,
)
from booking.services.questions import help_needed_on_question
from booking.services.send import (
    booking_spec,
    proposal_send,
    proposals_send,
    send_confirmations,
)

__all__ = [
    "BOOKABLE_MAILBOXES",
    "HEADER_FIELDS",
    "Built",
    "EditConflict",
    "LineInput",
    "booking_spec",
    "help_needed_on_question",
    "proposal_build",
    "proposal_create_for_document",
    "proposal_delete",
    "proposal_rebuild_after_extraction",
    "proposal_reprocess",
    "proposal_send",
    "proposal_set_help",
    "proposal_update",
    "proposals_change",
    "proposals_create_missing",
    "proposals_mark_checked",
    "proposals_send",
    "send_confirmations",
]
