"""Posting entries (D1, SPEC "Posting"): the one door through which lines enter the books.

`entries_post_many` validates every entry (balance, open period, known active accounts,
the dossier's own journal, VAT codes and counterparties), numbers them from the
journal's format, writes entries and lines with bulk inserts and updates the
per-period balances in the same transaction. Posted entries are never edited;
`entry_reverse` posts the mirror entry and matches their open items together.

A row lock on the dossier's `Books` serialises posting per dossier, so document
numbers and period balances never race (PostgreSQL); SQLite serialises writers anyway.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from ledger.events import books_changed
from ledger.models import (
    OPEN_ITEM_KINDS,
    ZERO,
    Account,
    Books,
    Counterparty,
    Entry,
    EntryLine,
    EntrySource,
    FiscalYear,
    Journal,
    JournalCounter,
    Match,
    Period,
    PeriodBalance,
    Reconciliation,
    VatCode,
)
from tenancy.models import Dossier

CENT = Decimal("0.01")


class PostingError(ValidationError):
    """Why entries could not be posted: `errors` is a list of (entry index, message)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__([f"#{i + 1}: {m}" if i >= 0 else m for i, m in errors])


@dataclass
class LineSpec:
    account: Account | str
    debit: Decimal | str | int = ZERO
    credit: Decimal | str | int = ZERO
    counterparty: Counterparty | None = None
    vat_code: VatCode | str | None = None
    description: str = ""
    amount_currency: Decimal | None = None
    vat_base: Decimal | None = None
    due_date: Date | None = None
    structured_ref: str = ""


@dataclass
class EntrySpec:
    journal: Journal | str
    date: Date
    lines: Sequence[LineSpec]
    number: str = ""
    counterparty: Counterparty | None = None
    description: str = ""
    currency: str = "EUR"
    amount_currency: Decimal | None = None
    document_id: int | None = None
    source: str = EntrySource.MANUAL
    external_ref: str = ""
    reversal_of: Entry | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The invoice's own date; the entry's `date` may be moved into an open period.
    document_date: Date | None = None


def to_money(value: Any) -> Decimal:
    """Decimal with two places; refuses floats and sub-cent amounts (never silently rounds)."""
    if isinstance(value, float):
        raise ValidationError(_("Amounts must be decimals, not floating point numbers."))
    if value in (None, ""):
        return ZERO
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not an amount.") % {"value": value}) from None
    if not amount.is_finite():
        raise ValidationError(_("“%(value)s” is not an amount.") % {"value": value})
    if amount != amount.quantize(CENT):
        raise ValidationError(_("“%(value)s” has more than two decimals.") % {"value": value})
    if abs(amount) >= Decimal("1e12"):
        raise ValidationError(_("“%(value)s” is too large.") % {"value": value})
    return amount.quantize(CENT)


class BooksCache:
    """A dossier's master data loaded once, so a batch of entries validates in memory."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.accounts = {a.code: a for a in Account.objects.filter(dossier=dossier)}
        self.accounts_by_id = {a.pk: a for a in self.accounts.values()}
        self.journals = {j.code: j for j in Journal.objects.filter(dossier=dossier)}
        self.journals_by_id = {j.pk: j for j in self.journals.values()}
        self.vat_codes = {v.code: v for v in VatCode.objects.filter(dossier=dossier)}
        self.vat_by_id = {v.pk: v for v in self.vat_codes.values()}
        self.counterparty_ids = set(
            Counterparty.objects.filter(dossier=dossier).values_list("pk", flat=True)
        )
        self.fiscal_years = {fy.pk: fy for fy in FiscalYear.objects.filter(dossier=dossier)}
        self.periods = list(Period.objects.filter(dossier=dossier).order_by("start"))
        self.closed_for: dict[int, set[int]] = defaultdict(set)
        for pid, jid in Period.closed_journals.through.objects.filter(
            period__dossier=dossier
        ).values_list("period_id", "journal_id"):
            self.closed_for[pid].add(jid)

    def period_for(self, day: Date) -> Period | None:
        for p in self.periods:
            if p.start <= day <= p.end:
                return p
        return None


def _account(cache: BooksCache, ref: Account | str) -> Account:
    if isinstance(ref, Account):
        acc = cache.accounts_by_id.get(ref.pk)
    else:
        acc = cache.accounts.get(str(ref).strip())
    if acc is None:
        raise ValidationError(_("Unknown account %(code)s.") % {"code": getattr(ref, "code", ref)})
    if not acc.active:
        raise ValidationError(_("Account %(code)s is not active.") % {"code": acc.code})
    return acc


def _vat(cache: BooksCache, ref: VatCode | str | None) -> VatCode | None:
    if ref in (None, ""):
        return None
    vat = cache.vat_by_id.get(ref.pk) if isinstance(ref, VatCode) else cache.vat_codes.get(ref)
    if vat is None:
        raise ValidationError(_("Unknown VAT code %(code)s.") % {"code": getattr(ref, "code", ref)})
    return vat


def _build(
    spec: EntrySpec,
    cache: BooksCache,
    counters: dict[tuple[int, int], int],
    taken: set,
    invoice_dates: dict[int, Date] | None = None,
) -> tuple[Entry, list[EntryLine]]:
    journal = (
        cache.journals_by_id.get(spec.journal.pk)
        if isinstance(spec.journal, Journal)
        else cache.journals.get(spec.journal)
    )
    if journal is None:
        raise ValidationError(_("Unknown journal %(code)s.") % {"code": spec.journal})
    if not journal.active:
        raise ValidationError(_("Journal %(code)s is not active.") % {"code": journal.code})
    if not isinstance(spec.date, Date):
        raise ValidationError(_("The entry has no valid date."))
    period = cache.period_for(spec.date)
    if period is None:
        raise ValidationError(
            _("No period of the books contains %(date)s.") % {"date": spec.date.isoformat()}
        )
    fiscal_year = cache.fiscal_years[period.fiscal_year_id]
    if fiscal_year.closed or period.closed or journal.pk in cache.closed_for[period.pk]:
        raise ValidationError(
            _("Period %(period)s is closed for journal %(journal)s.")
            % {"period": period.label, "journal": journal.code}
        )
    if spec.counterparty is not None and spec.counterparty.pk not in cache.counterparty_ids:
        raise ValidationError(_("Unknown counterparty."))
    if len(spec.lines) < 2:
        raise ValidationError(_("An entry needs at least two lines."))
    lines: list[EntryLine] = []
    total_debit = total_credit = ZERO
    for n, ls in enumerate(spec.lines, start=1):
        try:
            account = _account(cache, ls.account)
            debit, credit = to_money(ls.debit), to_money(ls.credit)
            if debit < 0 or credit < 0:
                raise ValidationError(_("Debit and credit cannot be negative."))
            if debit and credit:
                raise ValidationError(_("A line is either debit or credit, not both."))
            vat_code = _vat(cache, ls.vat_code)
            counterparty = ls.counterparty
            if counterparty is not None and counterparty.pk not in cache.counterparty_ids:
                raise ValidationError(_("Unknown counterparty."))
            if counterparty is None and account.kind in OPEN_ITEM_KINDS:
                counterparty = spec.counterparty
            ref = re.sub(r"\D", "", ls.structured_ref or "")
            if ref and not _ogm_valid(ref):
                raise ValidationError(
                    _("“%(ref)s” is not a valid structured communication.")
                    % {"ref": ls.structured_ref}
                )
        except ValidationError as exc:
            raise ValidationError(
                _("line %(n)s: %(msg)s") % {"n": n, "msg": " ".join(exc.messages)}
            ) from None
        total_debit += debit
        total_credit += credit
        lines.append(
            EntryLine(
                dossier_id=cache.dossier.pk,
                period_id=period.pk,
                date=spec.date,
                account_id=account.pk,
                counterparty_id=counterparty.pk if counterparty else None,
                vat_code_id=vat_code.pk if vat_code else None,
                description=(ls.description or "")[:200],
                debit=debit,
                credit=credit,
                amount_currency=ls.amount_currency,
                vat_base=to_money(ls.vat_base) if ls.vat_base not in (None, "") else None,
                due_date=ls.due_date,
                structured_ref=ref,
                is_open_item=account.kind in OPEN_ITEM_KINDS and counterparty is not None,
            )
        )
    if spec.source not in (EntrySource.IMPORT, EntrySource.REVERSAL):
        # Imported books and reversals carry their VAT lines as they were written.
        lines = _vat_lines_completed(cache, lines)
    if total_debit != total_credit:
        raise ValidationError(
            _("The entry does not balance: debit %(d)s, credit %(c)s.")
            % {"d": total_debit, "c": total_credit}
        )
    if total_debit == ZERO:
        raise ValidationError(_("The entry has no amount."))
    number = (spec.number or "").strip()
    key = (journal.pk, fiscal_year.pk)
    if not number:
        seq = counters[key]
        number = journal.format_number(fiscal_year.start.year, seq)
        counters[key] = seq + 1
    else:
        _bump_counter(counters, key, number, fiscal_year.start.year)
    if (journal.pk, number) in taken:
        raise ValidationError(
            _("Document number %(number)s is already used in journal %(journal)s.")
            % {"number": number, "journal": journal.code}
        )
    taken.add((journal.pk, number))
    entry = Entry(
        dossier_id=cache.dossier.pk,
        journal_id=journal.pk,
        period_id=period.pk,
        date=spec.date,
        document_date=spec.document_date
        or (invoice_dates or {}).get(spec.document_id or 0)
        or spec.date,
        number=number[:40],
        counterparty_id=spec.counterparty.pk if spec.counterparty else None,
        description=(spec.description or "")[:200],
        currency=(spec.currency or "EUR").upper()[:3],
        amount_currency=spec.amount_currency,
        document_id=spec.document_id,
        reversal_of_id=spec.reversal_of.pk if spec.reversal_of else None,
        source=spec.source,
        external_ref=(spec.external_ref or "")[:60],
    )
    return entry, lines


def _vat_lines_completed(cache: BooksCache, lines: list[EntryLine]) -> list[EntryLine]:
    """The VAT lines the code's rules call for that the caller did not write.

    Reverse charge (intra-EU acquisitions art. 25bis, services art. 21 §2 and 51 §2 1°,
    the co-contractor of Royal Decree no. 1 art. 20): the buyer owes the VAT and deducts
    it in the same return, so a base line gets the VAT at the code's rate twice: due on
    the code's due account (451, boxes 55/56/57) and deductible on its VAT account (411,
    box 59). An entry that already carries a due line of the code (an import, a
    reversal) is left as it is.
    A code deductible for less than 100 % (foreign VAT: 0 %) moves the rest of its VAT
    line to the charge it belongs to (the first base line of the same code).
    Each added pair balances, so the entry's totals do not change.
    """
    has_due = {
        (ln.vat_code_id, ln.account_id) for ln in lines if ln.vat_code_id and ln.vat_base is None
    }
    out: list[EntryLine] = []
    base_account: dict[int, int] = {}
    for ln in lines:
        out.append(ln)
        code = cache.vat_by_id.get(ln.vat_code_id) if ln.vat_code_id else None
        if code is None:
            continue
        if ln.vat_base is not None:
            base_account.setdefault(code.pk, ln.account_id)
        if not code.reverse_charge or ln.vat_base is None or not code.rate:
            continue
        if not (code.vat_account_id and code.due_vat_account_id):
            continue
        if (code.pk, code.due_vat_account_id) in has_due:
            continue
        vat = (abs(ln.vat_base) * code.rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if not vat:
            continue
        # Same side as the base line: a purchase debits 411 and credits 451; a credit
        # note received (base on the credit side) does the opposite.
        on_debit = ln.debit > 0
        deductible = _deductible_share(code, vat)
        pairs = [(code.due_vat_account_id, vat, not on_debit)]
        if deductible:
            pairs.append((code.vat_account_id, deductible, on_debit))
        if vat - deductible:
            pairs.append((ln.account_id, vat - deductible, on_debit))
        for account_id, amount, debit in pairs:
            out.append(
                EntryLine(
                    dossier_id=ln.dossier_id,
                    period_id=ln.period_id,
                    date=ln.date,
                    account_id=account_id,
                    vat_code_id=code.pk,
                    description=ln.description,
                    debit=amount if debit else ZERO,
                    credit=ZERO if debit else amount,
                )
            )
    # Non-deductible VAT charged on the invoice: from the VAT account to the charge,
    # unless the entry already carries it there (a reversal, an import).
    moved_before = {
        ln.vat_code_id
        for ln in lines
        if ln.vat_code_id in cache.vat_by_id
        and ln.vat_base is None
        and ln.account_id
        not in (
            cache.vat_by_id[ln.vat_code_id].vat_account_id,
            cache.vat_by_id[ln.vat_code_id].due_vat_account_id,
        )
    }
    final: list[EntryLine] = []
    for ln in out:
        code = cache.vat_by_id.get(ln.vat_code_id) if ln.vat_code_id else None
        if (
            code is None
            or code.reverse_charge
            or ln.vat_base is not None
            or ln.account_id != code.vat_account_id
            or code.deductible_percent >= 100
            or code.pk not in base_account
            or code.pk in moved_before
        ):
            final.append(ln)
            continue
        on_debit = ln.debit > 0
        amount = ln.debit or ln.credit
        keep = _deductible_share(code, amount)
        moved = amount - keep
        if keep:
            ln.debit, ln.credit = (keep, ZERO) if on_debit else (ZERO, keep)
            final.append(ln)
        final.append(
            EntryLine(
                dossier_id=ln.dossier_id,
                period_id=ln.period_id,
                date=ln.date,
                account_id=base_account[code.pk],
                vat_code_id=code.pk,
                description=ln.description,
                debit=moved if on_debit else ZERO,
                credit=ZERO if on_debit else moved,
            )
        )
    return final


def _deductible_share(code: VatCode, vat: Decimal) -> Decimal:
    pct = code.deductible_percent if code.deductible_percent is not None else Decimal("100")
    return (vat * pct / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _bump_counter(counters, key, number: str, year: int) -> None:
    """An imported number like 2025-00042 moves the counter past 42 (never backwards)."""
    digits = re.findall(r"\d+", number)
    if not digits:
        return
    last = digits[-1]
    if len(digits) == 1 and last == str(year):
        return
    if len(last) <= 9:
        counters[key] = max(counters[key], int(last) + 1)


def _ogm_valid(digits: str) -> bool:
    """Belgian structured communication: 10 data digits + mod 97 (0 → 97) (BELGIUM.md)."""
    if len(digits) != 12:
        return False
    check = int(digits[:10]) % 97 or 97
    return check == int(digits[10:])


def ogm_format(digits: str) -> str:
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++" if len(digits) == 12 else digits


def ogm_make(number: int) -> str:
    data = f"{number % 10**10:010d}"
    return data + f"{int(data) % 97 or 97:02d}"


def entries_post_many(
    *,
    actor: Any,
    dossier: Dossier,
    specs: Sequence[EntrySpec],
    audit_each: bool = True,
    now=None,
) -> list[Entry]:
    """Post several entries, all or nothing. Raises PostingError listing every bad entry."""
    with transaction.atomic():
        books = Books.objects.select_for_update().filter(dossier=dossier).first()
        if books is None:
            raise PostingError([(-1, _("The books of this dossier are not activated."))])
        cache = BooksCache(dossier)
        counters: dict[tuple[int, int], int] = defaultdict(lambda: 1)
        for c in JournalCounter.objects.filter(journal__dossier=dossier):
            counters[(c.journal_id, c.fiscal_year_id)] = c.next_number
        start_counters = dict(counters)
        numbers = {s.number for s in specs if s.number}
        taken: set[tuple[int, str]] = set()
        if numbers:
            taken = set(
                Entry.objects.filter(dossier=dossier, number__in=numbers).values_list(
                    "journal_id", "number"
                )
            )
        built: list[tuple[Entry, list[EntryLine]]] = []
        errors: list[tuple[int, str]] = []
        dates = _invoice_dates(
            [s.document_id for s in specs if s.document_id and not s.document_date]
        )
        for i, spec in enumerate(specs):
            try:
                built.append(_build(spec, cache, counters, taken, dates))
            except ValidationError as exc:
                errors.append((i, " ".join(exc.messages)))
        if errors:
            raise PostingError(errors)
        # Auto numbers could collide with numbers already in the table (imported by hand):
        auto = [e for e, _l in built]
        clash = set(
            Entry.objects.filter(dossier=dossier, number__in=[e.number for e in auto]).values_list(
                "journal_id", "number"
            )
        ) & {(e.journal_id, e.number) for e in auto}
        if clash:
            raise PostingError(
                [(-1, _("Document number %(n)s is already used.") % {"n": sorted(clash)[0][1]})]
            )
        stamp = now or timezone.now()
        posted_by = actor if getattr(actor, "is_authenticated", False) else None
        entries = [e for e, _l in built]
        for e in entries:
            e.posted_at = stamp
            e.posted_by = posted_by
        Entry.objects.bulk_create(entries, batch_size=500)
        all_lines: list[EntryLine] = []
        for entry, lines in built:
            for line in lines:
                line.entry_id = entry.pk
                all_lines.append(line)
        EntryLine.objects.bulk_create(all_lines, batch_size=1000)
        _apply_balances(dossier, all_lines)
        _save_counters(counters, start_counters)
        books_changed(dossier.pk)
        if audit_each:
            for entry in entries:
                audit_log(
                    actor=actor,
                    action="ledger.entry_posted",
                    obj=entry,
                    data={"journal": entry.journal_id, "number": entry.number},
                )
        else:
            audit_log(
                actor=actor,
                action="ledger.entries_posted",
                dossier_id=dossier.pk,
                data={"count": len(entries)},
            )
        return entries


def _invoice_dates(document_ids: list[int]) -> dict[int, Date]:
    """The issue date recognition read (and a person corrected) on each document.

    A proposal's corrected invoice date is written back to the extraction, so the
    ledger reads it from the document it is given without asking the booking app.
    """
    if not document_ids:
        return {}
    from documents.models import Document
    from recognition.models import Extraction

    current = dict(
        Document.objects.filter(pk__in=document_ids).values_list("pk", "original__sha256")
    )
    return {
        doc_id: day
        for doc_id, version, day in Extraction.objects.filter(
            document_id__in=current, issue_date__isnull=False
        ).values_list("document_id", "version", "issue_date")
        if current.get(doc_id) == version
    }


def _apply_balances(dossier: Dossier, lines: Iterable[EntryLine]) -> None:
    deltas: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for line in lines:
        d = deltas[(line.account_id, line.period_id)]
        d[0] += line.debit
        d[1] += line.credit
    if not deltas:
        return
    existing = {
        (b.account_id, b.period_id): b
        for b in PeriodBalance.objects.filter(dossier=dossier, period_id__in={k[1] for k in deltas})
    }
    create = []
    for key, (debit, credit) in deltas.items():
        if key in existing:
            PeriodBalance.objects.filter(pk=existing[key].pk).update(
                debit=F("debit") + debit, credit=F("credit") + credit
            )
        else:
            create.append(
                PeriodBalance(
                    dossier=dossier, account_id=key[0], period_id=key[1], debit=debit, credit=credit
                )
            )
    PeriodBalance.objects.bulk_create(create, batch_size=1000)


def _save_counters(counters: dict, start: dict) -> None:
    for (journal_id, fy_id), value in counters.items():
        if start.get((journal_id, fy_id)) == value:
            continue
        JournalCounter.objects.update_or_create(
            journal_id=journal_id, fiscal_year_id=fy_id, defaults={"next_number": value}
        )


def entry_post(
    *,
    actor: Any,
    dossier: Dossier,
    journal: Journal | str,
    date: Date,
    lines: Sequence[LineSpec],
    number: str = "",
    counterparty: Counterparty | None = None,
    description: str = "",
    currency: str = "EUR",
    amount_currency: Decimal | None = None,
    document_id: int | None = None,
    source: str = EntrySource.MANUAL,
) -> Entry:
    """Post one balanced entry and return it. Raises ValidationError with the reason."""
    spec = EntrySpec(
        journal=journal,
        date=date,
        lines=lines,
        number=number,
        counterparty=counterparty,
        description=description,
        currency=currency,
        amount_currency=amount_currency,
        document_id=document_id,
        source=source,
    )
    try:
        return entries_post_many(actor=actor, dossier=dossier, specs=[spec])[0]
    except PostingError as exc:
        raise ValidationError([m for _i, m in exc.errors]) from None


def entry_reverse(
    *, actor: Any, entry: Entry, date: Date | None = None, description: str = ""
) -> Entry:
    """Post the mirror of `entry` (debit and credit swapped) and match their open items."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if Entry.objects.filter(reversal_of=entry).exists():
            raise ValidationError(_("This entry has already been reversed."))
        if entry.reversal_of_id:
            raise ValidationError(_("A reversal cannot itself be reversed; post a new entry."))
        lines = list(entry.lines.select_related("account", "counterparty", "vat_code"))
        spec = EntrySpec(
            journal=entry.journal,
            date=date or entry.date,
            counterparty=entry.counterparty,
            description=(description or _("Reversal of %(n)s") % {"n": entry.number})[:200],
            currency=entry.currency,
            amount_currency=-entry.amount_currency if entry.amount_currency else None,
            source=EntrySource.REVERSAL,
            reversal_of=entry,
            lines=[
                LineSpec(
                    account=ln.account,
                    debit=ln.credit,
                    credit=ln.debit,
                    counterparty=ln.counterparty,
                    vat_code=ln.vat_code,
                    description=ln.description,
                    amount_currency=-ln.amount_currency if ln.amount_currency else None,
                    vat_base=-ln.vat_base if ln.vat_base else None,
                    due_date=ln.due_date,
                )
                for ln in lines
            ],
        )
        try:
            reversal = entries_post_many(
                actor=actor, dossier=entry.dossier, specs=[spec], audit_each=False
            )[0]
        except PostingError as exc:
            raise ValidationError([m for _i, m in exc.errors]) from None
        audit_log(
            actor=actor,
            action="ledger.entry_reversed",
            obj=entry,
            data={"reversal": reversal.pk, "number": reversal.number},
        )
        # The original's open items and the reversal's cancel out: match them pairwise.
        from ledger.selectors import open_amounts

        new_lines = list(reversal.lines.order_by("id"))
        opens = open_amounts([ln.pk for ln in lines])
        rec = None
        for old, new in zip(lines, new_lines, strict=True):
            if not old.is_open_item:
                continue
            remaining = opens.get(old.pk, ZERO)
            if remaining <= 0:
                continue
            if rec is None:
                rec = Reconciliation.objects.create(
                    dossier=entry.dossier,
                    date=reversal.date,
                    note=_("Reversal"),
                    created_by=reversal.posted_by,
                )
            Match.objects.create(reconciliation=rec, line=old, amount=remaining)
            Match.objects.create(reconciliation=rec, line=new, amount=remaining)
        return reversal
