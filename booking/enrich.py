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
from ledger.belgium.vat_choice import (
    Invoice,
    choose_purchase_code,
    kind_of_account,
    mentions_reverse_charge,
    region_of,
    supplier_country,
)
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
    except Exception:
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
        self.by_code = {v.code: v for v in self.vat_codes}
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
        vat_charged: Decimal | None = None,
        text: str = "",
        supplier_vat: str = "",
        supplier_iban: str = "",
    ) -> Suggestion:
        """The account and VAT code for one line.

        `vat_charged` (the invoice's VAT), `text` (its words, for a reverse-charge
        mention) and the supplier's VAT number and IBAN as read make the purchase VAT
        code follow the supplier's country (see `ledger.belgium.vat_choice`); without
        them the counterparty's own VAT number, IBAN and country are used.
        """
        found = self._suggest(
            counterparty=counterparty, key=key, direction=direction, rate=rate, before=before
        )
        if direction == Direction.SALES or found.source == "memory_exact":
            if found.source == "memory_exact":
                found.source = "memory"
            return found
        # The counterparty key of a document is "vat:<number>" or "iban:<number>" as
        # read: the country of a supplier not yet in the books.
        vat = self.purchase_vat(
            found,
            counterparty=counterparty,
            rate=rate,
            vat_charged=vat_charged,
            text=text,
            supplier_vat=supplier_vat or (key[4:] if key.startswith("vat:") else ""),
            supplier_iban=supplier_iban or (key[5:] if key.startswith("iban:") else ""),
        )
        return Suggestion(found.account, vat, found.source)

    def purchase_vat(
        self,
        found: Suggestion,
        *,
        counterparty: Counterparty | None,
        rate: Decimal | None,
        vat_charged: Decimal | None,
        text: str,
        supplier_vat: str,
        supplier_iban: str,
    ) -> VatCode | None:
        country = supplier_country(
            supplier_vat or (counterparty.vat_number if counterparty else ""),
            supplier_iban or (counterparty.iban if counterparty else ""),
            counterparty.country if counterparty else "",
        )
        region = region_of(country)
        charged = vat_charged
        if charged is None and rate is not None:
            charged = Decimal("0") if rate == 0 else Decimal("1")
        if region == "BE":
            if not (charged == 0 and mentions_reverse_charge(text)):
                return found.vat_code  # Belgian VAT: the rate and history decide, as before
        elif charged is None:
            kept = found.vat_code
            if found.source != "suspense" and kept is not None and kept.region != "BE":
                return kept  # nothing read says otherwise: what was booked before
            # VAT read but at no Belgian rate (19 %, 20 %, 9 %, ...): foreign VAT, unless
            # the invoice says the buyer owes it. A 0 VAT invoice gives rate 0, not None.
            charged = Decimal("0") if mentions_reverse_charge(text) else Decimal("1")
        account = found.account
        if account is not None and account.kind not in (AccountKind.SUSPENSE,):
            kind = kind_of_account(account.code)
        elif found.vat_code is not None:
            kind = found.vat_code.kind
        else:
            kind = "services"
        choice = choose_purchase_code(
            Invoice(country=country, kind=kind, vat_charged=charged, rate=rate, text=text)
        )
        decided = self.by_code.get(choice.code)
        if decided is None:
            return found.vat_code
        kept = found.vat_code
        # A code a person chose before for this supplier stays when it is of the same
        # treatment (it may carry another rate or kind on purpose).
        if (
            kept is not None
            and found.source in ("memory", "history", "default")
            and kept.region == decided.region
            and kept.reverse_charge == decided.reverse_charge
            and kept.direction == decided.direction
        ):
            return kept
        return decided

    def _suggest(
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
                return Suggestion(pick.account, vat, "memory_exact" if exact else "memory")
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


def vat_facts(extraction: Any, vat: Decimal | None = None) -> dict[str, Any]:
    """What `AccountSuggester.suggest` needs from a recognised invoice for the VAT code:
    `suggest(..., **vat_facts(ex, vat))` with the line's VAT amount."""
    if extraction is None:
        return {"vat_charged": vat}
    words = [
        str(w[0])
        for page in extraction.words or []
        for w in page or []
        if w and isinstance(w, list)
    ]
    return {
        "vat_charged": vat,
        "text": " ".join(words),
        "supplier_vat": extraction.counterparty_vat or "",
        "supplier_iban": extraction.counterparty_iban or "",
    }


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
    books = Books.objects.filter(dossier=dossier).select_related("active_period").first()
    active = books.active_period if books else None
    if active is not None and not period_is_open(active, journal):
        active = None
    if day is None:
        return (active or open_periods[-1]), ""
    # An invoice dated outside the open periods is booked in the active period and keeps
    # its own date as the entry's document date (issue 11).
    if active is not None:
        return active, "outside_period"
    later = [p for p in open_periods if p.end >= day]
    return (later[0] if later else open_periods[-1]), "outside_period"


def proposed_number(journal: Journal | None, period: Period | None) -> str:
    from ledger.services.setup import journal_next_number

    if journal is None or period is None:
        return ""
    fy = period.fiscal_year
    return journal.format_number(fy.start.year, journal_next_number(journal, fy))
