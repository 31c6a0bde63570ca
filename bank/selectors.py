"""Reads of bank data, always scoped to one dossier."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from bank.models import BankAccount, Movement, Statement


def statement_list(*, dossier: Any) -> QuerySet[Statement]:
    return Statement.objects.filter(dossier=dossier).select_related("account")


def movement_list(*, dossier: Any, matched: bool | None = None) -> QuerySet[Movement]:
    """The statements' lines (a globalised batch once, its details inside it)."""
    qs = Movement.objects.filter(dossier=dossier, parent=None).prefetch_related("details")
    if matched is not None:
        qs = qs.filter(matched=matched)
    return qs.order_by("booking_date", "statement_id", "sequence")


def account_list(*, dossier: Any) -> list[BankAccount]:
    """The dossier's accounts, each with `last` (its latest statement, or None)."""
    accounts = list(BankAccount.objects.filter(dossier=dossier).order_by("number"))
    for account in accounts:
        account.last = (
            Statement.objects.filter(account=account).order_by("-date", "-sequence").first()
        )
    return accounts


def movement_search(*, dossier: Any, filters: dict) -> QuerySet[Movement]:
    """Movements of the statements (batches once) filtered as the E4 screen asks."""
    qs = Movement.objects.filter(dossier=dossier, parent=None).select_related("account")
    if filters.get("account"):
        qs = qs.filter(account_id=filters["account"])
    if filters.get("date_from"):
        qs = qs.filter(booking_date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(booking_date__lte=filters["date_to"])
    if filters.get("amount_min") is not None:
        qs = qs.filter(amount__gte=filters["amount_min"])
    if filters.get("amount_max") is not None:
        qs = qs.filter(amount__lte=filters["amount_max"])
    if filters.get("counterparty"):
        text = filters["counterparty"]
        qs = qs.filter(
            Q(counterparty_name__icontains=text) | Q(counterparty_account__icontains=text)
        )
    if filters.get("communication"):
        text = filters["communication"]
        digits = "".join(ch for ch in text if ch.isdigit())
        cond = Q(communication__icontains=text)
        if len(digits) == 12:
            cond |= Q(structured_communication=digits)
        qs = qs.filter(cond)
    if filters.get("matched") in ("yes", "no"):
        qs = qs.filter(matched=filters["matched"] == "yes")
    return qs.order_by("-booking_date", "-statement_id", "-sequence")


# --- Matching (E2)


def matching_rows(*, dossier: Any, movements: list[Movement]) -> list[dict]:
    """Each unmatched movement with its pending proposal and the open items it names."""
    from bank.models import MatchProposal, MatchStatus
    from ledger.selectors import open_amounts

    proposals = {
        p.movement_id: p
        for p in MatchProposal.objects.filter(
            movement__in=movements, status=MatchStatus.PROPOSED
        ).prefetch_related("items__line__entry", "items__line__counterparty")
    }
    line_ids = [i.line_id for p in proposals.values() for i in p.items.all()]
    left = open_amounts(line_ids) if line_ids else {}
    rows = []
    for m in movements:
        p = proposals.get(m.pk)
        items = [{"line": i.line, "open": left.get(i.line_id)} for i in p.items.all()] if p else []
        rows.append({"movement": m, "proposal": p, "items": items})
    return rows


def unmatched_movements(*, dossier: Any) -> QuerySet[Movement]:
    return (
        Movement.objects.filter(dossier=dossier, parent=None, matched=False)
        .select_related("account")
        .order_by("booking_date", "statement_id", "sequence")
    )


def match_targets(*, dossier: Any, limit: int = 1000) -> list[tuple[str, str]]:
    """Choices of the type-ahead: open items (`#id` marks them) and accounts, as (value, label)."""
    from ledger.models import Account
    from ledger.selectors import open_amount_of, open_items

    targets = []
    for line in open_items(dossier=dossier)[:limit]:
        name = line.counterparty.name if line.counterparty else ""
        targets.append(
            (
                f"{line.entry.number} {name} {open_amount_of(line):.2f} [#{line.pk}]",
                line.date.isoformat(),
            )
        )
    for account in Account.objects.filter(dossier=dossier, active=True).order_by("code"):
        targets.append((f"{account.code} {account.name}", ""))
    return targets
