"""Processing modes per dossier and journal (C1) and the usage they consume (C10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from tenancy.models import Dossier
from tenancy.policy import Cap, can

from .models import DossierRecognitionSettings, Extraction, ProcessingMode, UsageCounter


def recognition_settings_for(dossier: Dossier) -> DossierRecognitionSettings:
    found = DossierRecognitionSettings.objects.filter(dossier=dossier).first()
    return found or DossierRecognitionSettings(dossier=dossier)


def parse_journal_modes(text: str) -> dict[str, str]:
    """ "ACH: verified" lines -> {"ACH": "verified"}; a clear error names the bad line."""
    modes: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        code, _sep, mode = line.partition(":")
        code, mode = code.strip().upper(), mode.strip().lower()
        if not code or mode not in ProcessingMode.values:
            raise ValidationError(
                _("Line %(n)s: write a journal code, a colon and transport, automatic or verified.")
                % {"n": number}
            )
        modes[code] = mode
    return modes


def recognition_settings_update(
    *, actor: Any, dossier: Dossier, mode: str, journal_modes: dict[str, str]
) -> DossierRecognitionSettings:
    if not can(actor, Cap.CONFIGURE, dossier):
        raise PermissionDenied
    if mode not in ProcessingMode.values or any(
        m not in ProcessingMode.values for m in journal_modes.values()
    ):
        raise ValidationError(_("Unknown processing mode."))
    with transaction.atomic():
        settings, _created = DossierRecognitionSettings.objects.update_or_create(
            dossier=dossier, defaults={"mode": mode, "journal_modes": journal_modes}
        )
        audit_log(
            actor=actor,
            action="recognition.settings_updated",
            obj=dossier,
            data={"mode": mode, "journal_modes": journal_modes},
        )
    return settings


def usage_summary(*, dossier: Dossier, days: int = 30) -> dict[str, Any]:
    """Documents and pages per mode over the last `days` days, and per day (newest first)."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = UsageCounter.objects.filter(dossier=dossier, day__gte=since)
    totals = {
        r["mode"]: r
        for r in rows.values("mode").annotate(documents=Sum("documents"), pages=Sum("pages"))
    }
    return {
        "since": since,
        "totals": [
            {
                "mode": m,
                "label": ProcessingMode(m).label,
                "documents": totals.get(m, {}).get("documents", 0),
                "pages": totals.get(m, {}).get("pages", 0),
            }
            for m in ProcessingMode.values
        ],
        "days": list(
            rows.order_by("-day", "mode").values("day", "mode", "documents", "pages")[:90]
        ),
    }


def extraction_verify(*, actor: Any, extraction_id: int) -> bool:
    """C1 verified mode: a collaborator checked the result; the client may now see it.

    Called by the app where the check happens (booking's worklist). Only office people
    with the worklist of the dossier verify; returns True when this call released it.
    """
    with transaction.atomic():
        extraction = (
            Extraction.objects.select_for_update(of=("self",))
            .select_related("document__dossier")
            .get(pk=extraction_id)
        )
        if not extraction.awaits_verification:
            return False
        if not can(actor, Cap.WORKLIST, extraction.document.dossier):
            raise PermissionDenied
        extraction.verified_at, extraction.verified_by = timezone.now(), actor
        extraction.save(update_fields=["verified_at", "verified_by", "updated_at"])
        audit_log(
            actor=actor,
            action="recognition.verified",
            obj=extraction.document,
            data={"extraction": extraction.pk},
        )
    return True


def verification_notice(document: Any, user: Any) -> str:
    """What a person is told about a verified-mode result still to be checked (C1), or ""."""
    from documents.models import DocState, Mailbox

    from .selectors import extraction_for_document

    if document.mailbox == Mailbox.MISC:
        return ""  # no booking, so no collaborator's check to wait for
    extraction = extraction_for_document(document=document)
    if extraction is None or not extraction.awaits_verification:
        return ""
    if can(user, Cap.WORKLIST, document.dossier):
        return _(
            "Verified mode: check this document in the worklist so the client sees it as done."
        )
    if document.state in (DocState.SENT, DocState.BOOKED):
        return _("Being verified by your accountant.")
    # The office checks what it received: until then there is nothing to verify yet.
    return _("Your accountant verifies the recognised fields once you send this document.")


def extraction_for_viewer(document: Any, user: Any) -> tuple[Extraction | None, bool, str]:
    """(extraction, held, notice) as this person may see them: a client waiting for the
    verified-mode check gets no extraction (held), the office always gets it."""
    from .selectors import extraction_for_document

    notice = verification_notice(document, user)
    held = bool(notice) and not can(user, Cap.WORKLIST, document.dossier)
    return (None if held else extraction_for_document(document=document)), held, notice


def document_notices(document: Any, user: Any) -> dict[str, str]:
    """The document page's notice (core.extensions "document_notices")."""
    notice = verification_notice(document, user)
    return {"verification": notice} if notice else {}


def document_list_badges(documents: list[Any], user: Any) -> dict[int, str]:
    """Badges for rows of a document list ("document_list_badges"): one query for the page.

    A sent document whose verified-mode result waits for the office's check is marked
    for the client; the office sees "to verify" on it instead (C1)."""
    from documents.models import DocState, Mailbox

    candidates = [d for d in documents if d.mailbox != Mailbox.MISC]
    if not candidates:
        return {}
    waiting = Extraction.objects.filter(
        document__in=candidates, mode=ProcessingMode.VERIFIED, verified_at__isnull=True
    ).values_list("document_id", "version")
    current = {d.pk: d for d in candidates}
    badges: dict[int, str] = {}
    for document_id, version in waiting:
        doc = current[document_id]
        if doc.original.sha256 != version:
            continue  # an older version of the document was read; it is not the current one
        if can(user, Cap.WORKLIST, doc.dossier):
            badges[document_id] = _("To verify")
        elif doc.state in (DocState.SENT, DocState.BOOKED):
            badges[document_id] = _("Being verified")
    return badges
