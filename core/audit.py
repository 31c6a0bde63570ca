"""The one helper every feature calls to write the audit trail (SPEC A8)."""

from __future__ import annotations

from typing import Any

from django.db import models

from core.models import AuditEvent


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def audit_log(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    dossier_id: int | None = None,
    office_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` on `obj`; call it inside the service's transaction.

    `dossier_id` and `office_id` are taken from the object when it has them, so
    per-dossier histories find every event.
    """
    object_type, object_id = _object_ref(obj)
    if dossier_id is None and obj is not None:
        dossier_id = getattr(obj, "dossier_id", None)
        if dossier_id is None and obj._meta.label_lower == "tenancy.dossier":
            dossier_id = obj.pk
    if office_id is None and obj is not None:
        office_id = getattr(obj, "office_id", None)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(getattr(actor, "email", "") if is_user else str(actor or "system"))[:254],
        office_id=office_id,
        dossier_id=dossier_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        data=data or {},
    )


def history_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    object_type, object_id = _object_ref(obj)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
