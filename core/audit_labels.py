"""What each audit action is called for people (SPEC A8): "Sent to the accounting", never
`booking.proposal_sent`.

Labels are lazy, so a history shows in the reader's language. An app whose actions are not
in the table below adds its own from its `AppConfig.ready()` with `register_action_labels`.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_labels: dict[str, str | Promise] = {
    "access_request.created": _("Access requested"),
    "access_request.decided": _("Access request answered"),
    "api_token.created": _("API key created"),
    "api_token.revoked": _("API key revoked"),
    "blob.deleted": _("Stored file erased"),
    "booking.proposal_created": _("Booking proposal made"),
    "booking.proposal_deleted": _("Booking proposal removed"),
    "booking.proposal_sent": _("Sent to the accounting"),
    "booking.proposal_updated": _("Booking proposal corrected"),
    "booking.proposal_reprocessed": _("Document read again"),
    "booking.proposal_retyped": _("Document type changed"),
    "booking.question_asked": _("Question asked"),
    "booking.question_answered": _("Question answered"),
    "client_group.saved": _("Client group saved"),
    "collaborator_group.saved": _("Collaborator group saved"),
    "document.booked": _("Booked"),
    "document.deleted": _("Deleted"),
    "document.discarded": _("Set aside by the office"),
    "document.downloaded": _("Downloaded"),
    "document.merged": _("Merged into a new document"),
    "document.pages_edited": _("Pages rotated or reordered"),
    "document.possible_duplicate": _("Flagged as a possible duplicate"),
    "document.received": _("Received"),
    "document.retried": _("Processing restarted"),
    "document.shared": _("Shared by e-mail"),
    "document.split": _("Split into new documents"),
    "document.updated": _("Details corrected"),
    "document.visual_replaced": _("Preview replaced by the searchable scan"),
    "documents.sent": _("Sent to the accountant"),
    "dossier.assigned": _("Dossier assigned"),
    "dossier.created": _("Dossier created"),
    "dossier.updated": _("Dossier settings changed"),
    "dossier.consent_given": _("Consent given: the accountant may open unsent documents"),
    "dossier.consent_withdrawn": _(
        "Consent withdrawn: the accountant may no longer open unsent documents"
    ),
    "dossier.updated_until": _("Accounting up-to-date date changed"),
    "folder.created": _("Folder created"),
    "folder.deleted": _("Folder deleted"),
    "imap_account.created": _("Mailbox connected"),
    "intake_settings.updated": _("Receiving settings changed"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.created": _("Invitation sent"),
    "invitation.revoked": _("Invitation withdrawn"),
    "ledger.account_created": _("Account created"),
    "ledger.account_updated": _("Account changed"),
    "ledger.accounts_reviewed": _("Chart of accounts reviewed"),
    "ledger.active_period_set": _("Active period changed"),
    "ledger.books_activated": _("Books opened"),
    "ledger.books_imported": _("Books imported"),
    "ledger.counterparty_created": _("Counterparty created"),
    "ledger.counterparty_updated": _("Counterparty changed"),
    "ledger.entries_posted": _("Entries posted"),
    "ledger.entry_posted": _("Entry posted"),
    "ledger.entry_reversed": _("Entry reversed"),
    "ledger.export_created": _("Export made"),
    "ledger.fiscal_year_created": _("Financial year created"),
    "ledger.import_applied": _("Import applied"),
    "ledger.import_checked": _("Import checked"),
    "ledger.items_matched": _("Items matched"),
    "ledger.journal_created": _("Journal created"),
    "ledger.journal_updated": _("Journal changed"),
    "ledger.match_undone": _("Matching undone"),
    "ledger.period_closed": _("Period closed"),
    "ledger.period_reopened": _("Period reopened"),
    "ledger.rubric_deleted": _("Heading deleted"),
    "ledger.rubric_saved": _("Heading saved"),
    "ledger.rubric_scheme_created": _("Heading scheme created"),
    "ledger.rubric_scheme_overridden": _("Heading scheme adapted"),
    "ledger.rubric_scheme_reset": _("Heading scheme reset"),
    "ledger.sent_counter_reset": _("Sent counter reset"),
    "ledger.sync_failed": _("Synchronisation failed"),
    "ledger.synced": _("Synchronised"),
    "ledger.vat_code_created": _("VAT code created"),
    "ledger.vat_code_updated": _("VAT code changed"),
    "mail.received": _("E-mail received"),
    "membership.removed": _("Member removed"),
    "membership.updated": _("Member's rights changed"),
    "office.branding_updated": _("Office look changed"),
    "office.logo_removed": _("Office logo removed"),
    "recognition.cartridge_added": _("Recognition credits added"),
    "recognition.cartridge_changed": _("Recognition credits changed"),
    "recognition.cartridge_alert": _("Recognition credits running low"),
    "recognition.cartridge_deleted": _("Recognition credits removed"),
    "recognition.corrected": _("Recognised fields corrected"),
    "recognition.extracted": _("Fields recognised"),
    "recognition.quota_settings_updated": _("Credit alerts changed"),
    "recognition.settings_updated": _("Recognition settings changed"),
    "recognition.verified": _("Recognised fields checked"),
    "tasks.probe": _("Background work checked"),
    "user.preferences_updated": _("Preferences changed"),
    "user.totp_disabled": _("Two-step login switched off"),
    "user.totp_enabled": _("Two-step login switched on"),
}


def register_action_labels(labels: dict[str, str | Promise]) -> None:
    _labels.update(labels)


def action_label(action: str) -> str:
    """The action's label in the active language; an unknown action shows a neutral word."""
    label = _labels.get(action)
    return str(label) if label is not None else str(_("Other change"))


def known_actions() -> set[str]:
    return set(_labels)
