"""Apply parsed sections to a dossier's books, all or nothing.

Order: accounts, journals, VAT codes, periods (created open), counterparties, entries,
then the periods' closed flags and the open items. Every bad row is reported with its
place ("entries.csv line 14"); if there is one, the transaction is rolled back and
nothing of the file stays. A dry run does all the work and rolls back too, so the
report the office reads is exactly what applying will do.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from ledger.belgium.chart import account_kind
from ledger.events import books_changed
from ledger.interchange.reader import Parsed, Row
from ledger.models import (
    ZERO,
    Account,
    AccountKind,
    Counterparty,
    CounterpartyKind,
    Entry,
    EntryLine,
    EntrySource,
    FiscalYear,
    JournalKind,
    Match,
    Period,
    Reconciliation,
    VatDirection,
    VatKind,
    VatRegion,
)
from ledger.services.posting import EntrySpec, LineSpec, PostingError, entries_post_many, to_money
from ledger.services.setup import (
    account_save,
    counterparty_save,
    journal_save,
    vat_code_save,
)
from tenancy.models import Dossier

TRUE = {"1", "true", "yes", "y", "oui", "ja", "t", "x"}


class _Rollback(Exception):
    pass


@dataclass
class ImportReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    applied: bool = False

    def count(self, section: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(section, {}).setdefault(what, 0)
        self.counts[section][what] += n

    def error(self, where: str, message: str) -> None:
        self.errors.append({"where": where, "message": message})

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"counts": self.counts, "errors": self.errors, "applied": self.applied}


def _bool(v: Any, default: bool = False) -> bool:
    if v in (None, ""):
        return default
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() in TRUE


def _date(v: Any) -> Date | None:
    if v in (None, ""):
        return None
    if isinstance(v, Date):
        return v
    s = str(v).strip()[:10]
    for fmt in ("iso", "dmy"):
        try:
            if fmt == "iso":
                return Date.fromisoformat(s)
            d, m, y = s.replace(".", "/").replace("-", "/").split("/")
            return Date(int(y), int(m), int(d))
        except (ValueError, TypeError):
            continue
    raise ValidationError(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": v})


def _choice(v: Any, choices, label: str) -> str:
    v = str(v or "").strip()
    if v not in choices.values:
        raise ValidationError(
            _("%(label)s “%(v)s” is not one of %(c)s.")
            % {"label": label, "v": v, "c": ", ".join(choices.values)}
        )
    return v


def import_books(
    *, actor: Any, dossier: Dossier, parsed: Parsed, dry_run: bool = False
) -> ImportReport:
    report = ImportReport(errors=list(parsed.errors))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _Importer(actor, dossier, parsed, report).run()
            if report.errors or dry_run:
                raise _Rollback
            audit_log(actor=actor, action="ledger.books_imported", obj=dossier, data=report.counts)
            books_changed(dossier.pk)
            report.applied = True
    except _Rollback:
        pass
    return report


class _Importer:
    def __init__(self, actor, dossier: Dossier, parsed: Parsed, report: ImportReport):
        self.actor = actor
        self.dossier = dossier
        self.s = parsed.sections
        self.report = report
        self.accounts: dict[str, Account] = {}
        self.period_flags: list[tuple[Period, bool]] = []

    def run(self) -> None:
        self._accounts()
        self._journals()
        self._vat_codes()
        self._periods()
        self._counterparties()
        if self.report.errors:
            return
        entries = self._entries()
        if self.report.errors:
            return
        for period, closed in self.period_flags:
            if period.closed != closed:
                period.closed = closed
                period.save(update_fields=["closed"])
        self._open_items(entries)

    def _row_error(self, row: Row, exc: Exception) -> None:
        msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        self.report.error(row.where, " ".join(str(m) for m in msgs))

    def _account(self, code: Any) -> Account | None:
        code = str(code or "").strip()
        if not code:
            return None
        if not self.accounts:
            self.accounts = {a.code: a for a in Account.objects.filter(dossier=self.dossier)}
        acc = self.accounts.get(code)
        if acc is None:
            raise ValidationError(_("Unknown account %(code)s.") % {"code": code})
        return acc

    def _accounts(self) -> None:
        for row in self.s.get("accounts", []):
            v = row.values
            try:
                code = str(v.get("code", "")).strip()
                kind = str(v.get("kind") or account_kind(code))
                _choice(kind, AccountKind, _("type"))
                values = {
                    k: str(v.get(k) or "")[:200]
                    for k in ("name_fr", "name_nl", "name_en", "name_de")
                    if k in v
                }
                values["kind"] = kind
                values["active"] = _bool(v.get("active"), True)
                if not any(values.get(k) for k in ("name_fr", "name_nl", "name_en", "name_de")):
                    raise ValidationError(_("An account needs a name."))
                with transaction.atomic():
                    _account, created = account_save(
                        actor=self.actor, dossier=self.dossier, code=code, **values
                    )
                self.report.count("accounts", "created" if created else "updated")
            except ValidationError as exc:
                self._row_error(row, exc)
        self.accounts = {}

    def _journals(self) -> None:
        for row in self.s.get("journals", []):
            v = row.values
            try:
                code = str(v.get("code", "")).strip().upper()
                if not code or len(code) > 8:
                    raise ValidationError(_("A journal code has 1 to 8 characters."))
                values: dict[str, Any] = {"kind": _choice(v.get("kind"), JournalKind, _("type"))}
                for k in ("alias", "description", "currency", "number_format", "iban"):
                    if v.get(k) not in (None, ""):
                        values[k] = str(v[k])
                for k in ("credit_note_only", "visible_to_client", "active"):
                    if k in v:
                        values[k] = _bool(v[k], k != "credit_note_only")
                if v.get("account"):
                    values["account"] = self._account(v["account"])
                with transaction.atomic():
                    journal_save(actor=self.actor, dossier=self.dossier, code=code, **values)
                self.report.count("journals", "saved")
            except ValidationError as exc:
                self._row_error(row, exc)

    def _vat_codes(self) -> None:
        for row in self.s.get("vat_codes", []):
            v = row.values
            try:
                code = str(v.get("code", "")).strip().upper()
                if not code:
                    raise ValidationError(_("A VAT code needs a code."))
                values: dict[str, Any] = {
                    "direction": _choice(v.get("direction"), VatDirection, _("direction")),
                    "rate": to_money(v.get("rate")),
                    "kind": _choice(v.get("kind"), VatKind, _("type")),
                    "region": _choice(v.get("region"), VatRegion, _("region")),
                    "reverse_charge": _bool(v.get("reverse_charge")),
                    "active": _bool(v.get("active"), True),
                }
                for k in (
                    "base_grids",
                    "vat_grid",
                    "due_vat_grid",
                    "credit_note_base_grid",
                    "credit_note_vat_grid",
                    "name_fr",
                    "name_nl",
                    "name_en",
                    "name_de",
                ):
                    if k in v:
                        values[k] = str(v.get(k) or "")
                if v.get("deductible_percent") not in (None, ""):
                    values["deductible_percent"] = to_money(v["deductible_percent"])
                values["vat_account"] = self._account(v.get("vat_account"))
                values["due_vat_account"] = self._account(v.get("due_vat_account"))
                with transaction.atomic():
                    vat_code_save(actor=self.actor, dossier=self.dossier, code=code, **values)
                self.report.count("vat_codes", "saved")
            except ValidationError as exc:
                self._row_error(row, exc)

    def _periods(self) -> None:
        rows = self.s.get("periods", [])
        by_year: dict[str, list[tuple[Row, int, Date, Date, bool]]] = OrderedDict()
        for row in rows:
            v = row.values
            try:
                name = str(v.get("fiscal_year") or "").strip()
                if not name:
                    raise ValidationError(_("A period needs its fiscal year."))
                start, end = _date(v.get("start")), _date(v.get("end"))
                if start is None or end is None or end < start:
                    raise ValidationError(_("A period needs a start and an end after it."))
                by_year.setdefault(name, []).append(
                    (row, int(str(v.get("number") or 0)), start, end, _bool(v.get("closed")))
                )
            except (ValidationError, ValueError) as exc:
                self._row_error(row, exc)
        for name, items in by_year.items():
            start = min(i[2] for i in items)
            end = max(i[3] for i in items)
            fy = FiscalYear.objects.filter(dossier=self.dossier, name=name).first()
            if fy is None:
                if FiscalYear.objects.filter(
                    dossier=self.dossier, start__lte=end, end__gte=start
                ).exists():
                    self.report.error(
                        items[0][0].where, _("This fiscal year overlaps another one.")
                    )
                    continue
                fy = FiscalYear.objects.create(
                    dossier=self.dossier, name=name, start=start, end=end
                )
                self.report.count("periods", "fiscal years created")
            existing = {p.number: p for p in fy.periods.all()}
            for row, number, p_start, p_end, closed in items:
                period = existing.get(number)
                if period is None:
                    if Period.objects.filter(
                        dossier=self.dossier, start__lte=p_end, end__gte=p_start
                    ).exists():
                        self.report.error(row.where, _("This period overlaps another one."))
                        continue
                    period = Period.objects.create(
                        dossier=self.dossier,
                        fiscal_year=fy,
                        number=number,
                        start=p_start,
                        end=p_end,
                    )
                    self.report.count("periods", "created")
                elif (period.start, period.end) != (p_start, p_end):
                    self.report.error(row.where, _("This period exists with other dates."))
                    continue
                self.period_flags.append((period, closed))

    def _counterparties(self) -> None:
        for row in self.s.get("counterparties", []):
            v = row.values
            try:
                kind = _choice(v.get("kind"), CounterpartyKind, _("type"))
                values: dict[str, Any] = {}
                for k in (
                    "name",
                    "vat_number",
                    "iban",
                    "bic",
                    "street",
                    "postcode",
                    "city",
                    "country",
                    "language",
                    "email",
                ):
                    if k in v:
                        values[k] = str(v.get(k) or "")
                if not values.get("name"):
                    raise ValidationError(_("A counterparty needs a name."))
                if v.get("default_account"):
                    values["default_account"] = self._account(v["default_account"])
                if v.get("default_vat_code"):
                    from ledger.models import VatCode

                    vat = VatCode.objects.filter(
                        dossier=self.dossier, code=str(v["default_vat_code"]).upper()
                    ).first()
                    if vat is None:
                        raise ValidationError(
                            _("Unknown VAT code %(code)s.") % {"code": v["default_vat_code"]}
                        )
                    values["default_vat_code"] = vat
                if v.get("payment_days") not in (None, ""):
                    values["payment_days"] = int(str(v["payment_days"]))
                with transaction.atomic():
                    counterparty_save(
                        actor=self.actor,
                        dossier=self.dossier,
                        kind=kind,
                        reference=str(v.get("reference") or ""),
                        audit=False,
                        **values,
                    )
                self.report.count("counterparties", "saved")
            except (ValidationError, ValueError) as exc:
                self._row_error(row, exc)

    def _entries(self) -> dict[tuple[str, str], Entry]:
        rows = self.s.get("entries", [])
        groups: dict[tuple[str, str], list[Row]] = OrderedDict()
        for row in rows:
            key = (
                str(row.values.get("journal") or "").strip().upper(),
                str(row.values.get("number") or "").strip(),
            )
            if not key[0] or not key[1]:
                self.report.error(row.where, _("An entry line needs its journal and number."))
                continue
            groups.setdefault(key, []).append(row)
        counterparties = {
            (c.kind, c.reference): c for c in Counterparty.objects.filter(dossier=self.dossier)
        }
        existing = {
            (e.journal.code, e.number): e
            for e in Entry.objects.filter(
                dossier=self.dossier, number__in=[k[1] for k in groups]
            ).select_related("journal")
        }
        specs: list[EntrySpec] = []
        spec_rows: list[Row] = []
        keys: list[tuple[str, str]] = []
        for key, group in groups.items():
            head = group[0].values
            try:
                day = _date(head.get("date"))
                if day is None:
                    raise ValidationError(_("The entry has no valid date."))
                cp = None
                if head.get("counterparty"):
                    cp = counterparties.get(
                        (
                            str(head.get("counterparty_kind") or "").strip(),
                            str(head["counterparty"]).strip().upper(),
                        )
                    )
                    if cp is None:
                        raise ValidationError(
                            _("Unknown counterparty %(ref)s.") % {"ref": head["counterparty"]}
                        )
                lines = []
                for row in group:
                    v = row.values
                    try:
                        lines.append(
                            LineSpec(
                                account=str(v.get("account") or "").strip(),
                                debit=to_money(v.get("debit")),
                                credit=to_money(v.get("credit")),
                                vat_code=str(v.get("vat_code") or "").strip().upper() or None,
                                vat_base=to_money(v["vat_base"])
                                if v.get("vat_base") not in (None, "")
                                else None,
                                amount_currency=to_money(v["amount_currency"])
                                if v.get("amount_currency") not in (None, "")
                                else None,
                                due_date=_date(v.get("due_date")),
                                structured_ref=str(v.get("structured_ref") or ""),
                                description=str(v.get("line_description") or ""),
                            )
                        )
                    except ValidationError as exc:
                        self._row_error(row, exc)
                        raise ValidationError("") from None
                if key in existing:
                    entry = existing[key]
                    total = sum((ln.debit for ln in lines), ZERO)
                    same = entry.date == day and total == sum(
                        (ln.debit for ln in entry.lines.all()), ZERO
                    )
                    if not same:
                        raise ValidationError(
                            _(
                                "Entry %(j)s %(n)s is already in the books with other amounts or date."
                            )
                            % {"j": key[0], "n": key[1]}
                        )
                    self.report.count("entries", "already present")
                    continue
                specs.append(
                    EntrySpec(
                        journal=key[0],
                        number=key[1],
                        date=day,
                        document_date=_date(head.get("document_date")),
                        lines=lines,
                        counterparty=cp,
                        description=str(head.get("description") or ""),
                        currency=str(head.get("currency") or "EUR"),
                        source=EntrySource.IMPORT,
                    )
                )
                spec_rows.append(group[0])
                keys.append(key)
            except ValidationError as exc:
                if any(exc.messages) and exc.messages != [""]:
                    self._row_error(group[0], exc)
        if self.report.errors or not specs:
            return dict(existing)
        try:
            posted = entries_post_many(
                actor=self.actor, dossier=self.dossier, specs=specs, audit_each=False
            )
        except PostingError as exc:
            for i, message in exc.errors:
                where = spec_rows[i].where if i >= 0 else "entries"
                self.report.error(where, message)
            return {}
        self.report.count("entries", "posted", len(posted))
        out = dict(existing)
        out.update(dict(zip(keys, posted, strict=True)))
        return out

    def _open_items(self, entries: dict[tuple[str, str], Entry]) -> None:
        """The file's open items are the truth for the entries it brings: every other
        open-item line of those entries is settled, listed ones keep their open amount."""
        rows = self.s.get("open_items", [])
        if not rows:
            return
        open_by_line: dict[int, Decimal] = {}
        lines_of: dict[int, list[EntryLine]] = defaultdict(list)
        for line in EntryLine.objects.filter(entry__in=list(entries.values())).order_by("id"):
            lines_of[line.entry_id].append(line)
        for row in rows:
            v = row.values
            key = (str(v.get("journal") or "").strip().upper(), str(v.get("number") or "").strip())
            try:
                entry = entries.get(key)
                if entry is None:
                    raise ValidationError(
                        _("Entry %(j)s %(n)s is not in this file.") % {"j": key[0], "n": key[1]}
                    )
                n = int(str(v.get("line") or 0))
                lines = lines_of[entry.pk]
                if n:
                    if not 1 <= n <= len(lines):
                        raise ValidationError(_("The entry has no line %(n)s.") % {"n": n})
                    line = lines[n - 1]
                else:
                    candidates = [ln for ln in lines if ln.is_open_item]
                    if not candidates:
                        raise ValidationError(_("The entry has no customer or supplier line."))
                    line = candidates[0]
                if not line.is_open_item:
                    raise ValidationError(_("This line is not a customer or supplier line."))
                amount = to_money(v.get("open_amount"))
                if amount < 0 or amount > abs(line.debit - line.credit):
                    raise ValidationError(_("The open amount exceeds the line's amount."))
                open_by_line[line.pk] = amount
            except (ValidationError, ValueError) as exc:
                self._row_error(row, exc)
        if self.report.errors:
            return
        from ledger.selectors import open_amounts

        all_lines = [ln for lines in lines_of.values() for ln in lines if ln.is_open_item]
        current = open_amounts([ln.pk for ln in all_lines])
        rec = None
        for line in all_lines:
            target = open_by_line.get(line.pk, ZERO)
            settle = current[line.pk] - target
            if settle <= 0:
                continue
            if rec is None:
                rec = Reconciliation.objects.create(
                    dossier=self.dossier,
                    date=max(e.date for e in entries.values()),
                    note=_("Matching imported with the books"),
                )
            Match.objects.create(reconciliation=rec, line=line, amount=settle)
            self.report.count("open_items", "settled lines")
        self.report.count("open_items", "open lines", len(open_by_line))
