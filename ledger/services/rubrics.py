"""Rubric schemes (D7): the office's default and a dossier's override."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.audit import audit_log
from ledger.belgium.defaults import RUBRICS
from ledger.models import Rubric, RubricScheme
from tenancy.models import Dossier, Office


def _fill(scheme: RubricScheme) -> None:
    Rubric.objects.bulk_create(
        [
            Rubric(
                scheme=scheme,
                code=code,
                name_fr=fr,
                name_nl=nl,
                name_en=en,
                name_de=de,
                prefixes=prefixes,
                order=i,
            )
            for i, (code, fr, nl, en, de, prefixes) in enumerate(RUBRICS)
        ]
    )


def office_scheme_ensure(*, actor: Any, office: Office) -> RubricScheme:
    """The office's default scheme, created from the Belgian defaults the first time."""
    with transaction.atomic():
        scheme = RubricScheme.objects.filter(office=office, dossier__isnull=True).first()
        if scheme is None:
            scheme = RubricScheme.objects.create(office=office, name="Standard")
            _fill(scheme)
            audit_log(
                actor=actor, action="ledger.rubric_scheme_created", obj=scheme, office_id=office.pk
            )
        return scheme


def dossier_scheme_override(*, actor: Any, dossier: Dossier) -> RubricScheme:
    """Give the dossier its own scheme, starting as a copy of the office's default."""
    with transaction.atomic():
        scheme = RubricScheme.objects.filter(dossier=dossier).first()
        if scheme is not None:
            return scheme
        base = office_scheme_ensure(actor=actor, office=dossier.office)
        scheme = RubricScheme.objects.create(
            office=dossier.office, dossier=dossier, name=f"{base.name} – {dossier.name}"[:120]
        )
        Rubric.objects.bulk_create(
            [
                Rubric(
                    scheme=scheme,
                    code=r.code,
                    name_fr=r.name_fr,
                    name_nl=r.name_nl,
                    name_en=r.name_en,
                    name_de=r.name_de,
                    prefixes=r.prefixes,
                    order=r.order,
                )
                for r in base.rubrics.all()
            ]
        )
        audit_log(
            actor=actor, action="ledger.rubric_scheme_overridden", obj=scheme, dossier_id=dossier.pk
        )
        return scheme


def dossier_scheme_reset(*, actor: Any, dossier: Dossier) -> None:
    """Drop the dossier's override: it follows the office default again."""
    with transaction.atomic():
        deleted, _ = RubricScheme.objects.filter(dossier=dossier).delete()
        if deleted:
            audit_log(actor=actor, action="ledger.rubric_scheme_reset", obj=dossier)


def rubric_save(
    *, actor: Any, scheme: RubricScheme, code: str, prefixes: str, **names: Any
) -> Rubric:
    with transaction.atomic():
        rubric, _created = Rubric.objects.update_or_create(
            scheme=scheme,
            code=code.strip().upper()[:20],
            defaults={
                "prefixes": prefixes,
                **{k: v for k, v in names.items() if k.startswith("name_")},
            },
        )
        audit_log(
            actor=actor,
            action="ledger.rubric_saved",
            obj=rubric,
            dossier_id=scheme.dossier_id,
            office_id=scheme.office_id,
            data={"code": rubric.code, "prefixes": prefixes},
        )
        return rubric


def rubric_delete(*, actor: Any, rubric: Rubric) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="ledger.rubric_deleted",
            obj=rubric,
            dossier_id=rubric.scheme.dossier_id,
            office_id=rubric.scheme.office_id,
            data={"code": rubric.code},
        )
        rubric.delete()
