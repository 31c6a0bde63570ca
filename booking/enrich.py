"""Enrichment (C4): counterparty, accounts and VAT codes, journal, period, currency.

Reads only; the proposal builder in `booking.services` writes. Every lookup is scoped
to one dossier. `AccountSuggester` loads a dossier's VAT codes and special accounts
once, so building many proposals (the bench, a reprocess of a whole worklist) stays cheap.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from booking.models import AccountMemory, Direction, DocKind
from ledger.models import (
    Account,
    AccountKind,
    Books,
    Counterparty,
    CounterpartyKind,
    EntryLine,
    Journal,
    JournalKind,
    Period,
    VatCode,
)
from ledger.selectors import counterparty_find, rubric_of, rubric_scheme_for

CENT = Decimal("0.01")
RATES = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))
SUSPENSE_CODE = "499000"

# ECB euro reference rates (units of currency per EUR), 2 January 2026. A person can
# override the rate on the annotation screen; a live source slots in behind `rate_for`.
ECB_PER_EUR = {
    "USD": Decimal("1.0350"),
    "GBP": Decimal("0.8290"),
    "CHF": Decimal("0.9390"),
    "JPY": Decimal("162.80"),
    "SEK": Decimal("11.49"),
    "NOK": Decimal("11.79"),
    "DKK": Decimal("7.4590"),
    "PLN": Decimal("4.2750"),
    "CZK": Decimal("25.17"),
    "CAD": Decimal("1.4900"),
    "CNY": Decimal("7.5600"),
}


def rate_for(currency: str, day: Date | None = None) -> Decimal | None:
    """EUR per one unit of `currency`, or None when unknown."""
    currency = (currency or "EUR").upper()
    if currency == "EUR":
        return Decimal("1")
    per_eur = ECB_PER_EUR.get(currency)
    if per_eur is None:
        return None
    return (Decimal("1") / per_eur).quantize(Decimal("0.000001"))


def to_eur(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    if amount is None:
        return None
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def compact(value: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


def cp_kind(direction: str) -> str:
    return CounterpartyKind.CUSTOMER if direction == Direction.SALES else CounterpartyKind.SUPPLIER


def find_counterparty(
    *, dossier, direction: str, vat: str = "", iban: str = "", name: str = ""
) -> Counterparty | None:
    """C4 order: VAT number, then IBAN, then name (case and punctuation folded)."""
    found = counterparty_find(
        dossier=dossier, vat_number=compact(vat), iban=compact(iban), kind=cp_kind(direction)
    )
    if found or not name.strip():
        return found
    folded = _fold(name)
    if not folded:
        return None
    first = folded.split(" ")[0]
    for cp in Counterparty.objects.filter(
        dossier=dossier, kind=cp_kind(direction), active=True, name__icontains=first
    )[:50]:
        if _fold(cp.name) == folded:
            return cp
    return None


LEGAL_FORMS = {"sa", "nv", "srl", "bv", "sprl", "bvba", "scrl", "cvba", "asbl", "vzw", "sc", "cv"}


def _fold(name: str) -> str:
    words = re.sub(r"[^0-9a-z]+", " ", (name or "").lower()).split()
    return " ".join(w for w in words if w not in LEGAL_FORMS)


def default_counterparty(*, dossier, direction: str) -> Counterparty:
    """The dossier's catch-all customer or supplier ("Divers"), created on first use."""
    from ledger.services.setup import counterparty_save

    kind = cp_kind(direction)
    found = Counterparty.objects.filter(dossier=dossier, kind=kind, reference="DIVERS").first()
    if found:
        return found
    return counterparty_save(
        actor=None,
        dossier=dossier,
        kind=kind,
        reference="DIVERS",
        name="Divers / Diversen",
        language=dossier.language,
    )


def snap_rate(value: Any) -> Decimal | None:
    try:
        rate = Decimal(str(value))
    except Exception:  # noqa: BLE001 - anything unreadable is "no rate"
        return None
    best = min(RATES, key=lambda r: abs(r - rate))
    return best if abs(best - rate) <= Decimal("0.6") else None


def implied_rate(base: Decimal | None, vat: Decimal | None) -> Decimal | None:
    if base in (None, Decimal("0")) or vat is None:
        return None
    return snap_rate(vat / base * 100)


@dataclass
class Suggestion:
    account: Account | None
    vat_code: VatCode | None
    source: str  # memory | history | default | rubric | suspense


class AccountSuggester:
    """GL account and VAT code for a counterparty and a VAT rate (C4, C9)."""

    def __init__(self, dossier):
        self.dossier = dossier
        self.vat_codes = list(VatCode.objects.filter(dossier=dossier, active=True))
        self.vat_by_id = {v.pk: v for v in self.vat_codes}
        accounts = Account.objects.filter(dossier=dossier, active=True).filter(
            Q(code=SUSPENSE_CODE)
            | Q(kind__in=[AccountKind.SUSPENSE, AccountKind.PAYABLE, AccountKind.RECEIVABLE])
        )
        by_code = {a.code: a for a in accounts}
        self.suspense = by_code.get(SUSPENSE_CODE) or next(
            (a for a in accounts if a.kind == AccountKind.SUSPENSE), None
        )
        self.payable = by_code.get("440000") or next(
            (a for a in accounts if a.kind == AccountKind.PAYABLE), None
        )
        self.receivable = by_code.get("400000") or next(
            (a for a in accounts if a.kind == AccountKind.RECEIVABLE), None
        )
        self.scheme = rubric_scheme_for(dossier)
        self._accounts: dict[int, Account] = {}

    def account(self, pk: int) -> Account | None:
        if pk not in self._accounts:
            self._accounts[pk] = Account.objects.filter(pk=pk, dossier=self.dossier).first()
        return self._accounts[pk]

    def default_vat(self, direction: str, rate: Decimal | None, kind: str = "services"):
        want = "sale" if direction == Direction.SALES else "purchase"
        rate = Decimal("21") if rate is None else rate
        candidates = [
            v
            for v in self.vat_codes
            if v.direction == want and v.region == "BE" and v.rate == rate and not v.reverse_charge
        ]
        candidates.sort(key=lambda v: (v.kind != kind, v.code))
        return candidates[0] if candidates else None

    def suggest(
        self,
        *,
        counterparty: Counterparty | None,
        key: str,
        direction: str,
        rate: Decimal | None,
        before: Date | None = None,
    ) -> Suggestion:
        rate_key = "" if rate is None else f"{rate.normalize():f}"
        keys = [k for k in (f"cp:{counterparty.pk}" if counterparty else "", key) if k]
        if keys and before is None:
            memories = list(
                AccountMemory.objects.filter(
                    dossier=self.dossier, counterparty_key__in=keys, direction=direction
                ).select_related("account", "vat_code")
            )
            exact = [m for m in memories if m.rate == rate_key]
            pick = (exact or sorted(memories, key=lambda m: -m.uses) or [None])[0]
            if pick is not None:
                vat = pick.vat_code if exact else self._vat_like(pick.vat_code, direction, rate)
                return Suggestion(pick.account, vat, "memory")
        if counterparty is not None:
            found = self._from_history(counterparty, direction, rate, before)
            if found:
                return found
            if counterparty.default_account_id:
                vat = counterparty.default_vat_code or self.default_vat(direction, rate)
                if rate is not None and vat is not None and vat.rate != rate:
                    vat = self._vat_like(vat, direction, rate)
                return Suggestion(counterparty.default_account, vat, "default")
        return Suggestion(self.suspense, self.default_vat(direction, rate), "suspense")

    def _vat_like(self, vat: VatCode | None, direction: str, rate: Decimal | None):
        """The same kind of VAT code (goods, services, investments) at another rate."""
        if vat is None or rate is None or vat.rate == rate:
            return vat or self.default_vat(direction, rate)
        same = [
            v
            for v in self.vat_codes
            if v.direction == vat.direction
            and v.region == vat.region
            and v.kind == vat.kind
            and v.reverse_charge == vat.reverse_charge
            and v.rate == rate
        ]
        return same[0] if same else self.default_vat(direction, rate, vat.kind)

    def _from_history(
        self, counterparty: Counterparty, direction: str, rate: Decimal | None, before: Date | None
    ) -> Suggestion | None:
        kinds = (
            [AccountKind.INCOME]
            if direction == Direction.SALES
            else [AccountKind.EXPENSE, AccountKind.FIXED_ASSET, AccountKind.STOCK]
        )
        qs = EntryLine.objects.filter(
            dossier=self.dossier,
            entry__counterparty=counterparty,
            account__kind__in=kinds,
            entry__reversal_of__isnull=True,
        )
        if before is not None:
            qs = qs.filter(date__lt=before)
        rows = list(qs.order_by("-date", "-id").values_list("account_id", "vat_code_id")[:200])
        if not rows:
            return None
        if rate is not None:
            same_rate = [
                r for r in rows if r[1] in self.vat_by_id and self.vat_by_id[r[1]].rate == rate
            ]
            if same_rate:
                rows = same_rate
        (account_id, vat_id), _n = Counter(rows).most_common(1)[0]
        vat = self.vat_by_id.get(vat_id) if vat_id else None
        if rate is not None and (vat is None or vat.rate != rate):
            vat = self._vat_like(vat, direction, rate)
        return Suggestion(self.account(account_id), vat, "history")

    def rubric_name(self, account: Account | None) -> str:
        if account is None or self.scheme is None:
            return ""
        rubric = rubric_of(self.scheme, account.code)
        return rubric.name if rubric else ""


def pick_journal(*, dossier, direction: str, doc_kind: str, code: str = "") -> Journal | None:
    kind = JournalKind.SALES if direction == Direction.SALES else JournalKind.PURCHASES
    journals = list(Journal.objects.filter(dossier=dossier, kind=kind, active=True))
    if code:
        for j in journals:
            if j.code == code:
                return j
    want_cn = doc_kind == DocKind.CREDIT_NOTE
    for j in journals:
        if j.credit_note_only == want_cn:
            return j
    return journals[0] if journals else None


def period_is_open(period: Period, journal: Journal | None) -> bool:
    if period.closed or period.fiscal_year.closed:
        return False
    return journal is None or not period.closed_journals.filter(pk=journal.pk).exists()


def pick_period(*, dossier, day: Date | None, journal: Journal | None) -> tuple[Period | None, str]:
    """The open period containing `day`, else the nearest open one with a warning."""
    periods = list(
        Period.objects.filter(dossier=dossier).select_related("fiscal_year").order_by("start")
    )
    if not periods:
        return None, ""
    if day is not None:
        for p in periods:
            if p.start <= day <= p.end and period_is_open(p, journal):
                return p, ""
    open_periods = [p for p in periods if period_is_open(p, journal)]
    if not open_periods:
        return None, "no_open_period"
    if day is None:
        books = Books.objects.filter(dossier=dossier).select_related("active_period").first()
        active = books.active_period if books else None
        if active is not None and period_is_open(active, journal):
            return active, ""
        return open_periods[-1], ""
    later = [p for p in open_periods if p.end >= day]
    return (later[0] if later else open_periods[-1]), "outside_period"


def proposed_number(journal: Journal | None, period: Period | None) -> str:
    from ledger.services.setup import journal_next_number

    if journal is None or period is None:
        return ""
    fy = period.fiscal_year
    return journal.format_number(fy.start.year, journal_next_number(journal, fy))
