"""Matching proposals for bank movements (E2).

The rules, in order: the structured communication of an open item; the amount and the
counterparty's IBAN (one invoice, several invoices adding up, or a partial payment); the
amount and an invoice number read in the free communication; the amount and the name.
What nothing matches goes to the suspense account.

The dossier's open items are read once into memory indexes (by OGM, IBAN, counterparty,
amount, number), so matching 10,000 movements costs a few queries, not 10,000. Signs follow
the books: a customer invoice is open at +121 (debit) and is paid by a movement of +121; a
supplier invoice is open at -121 (credit) and is paid by -121.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from bank.models import MatchProposal, MatchProposalLine, MatchRule, MatchStatus, Movement
from bank.services.bulk import db_datetime, insert_rows
from core.audit import audit_log
from ledger.selectors import open_items

SUSPENSE = "499000"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Above this many open items of one counterparty, only sums of two or three are tried.
_SUBSET_ALL = 12


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT)


_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_WORD = re.compile(r"[0-9a-z]+")
# A word with a digit: "2026/0042", "F-123", "INV2026.7"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]*\d[A-Za-z0-9/._-]*")


def _norm(text: str) -> str:
    return _NOT_ALNUM.sub("", text.upper()) if text else ""


def _words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.lower()) if len(w) > 2} - _LEGAL if name else set()


def _numbers(number: str, description: str) -> tuple[str, ...]:
    """The entry's number, and the invoice number the booking app writes in the description."""
    found = {_norm(number)} if number else set()
    if description:
        found |= {_norm(t) for t in _TOKEN.findall(description)}
    return tuple(n for n in found if len(n) >= 3)


_LEGAL = {"sa", "srl", "sprl", "bv", "bvba", "nv", "asbl", "vzw", "scrl", "cvba", "gmbh", "the"}


@dataclass
class Item:
    """One open item, as the matcher needs it."""

    id: int
    counterparty_id: int
    open: Decimal  # signed, what is still open
    ogm: str
    numbers: tuple[str, ...]  # the entry's number and the invoice numbers in its description
    iban: str
    name_words: set[str]
    due: Any


@dataclass
class Target:
    rule: str
    amount: Decimal
    items: list[Item] = field(default_factory=list)
    account_code: str = ""


class OpenItemIndex:
    """The dossier's open items, indexed; `take` lowers what is left of items already proposed."""

    def __init__(self, items: Iterable[Item]) -> None:
        self.by_ogm: dict[str, list[Item]] = defaultdict(list)
        self.by_iban: dict[str, set[int]] = defaultdict(set)
        self.by_cp: dict[int, list[Item]] = defaultdict(list)
        self.by_amount: dict[Decimal, list[Item]] = defaultdict(list)
        self.by_number: dict[str, list[Item]] = defaultdict(list)
        self.left: dict[int, Decimal] = {}
        self.items: dict[int, Item] = {}
        for it in items:
            self.left[it.id] = it.open
            self.items[it.id] = it
            if it.ogm:
                self.by_ogm[it.ogm].append(it)
            if it.iban:
                self.by_iban[it.iban].add(it.counterparty_id)
            self.by_cp[it.counterparty_id].append(it)
            self.by_amount[it.open].append(it)
            for number in it.numbers:
                self.by_number[number].append(it)

    @classmethod
    def load(cls, dossier: Any) -> OpenItemIndex:
        rows = open_items(dossier=dossier).values_list(
            "pk",
            "counterparty_id",
            "debit",
            "credit",
            "open_abs",
            "structured_ref",
            "entry__number",
            "entry__description",
            "counterparty__iban",
            "counterparty__name",
            "due_date",
        )
        return cls(
            Item(
                id=pk,
                counterparty_id=cp,
                open=_money(open_abs if debit >= credit else -open_abs),
                ogm=ogm or "",
                numbers=_numbers(number, description),
                iban=_norm(iban),
                name_words=_words(name),
                due=due,
            )
            for pk, cp, debit, credit, open_abs, ogm, number, description, iban, name, due in rows
        )

    def by_id(self, line_id: int) -> Item | None:
        return self.items.get(line_id)

    def open_now(self, items: Iterable[Item]) -> list[Item]:
        return [it for it in items if self.left[it.id] != 0]

    def take(self, target: Target) -> None:
        rest = target.amount
        for it in sorted(target.items, key=lambda i: (i.due is None, i.due, i.id)):
            part = rest if abs(rest) < abs(self.left[it.id]) else self.left[it.id]
            self.left[it.id] -= part
            rest -= part


def propose(index: OpenItemIndex, movement: Any) -> Target:
    amount = _money(movement.amount)
    for rule in (_by_ogm, _by_iban, _by_invoice_number, _by_name):
        target = rule(index, movement, amount)
        if target is not None:
            index.take(target)
            return target
    return Target(MatchRule.SUSPENSE, amount, account_code=SUSPENSE)


def _same_sign(a: Decimal, b: Decimal) -> bool:
    return (a > 0) == (b > 0)


def _by_ogm(index: OpenItemIndex, m: Movement, amount: Decimal) -> Target | None:
    if not m.structured_communication:
        return None
    items = index.open_now(index.by_ogm.get(m.structured_communication, ()))
    items = [it for it in items if _same_sign(index.left[it.id], amount)]
    if not items:
        return None
    # One reference belongs to one invoice; should two share it, keep those of one counterparty.
    cp = items[0].counterparty_id
    return Target(MatchRule.OGM, amount, [it for it in items if it.counterparty_id == cp])


def _of_counterparties(index: OpenItemIndex, cps: Iterable[int], amount: Decimal) -> Target | None:
    for cp in sorted(cps):
        items = [
            it for it in index.open_now(index.by_cp.get(cp, ())) if _same_sign(it.open, amount)
        ]
        exact = [it for it in items if index.left[it.id] == amount]
        if exact:
            return Target(MatchRule.IBAN, amount, exact[:1])
        several = _subset(index, items, amount)
        if several:
            return Target(MatchRule.SEVERAL, amount, several)
        bigger = [it for it in items if abs(index.left[it.id]) > abs(amount)]
        if len(bigger) == 1:
            return Target(MatchRule.PARTIAL, amount, bigger)
    return None


def _subset(index: OpenItemIndex, items: list[Item], amount: Decimal) -> list[Item] | None:
    """Open items of one counterparty that add up to the amount (oldest combination first)."""
    items = sorted(items, key=lambda i: (i.due is None, i.due, i.id))
    if len(items) < 2:
        return None
    if sum((index.left[it.id] for it in items), ZERO) == amount:
        return items
    sizes = range(2, len(items)) if len(items) <= _SUBSET_ALL else (2, 3)
    for size in sizes:
        for combo in itertools.combinations(items, size):
            if sum((index.left[it.id] for it in combo), ZERO) == amount:
                return list(combo)
    return None


def _by_iban(index: OpenItemIndex, m: Movement, amount: Decimal) -> Target | None:
    iban = _norm(m.counterparty_account)
    cps = index.by_iban.get(iban) if iban else None
    return _of_counterparties(index, cps, amount) if cps else None


def _by_invoice_number(index: OpenItemIndex, m: Movement, amount: Decimal) -> Target | None:
    for token in _TOKEN.findall(m.communication or ""):
        for it in index.open_now(index.by_number.get(_norm(token), ())):
            if index.left[it.id] == amount:
                return Target(MatchRule.INVOICE, amount, [it])
    return None


def _by_name(index: OpenItemIndex, m: Movement, amount: Decimal) -> Target | None:
    words = _words(m.counterparty_name)
    if not words:
        return None
    found = [
        it
        for it in index.open_now(index.by_amount.get(amount, ()))
        if index.left[it.id] == amount and words & it.name_words
    ]
    return Target(MatchRule.NAME, amount, found[:1]) if found else None


# --- Storing the proposals


class Pending(NamedTuple):
    """What the rules read of a movement (model instances cost too much at 10,000)."""

    pk: int
    amount: Decimal
    structured_communication: str
    counterparty_account: str
    counterparty_name: str
    communication: str


def proposals_make(*, dossier: Any, actor: Any = None) -> int:
    """Propose a target for every unmatched movement without a pending or accepted proposal.

    Returns how many proposals were made. Idempotent: a second run proposes nothing new.
    """
    pending = MatchProposal.objects.filter(
        dossier=dossier, status__in=[MatchStatus.PROPOSED, MatchStatus.ACCEPTED]
    ).values("movement_id")
    movements = [
        Pending(*row)
        for row in Movement.objects.filter(dossier=dossier, parent=None, matched=False)
        .exclude(pk__in=pending)
        .order_by("booking_date", "statement_id", "sequence")
        .values_list(*Pending._fields)
    ]
    if not movements:
        return 0
    index = OpenItemIndex.load(dossier)
    # Items already held by pending proposals are not offered twice.
    for p in MatchProposal.objects.filter(
        dossier=dossier, status=MatchStatus.PROPOSED
    ).prefetch_related("items"):
        held = [index.by_id(i.line_id) for i in p.items.all()]
        index.take(Target(p.rule, _money(p.amount), [h for h in held if h is not None]))
    targets = [(m, propose(index, m)) for m in movements]
    stamp = timezone.now()
    when = db_datetime(stamp)
    with transaction.atomic():
        insert_rows(
            MatchProposal,
            ["movement", "dossier", "rule", "status", "amount", "account_code", "created_at"],
            (
                (m.pk, dossier.pk, t.rule, MatchStatus.PROPOSED, t.amount, t.account_code, when)
                for m, t in targets
            ),
        )
        made = dict(
            MatchProposal.objects.filter(
                dossier=dossier, status=MatchStatus.PROPOSED, created_at=stamp
            ).values_list("movement_id", "pk")
        )
        insert_rows(
            MatchProposalLine,
            ["proposal", "line"],
            ((made[m.pk], it.id) for m, t in targets for it in t.items),
        )
        audit_log(
            actor=actor,
            action="bank.proposals_made",
            obj=dossier,
            data={"count": len(made)},
        )
    return len(made)
