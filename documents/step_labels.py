"""What the processing steps are called for people: "Preview", not `visual:` (SPEC A8).

Steps registered by later apps (recognition, booking: `proposal`) are named here too, so a
badge never shows a code; a step unknown here shows a neutral word.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STEP_LABELS = {
    "visual": _("Preview"),
    "pages": _("Pages"),
    "recognition": _("Recognition"),
    "extraction": _("Reading the fields"),
    "text": _("Searchable text"),
    "proposal": _("Booking proposal"),
    "bank_statement": _("Bank statement"),
    "office_release": _("Check by the office"),  # the office app's gate (C11)
}

# How each status reads after the step's name ("Preview: ready"); "skipped" says the step
# had nothing to do, not that something was ignored.
STATUS_LABELS = {
    "pending": _("waiting"),
    "running": _("in progress"),
    "done": _("ready"),
    "failed": _("failed"),
    "skipped": _("not needed"),
    "held": _("waiting for the office"),
}


def step_label(name: str) -> str:
    label = STEP_LABELS.get(name)
    return str(label) if label is not None else str(_("Processing"))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))
