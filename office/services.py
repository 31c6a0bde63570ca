"""Writes of the office's cockpit: monitor columns (I1) and the C11 release of documents."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.audit import audit_log
from core.texts import stored
from documents.intake import StepHeld, release_held_step
from documents.models import Document
from office.models import MonitorPrefs, Release
from office.selectors import columns_for
from tenancy.models import DossierMembership, User

RELEASE_STEP = "office_release"
HELD = gettext_noop("Waiting for the office to check it before recognition")


def monitor_columns_save(*, actor: User, columns: list[str]) -> MonitorPrefs | None:
    """Remember the monitor columns the user chose (unknown keys dropped, the order kept)."""
    allowed = columns_for(actor)
    chosen = [c for c in allowed if c in set(columns)]
    if not chosen or chosen == allowed:
        # The default needs no row: saving the form unchanged stores nothing.
        MonitorPrefs.objects.filter(user=actor).delete()
        return None
    prefs, _created = MonitorPrefs.objects.update_or_create(
        user=actor, defaults={"columns": chosen}
    )
    return prefs


def needs_release(document: Document) -> bool:
    """C11: the uploader is a client user whose documents the office checks first."""
    if document.uploaded_by_id is None:
        return False
    return DossierMembership.objects.filter(
        dossier_id=document.dossier_id,
        user_id=document.uploaded_by_id,
        validate_before_recognition=True,
    ).exists()


def step_office_release(document: Document) -> dict | None:
    """The `office_release` gate (after `pages`): holds the documents of a user the office
    checks first, so no recognition step runs and no credit is used until released."""
    if not needs_release(document):
        return stored(gettext_noop("no check by the office asked for"))
    release, created = Release.objects.get_or_create(
        document=document, defaults={"dossier_id": document.dossier_id}
    )
    if release.released_at is not None:
        return None
    if created:
        audit_log(actor=None, action="office.document_held", obj=document, data={})
    raise StepHeld(stored(HELD))


def document_release(*, actor: User, release: Release) -> bool:
    """A collaborator lets a held document go on to recognition (C11). Idempotent."""
    with transaction.atomic():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        if locked.released_at is not None:
            return False
        locked.released_at = timezone.now()
        locked.released_by = actor
        locked.save(update_fields=["released_at", "released_by"])
        audit_log(actor=actor, action="office.document_released", obj=locked.document, data={})
        transaction.on_commit(lambda: release_held_step(locked.document_id, RELEASE_STEP))
    release.released_at = locked.released_at
    return True


def membership_check_set(*, actor: User, membership: DossierMembership, on: bool) -> None:
    """C11: turn on or off the office's check of this client user's documents."""
    if membership.validate_before_recognition == on:
        return
    with transaction.atomic():
        membership.validate_before_recognition = on
        membership.save(update_fields=["validate_before_recognition"])
        audit_log(
            actor=actor,
            action="office.check_before_recognition",
            obj=membership,
            data={"user": membership.user.email, "on": on},
        )


def numbering_check_set(*, actor: User, dossier, on: bool):
    """C12: switch the sales-invoice numbering check of a dossier on or off."""
    from office.models import DossierChecks

    with transaction.atomic():
        checks, _created = DossierChecks.objects.update_or_create(
            dossier=dossier, defaults={"sales_numbering": on}
        )
        audit_log(actor=actor, action="office.numbering_check", obj=dossier, data={"on": on})
    return checks
