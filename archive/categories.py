"""I2: the office's permanent-dossier categories (F7), edited in the office settings.

The office's admins create, rename, reorder and delete them; a category a published file
uses cannot be deleted (the file would lose its heading). Every change is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from archive.models import PermanentCategory, Publication
from core.audit import audit_log
from tenancy.models import Office
from tenancy.policy import can_manage_office


def office_categories(office: Office):
    return PermanentCategory.objects.filter(office=office).annotate(
        used=Count("id", filter=Q(id__in=Publication.objects.values("category_id")))
    )


def _clean_name(office: Office, name: str, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the category a name."))
    if len(name) > 100:
        raise ValidationError(_("A category name is 100 characters at most."))
    same = PermanentCategory.objects.filter(office=office, name__iexact=name)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(_("This category exists already."))
    return name


def category_save(
    *, actor: Any, office: Office, name: str, category: PermanentCategory | None = None
) -> PermanentCategory:
    if not can_manage_office(actor, office.pk):
        raise PermissionDenied
    if category is not None and category.office_id != office.pk:
        raise PermissionDenied
    with transaction.atomic():
        name = _clean_name(office, name, category.pk if category else None)
        if category is None:
            order = PermanentCategory.objects.filter(office=office).count()
            category = PermanentCategory.objects.create(office=office, name=name, order=order)
            action, data = "archive.category_created", {"name": name}
        else:
            data = {"from": category.name, "to": name}
            category.name = name
            category.save(update_fields=["name"])
            action = "archive.category_renamed"
        audit_log(actor=actor, action=action, obj=category, office_id=office.pk, data=data)
    return category


def category_delete(*, actor: Any, category: PermanentCategory) -> None:
    if not can_manage_office(actor, category.office_id):
        raise PermissionDenied
    with transaction.atomic():
        if Publication.objects.filter(category=category).exists():
            raise ValidationError(
                _("Files of the permanent dossier use this category: rename it instead.")
            )
        audit_log(
            actor=actor,
            action="archive.category_deleted",
            obj=category,
            office_id=category.office_id,
            data={"name": category.name},
        )
        category.delete()


def category_move(*, actor: Any, category: PermanentCategory, step: int) -> None:
    """Move a category one place up (-1) or down (+1); the order is renumbered 0..n-1."""
    if not can_manage_office(actor, category.office_id):
        raise PermissionDenied
    with transaction.atomic():
        rows = list(
            PermanentCategory.objects.select_for_update()
            .filter(office_id=category.office_id)
            .order_by("order", "name")
        )
        i = next(n for n, c in enumerate(rows) if c.pk == category.pk)
        j = i + (1 if step > 0 else -1)
        if not 0 <= j < len(rows):
            return
        rows[i], rows[j] = rows[j], rows[i]
        for n, c in enumerate(rows):
            if c.order != n:
                c.order = n
                c.save(update_fields=["order"])
        audit_log(
            actor=actor,
            action="archive.category_moved",
            obj=category,
            office_id=category.office_id,
            data={"name": category.name, "position": j + 1},
        )
