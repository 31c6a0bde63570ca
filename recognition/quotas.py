"""Cartridges (C10): quotas of documents per office, processing mode and period.

A cartridge's usage is what `UsageCounter` counted for the office's dossiers in its mode
and period. Each time a document is counted, `quota_after_usage` checks the thresholds:
at 90 % and again at 100 % the office admins (and an optional extra address) get one
e-mail each, in their language. "Once" holds under concurrency because the alert is a
`CartridgeAlert` row with a unique (cartridge, threshold): the worker that inserts it
sends the mail (on commit); a worker that loses the race gets an IntegrityError and
sends nothing. At 100 % the office chooses to keep recognising or to fall back to
transport mode (`exhausted_fallback`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_log
from tenancy.models import Dossier, Office, OfficeMember, OfficeRole

from .models import (
    Cartridge,
    CartridgeAlert,
    ProcessingMode,
    QuotaSettings,
    UsageCounter,
    WhenExhausted,
)

logger = logging.getLogger(__name__)

THRESHOLDS = (90, 100)  # percent; the seed's "e-mail at 90 %", and the moment it is used up


# -- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CartridgeUse:
    cartridge: Cartridge
    used: int

    @property
    def percent(self) -> int:
        return min(999, (100 * self.used) // self.cartridge.capacity)

    @property
    def level(self) -> str:
        """For the page's colours: ok, warning (from 90 %), full (100 %)."""
        if self.used >= self.cartridge.capacity:
            return "full"
        return "warning" if self.percent >= THRESHOLDS[0] else "ok"

    @property
    def warn_at(self) -> float:
        """Where a <meter> turns amber (no inline styles under the CSP: the browser colours it)."""
        return self.cartridge.capacity * THRESHOLDS[0] / 100

    @property
    def full_at(self) -> float:
        return self.cartridge.capacity - 0.5

    def is_current(self, day: dt.date) -> bool:
        return self.cartridge.starts_on <= day <= self.cartridge.ends_on


def _counters(cartridge: Cartridge):
    return UsageCounter.objects.filter(
        dossier__office_id=cartridge.office_id,
        mode=cartridge.mode,
        day__gte=cartridge.starts_on,
        day__lte=cartridge.ends_on,
    )


def cartridge_used(cartridge: Cartridge) -> int:
    return _counters(cartridge).aggregate(n=Sum("documents"))["n"] or 0


def cartridges_overview(*, office: Office) -> list[CartridgeUse]:
    """Every cartridge of the office with its usage (one aggregate query per cartridge)."""
    return [CartridgeUse(c, cartridge_used(c)) for c in Cartridge.objects.filter(office=office)]


def cartridge_get_for_office(*, office: Office, cartridge_id: int) -> Cartridge:
    """A cartridge of this office; another office's cartridge does not exist here (404)."""
    found = Cartridge.objects.filter(office=office, pk=cartridge_id).first()
    if found is None:
        raise Http404
    return found


def cartridge_usage_by_dossier(cartridge: Cartridge) -> list[dict[str, Any]]:
    return list(
        _counters(cartridge)
        .values("dossier_id", "dossier__name")
        .annotate(documents=Sum("documents"), pages=Sum("pages"))
        .order_by("-documents", "dossier__name")
    )


def cartridge_usage_by_day(cartridge: Cartridge) -> list[dict[str, Any]]:
    return list(
        _counters(cartridge)
        .values("day")
        .annotate(documents=Sum("documents"), pages=Sum("pages"))
        .order_by("-day")
    )


def cartridge_current(*, office_id: int, mode: str, day: dt.date) -> Cartridge | None:
    """The cartridge that pays for a document of this mode on this day (the newest one)."""
    return (
        Cartridge.objects.filter(
            office_id=office_id, mode=mode, starts_on__lte=day, ends_on__gte=day
        )
        .order_by("-starts_on", "-id")
        .first()
    )


def cartridges_current(*, office_id: int, day: dt.date | None = None) -> list[CartridgeUse]:
    """The cartridge of each mode that pays for today's documents, with its usage."""
    day = day or timezone.localdate()
    out = []
    for mode in ProcessingMode.values:
        cartridge = cartridge_current(office_id=office_id, mode=mode, day=day)
        if cartridge is not None:
            out.append(CartridgeUse(cartridge, cartridge_used(cartridge)))
    return out


def quota_settings_for(office: Office) -> QuotaSettings:
    return QuotaSettings.objects.filter(office=office).first() or QuotaSettings(office=office)


def exhausted_fallback(*, office_id: int, mode: str, day: dt.date | None = None) -> bool:
    """True when documents of `mode` must go unrecognised: the office chose the transport
    fallback and the current cartridge of that mode is used up. No cartridge, no limit."""
    if mode == ProcessingMode.TRANSPORT:
        return False
    if not QuotaSettings.objects.filter(
        office_id=office_id, when_exhausted=WhenExhausted.TRANSPORT
    ).exists():
        return False
    cartridge = cartridge_current(office_id=office_id, mode=mode, day=day or timezone.localdate())
    return cartridge is not None and cartridge_used(cartridge) >= cartridge.capacity


# -- writes --------------------------------------------------------------------------------


def _check_no_overlap(office: Office, mode: str, starts_on, ends_on, exclude_id=None) -> None:
    clash = Cartridge.objects.filter(
        office=office, mode=mode, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(pk=exclude_id)
    if clash.exists():
        raise ValidationError(
            _("Another %(mode)s cartridge already covers part of this period.")
            % {"mode": ProcessingMode(mode).label}
        )


def cartridge_save(
    *,
    actor: Any,
    office: Office,
    mode: str,
    capacity: int,
    starts_on: dt.date,
    ends_on: dt.date,
    cartridge: Cartridge | None = None,
) -> Cartridge:
    """Add a cartridge, or change one (dates, capacity). Periods of one mode never overlap,
    so every counted document belongs to at most one cartridge."""
    if mode not in ProcessingMode.values:
        raise ValidationError(_("Unknown processing mode."))
    if capacity < 1:
        raise ValidationError(_("A cartridge holds at least one document."))
    if ends_on < starts_on:
        raise ValidationError(_("The end date comes before the start date."))
    with transaction.atomic():
        _check_no_overlap(office, mode, starts_on, ends_on, cartridge.pk if cartridge else None)
        created = cartridge is None
        cartridge = cartridge or Cartridge(office=office)
        cartridge.mode, cartridge.capacity = mode, capacity
        cartridge.starts_on, cartridge.ends_on = starts_on, ends_on
        cartridge.save()
        # A refilled cartridge alerts again when it reaches a threshold once more.
        used = cartridge_used(cartridge)
        rearmed = [
            a.threshold
            for a in cartridge.alerts.all()
            if used * 100 < a.threshold * cartridge.capacity
        ]
        cartridge.alerts.filter(threshold__in=rearmed).delete()
        audit_log(
            actor=actor,
            action="recognition.cartridge_added" if created else "recognition.cartridge_changed",
            obj=cartridge,
            data={
                "mode": mode,
                "capacity": capacity,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "alerts_rearmed": rearmed,
            },
        )
    return cartridge


def cartridge_delete(*, actor: Any, cartridge: Cartridge) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="recognition.cartridge_deleted",
            obj=cartridge.office,
            data={
                "cartridge": cartridge.pk,
                "mode": cartridge.mode,
                "capacity": cartridge.capacity,
            },
        )
        cartridge.delete()


def quota_settings_update(
    *, actor: Any, office: Office, notify_admins: bool, extra_email: str, when_exhausted: str
) -> QuotaSettings:
    if when_exhausted not in WhenExhausted.values:
        raise ValidationError(_("Unknown choice."))
    with transaction.atomic():
        found, _created = QuotaSettings.objects.update_or_create(
            office=office,
            defaults={
                "notify_admins": notify_admins,
                "extra_email": extra_email.strip(),
                "when_exhausted": when_exhausted,
            },
        )
        audit_log(
            actor=actor,
            action="recognition.quota_settings_updated",
            obj=office,
            data={
                "notify_admins": notify_admins,
                "extra_email": found.extra_email,
                "when_exhausted": when_exhausted,
            },
        )
    return found


# -- the alerts ----------------------------------------------------------------------------


def quota_after_usage(*, dossier_id: int, mode: str, day: dt.date) -> list[CartridgeAlert]:
    """Called where a document is counted: record and mail the thresholds just reached.

    Returns the alerts this call created (empty when another worker already did).
    """
    office_id = Dossier.objects.filter(pk=dossier_id).values_list("office_id", flat=True).first()
    if office_id is None:
        return []
    cartridge = cartridge_current(office_id=office_id, mode=mode, day=day)
    if cartridge is None:
        return []
    used = cartridge_used(cartridge)
    reached = [t for t in THRESHOLDS if used * 100 >= t * cartridge.capacity]
    pending = [t for t in reached if t not in _alerted(cartridge)]
    created: list[CartridgeAlert] = []
    for threshold in pending:
        try:
            with transaction.atomic():
                created.append(
                    CartridgeAlert.objects.create(
                        cartridge=cartridge, threshold=threshold, used=used
                    )
                )
        except IntegrityError:  # another worker recorded (and mails) this threshold
            continue
    if created:
        # Crossing 90 and 100 with one document: one mail, about the higher threshold.
        top = max(created, key=lambda a: a.threshold)
        audit_log(
            actor=None,
            action="recognition.cartridge_alert",
            obj=cartridge,
            data={
                "thresholds": [a.threshold for a in created],
                "used": used,
                "capacity": cartridge.capacity,
            },
        )
        transaction.on_commit(lambda: alert_mail_send(alert_id=top.pk))
    return created


def _alerted(cartridge: Cartridge) -> set[int]:
    return set(cartridge.alerts.values_list("threshold", flat=True))


def alert_recipients(office: Office) -> list[tuple[str, str]]:
    """(address, language) of everyone the office wants alerted."""
    chosen = quota_settings_for(office)
    out: list[tuple[str, str]] = []
    if chosen.notify_admins:
        admins = OfficeMember.objects.filter(
            office=office, role=OfficeRole.ADMIN, is_active=True, user__is_active=True
        ).select_related("user")
        out += [(m.user.email, m.user.language) for m in admins if m.user.email]
    if chosen.extra_email and chosen.extra_email.lower() not in {a.lower() for a, _l in out}:
        # An address without an account: the language of the office's first admin, else default.
        out.append((chosen.extra_email, out[0][1] if out else settings.LANGUAGE_CODE[:2]))
    return out


def alert_mail_send(*, alert_id: int) -> int:
    """Mail one alert, one message per language; returns the number of messages sent."""
    alert = CartridgeAlert.objects.select_related("cartridge__office").get(pk=alert_id)
    cartridge = alert.cartridge
    recipients = alert_recipients(cartridge.office)
    by_language: dict[str, list[str]] = {}
    for address, language in recipients:
        by_language.setdefault(language, []).append(address)
    sent = 0
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            ctx = {
                "cartridge": cartridge,
                "mode": ProcessingMode(cartridge.mode).label,
                "alert": alert,
                "office": cartridge.office,
                "url": settings.FIDU_BASE_URL
                + reverse("recognition_cartridge", args=[cartridge.pk]),
                "fallback": quota_settings_for(cartridge.office).when_exhausted
                == WhenExhausted.TRANSPORT,
            }
            if alert.threshold >= 100:
                subject = _("Your %(mode)s cartridge is used up") % ctx
            else:
                subject = _("Your %(mode)s cartridge is %(pct)s %% used") % {
                    **ctx,
                    "pct": alert.threshold,
                }
            body = render_to_string("recognition/mail/cartridge_alert.txt", ctx)
        try:
            send_mail(subject, body, None, addresses)
            sent += 1
        except Exception:
            logger.exception("cartridge alert %s could not be mailed", alert_id)
    CartridgeAlert.objects.filter(pk=alert_id).update(recipients=[a for a, _l in recipients])
    return sent
