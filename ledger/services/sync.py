"""Synchronisation with the accounting software (D4) and the chart-review flag (D5).

Triggers: "send" (proposals were sent: `bookings_send`), "nightly" (the
`ledger_sync` command / task), "manual" (with the "accounting updated until" date,
optional reset of the sent counter and an e-mail to the client) and "full" (everything
again, not only what changed since the last sync). The outcome is stored in SyncState:
OK, failed and needs support, or failed and fixable with the instruction shown.
"""

from __future__ import annotations

import logging
from datetime import date as Date
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_log
from ledger.connectors.base import Booking, ConnectorError, PushResult, connector_of
from ledger.events import books_changed
from ledger.models import SyncState, SyncStatus
from tenancy.models import Dossier, DossierMembership
from tenancy.services import dossier_updated_until_set

log = logging.getLogger(__name__)

TRIGGERS = ("send", "nightly", "manual", "full")


def sync_run(
    *,
    actor: Any,
    dossier: Dossier,
    trigger: str = "manual",
    updated_until: Date | None = None,
    reset_counter: bool = False,
    notify_client: bool = False,
) -> SyncState:
    """Pull from the dossier's connector and record the outcome. Never raises on a
    connector failure: the failure is the status."""
    if trigger not in TRIGGERS:
        raise ValueError(trigger)
    with transaction.atomic():
        state, _c = SyncState.objects.select_for_update().get_or_create(dossier=dossier)
        now = timezone.now()
        state.last_attempt_at = now
        since = None if trigger == "full" else state.last_sync_at
        try:
            result = connector_of(dossier).pull(dossier, since)
        except ConnectorError as exc:
            state.status = SyncStatus.FAILED_FIXABLE if exc.fixable else SyncStatus.FAILED_SUPPORT
            state.instruction = exc.instruction if exc.fixable else str(exc)
            state.save()
            audit_log(
                actor=actor,
                action="ledger.sync_failed",
                obj=dossier,
                data={"trigger": trigger, "error": str(exc), "fixable": exc.fixable},
            )
            return state
        except Exception as exc:  # a connector bug must not stop the nightly run
            log.exception("ledger sync of dossier %s failed", dossier.pk)
            state.status = SyncStatus.FAILED_SUPPORT
            state.instruction = str(exc)[:500]
            state.save()
            audit_log(
                actor=actor,
                action="ledger.sync_failed",
                obj=dossier,
                data={"trigger": trigger, "error": str(exc)[:500]},
            )
            return state
        until_before = state.updated_until
        state.status = SyncStatus.OK
        state.instruction = ""
        state.last_sync_at = now
        if trigger == "manual" and updated_until is not None:
            state.updated_until = updated_until
        elif result.updated_until and trigger != "manual":
            state.updated_until = max(filter(None, [state.updated_until, result.updated_until]))
        if result.accounts_changed:
            state.accounts_to_review = True
        if reset_counter:
            state.sent_counter = 0
        state.save()
        if result.entries or result.accounts_changed or state.updated_until != until_before:
            # Figures follow what the pull brought; a sync that brought nothing keeps them.
            books_changed(dossier.pk)
        if state.updated_until and state.updated_until != dossier.updated_until:
            # The nightly run has no actor; the tenancy service accepts that and audits it.
            dossier_updated_until_set(actor=None, dossier=dossier, day=state.updated_until)
        audit_log(
            actor=actor,
            action="ledger.synced",
            obj=dossier,
            data={
                "trigger": trigger,
                "updated_until": state.updated_until.isoformat() if state.updated_until else None,
                "reset_counter": reset_counter,
                "accounts_changed": result.accounts_changed,
            },
        )
        if notify_client:
            transaction.on_commit(lambda: _mail_client(dossier.pk))
        return state


def _mail_client(dossier_id: int) -> None:
    dossier = Dossier.objects.select_related("office").get(pk=dossier_id)
    state = SyncState.objects.get(dossier=dossier)
    recipients = list(
        DossierMembership.objects.filter(
            dossier=dossier, profile__in=["administrator", "full_access", "full_feedback"]
        ).values_list("user__email", flat=True)
    ) or ([dossier.email] if dossier.email else [])
    if not recipients:
        return
    with translation.override(dossier.language):
        subject = _("Your accounts are up to date until %(date)s") % {
            "date": state.updated_until.strftime("%d/%m/%Y") if state.updated_until else "–"
        }
        body = render_to_string("ledger/mail/updated.txt", {"dossier": dossier, "state": state})
    send_mail(subject, body, None, recipients)


def bookings_send(*, actor: Any, dossier: Dossier, bookings: list[Booking]) -> PushResult:
    """Send validated bookings to the accounting software, count them, sync (D4 "on send")."""
    with transaction.atomic():
        result = connector_of(dossier).push(dossier, bookings, actor=actor)
        state, _c = SyncState.objects.select_for_update().get_or_create(dossier=dossier)
        state.sent_counter += len(result.entry_ids)
        state.save(update_fields=["sent_counter"])
        sync_run(actor=actor, dossier=dossier, trigger="send")
        return result


def sent_counter_reset(*, actor: Any, dossier: Dossier) -> SyncState:
    with transaction.atomic():
        state, _c = SyncState.objects.get_or_create(dossier=dossier)
        before = state.sent_counter
        state.sent_counter = 0
        state.save(update_fields=["sent_counter"])
        audit_log(
            actor=actor, action="ledger.sent_counter_reset", obj=dossier, data={"before": before}
        )
        return state
