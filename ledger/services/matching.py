"""Matching open items (SPEC "Posting": open items are matched fully or partly by payments)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from ledger.events import books_changed
from ledger.models import ZERO, EntryLine, Match, Reconciliation
from tenancy.models import Dossier


def lines_match(
    *,
    actor: Any,
    dossier: Dossier,
    lines: Sequence[EntryLine],
    date: Date | None = None,
    note: str = "",
) -> Reconciliation:
    """Settle debit lines against credit lines of one counterparty, as far as they go.

    The smaller side is settled in full; the larger side is settled oldest first (by due
    date, then date) and what is left stays open: a partial payment.
    """
    with transaction.atomic():
        ids = [ln.pk for ln in lines]
        rows = list(
            EntryLine.objects.select_for_update()
            .filter(pk__in=ids, dossier=dossier)
            .order_by("due_date", "date", "id")
        )
        if len(rows) != len(set(ids)) or len(rows) < 2:
            raise ValidationError(_("Choose at least two open items of this dossier."))
        if any(not r.is_open_item for r in rows):
            raise ValidationError(_("Only customer and supplier lines can be matched."))
        if len({r.counterparty_id for r in rows}) != 1:
            raise ValidationError(_("Open items of different counterparties cannot be matched."))
        from ledger.selectors import open_amounts

        remaining = open_amounts(ids)
        debit_side = [r for r in rows if r.debit > 0 and remaining[r.pk] > 0]
        credit_side = [r for r in rows if r.credit > 0 and remaining[r.pk] > 0]
        total = min(
            sum((remaining[r.pk] for r in debit_side), ZERO),
            sum((remaining[r.pk] for r in credit_side), ZERO),
        )
        if total <= 0:
            raise ValidationError(_("There is nothing to match: one side is already settled."))
        rec = Reconciliation.objects.create(
            dossier=dossier,
            date=date or timezone.localdate(),
            note=note[:200],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        matches = []
        for side in (debit_side, credit_side):
            left = total
            for r in side:
                if left <= 0:
                    break
                amount: Decimal = min(left, remaining[r.pk])
                matches.append(Match(reconciliation=rec, line=r, amount=amount))
                left -= amount
        Match.objects.bulk_create(matches)
        books_changed(dossier.pk)
        audit_log(
            actor=actor,
            action="ledger.items_matched",
            obj=rec,
            dossier_id=dossier.pk,
            data={"lines": ids, "amount": str(total)},
        )
        return rec


def reconciliation_undo(*, actor: Any, reconciliation: Reconciliation) -> None:
    """Unmatch: the lines become open again. Matching is not posting, so it may be undone."""
    with transaction.atomic():
        data = {
            "lines": list(reconciliation.matches.values_list("line_id", flat=True)),
            "date": reconciliation.date.isoformat(),
        }
        dossier_id = reconciliation.dossier_id
        audit_log(
            actor=actor,
            action="ledger.match_undone",
            obj=reconciliation,
            dossier_id=dossier_id,
            data=data,
        )
        reconciliation.delete()
        books_changed(dossier_id)
