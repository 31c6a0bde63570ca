"""Activation of a dossier's books (I3) and edits of its master data (D2, D5, D6).

With the built-in ledger a new dossier starts from the Belgian defaults
(`ledger.belgium`): the PCMN/MAR chart with French and Dutch names, the VAT codes
with their VAT-return boxes, the usual journals and the current fiscal year.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import vat as eu_vat

from core import extensions
from core.audit import audit_log
from ledger.belgium.chart import ACCOUNTS, account_kind
from ledger.belgium.defaults import JOURNALS
from ledger.belgium.vat import vat_codes
from ledger.events import books_changed
from ledger.models import (
    Account,
    AccountChange,
    AccountChangeKind,
    Books,
    Connector,
    Counterparty,
    Journal,
    JournalCounter,
    SyncState,
    VatCode,
)
from ledger.services.periods import fiscal_year_create
from tenancy.models import Dossier


def books_activate(
    *,
    actor: Any,
    dossier: Dossier,
    connector: str = Connector.BUILTIN,
    belgian_defaults: bool = True,
    year: int | None = None,
) -> Books:
    """Open the dossier's books. Idempotent: an activated dossier is returned unchanged."""
    with transaction.atomic():
        books = Books.objects.select_for_update().filter(dossier=dossier).first()
        if books is not None:
            return books
        if connector not in Connector.values:
            raise ValidationError(_("Unknown accounting software."))
        books = Books.objects.create(
            dossier=dossier,
            connector=connector,
            activated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        SyncState.objects.get_or_create(dossier=dossier)
        if belgian_defaults:
            install_belgian_defaults(dossier=dossier)
            fy = fiscal_year_create(
                actor=actor, dossier=dossier, year=year or timezone.localdate().year, audit=False
            )
            books.active_period = fy.periods.order_by("start").first()
            books.save(update_fields=["active_period"])
        audit_log(
            actor=actor,
            action="ledger.books_activated",
            obj=dossier,
            data={"connector": connector, "defaults": belgian_defaults},
        )
        return books


def install_belgian_defaults(*, dossier: Dossier) -> None:
    """Chart, VAT codes and journals (no audit row: part of the activation)."""
    existing = set(Account.objects.filter(dossier=dossier).values_list("code", flat=True))
    Account.objects.bulk_create(
        [
            Account(dossier=dossier, code=code, name_fr=fr, name_nl=nl, kind=account_kind(code))
            for code, fr, nl in ACCOUNTS
            if code not in existing
        ]
    )
    accounts = {a.code: a for a in Account.objects.filter(dossier=dossier)}
    # The office's defaults (I2 office settings, answered by the office app): its journals
    # and its alias, type and region of VAT codes. Rates, boxes and accounts stay Belgian.
    office_defaults = extensions.collect("default_journals", dossier)
    journals = office_defaults.get("journals") or JOURNALS
    vat_overrides = office_defaults.get("vat_overrides") or {}
    have_vat = set(VatCode.objects.filter(dossier=dossier).values_list("code", flat=True))
    VatCode.objects.bulk_create(
        [
            VatCode(
                dossier=dossier,
                code=v.code,
                name_fr=v.names[0],
                name_nl=v.names[1],
                name_en=v.names[2],
                name_de=v.names[3],
                direction=v.direction,
                rate=v.rate,
                alias=vat_overrides.get(v.code, {}).get("alias", ""),
                kind=vat_overrides.get(v.code, {}).get("kind", v.kind),
                region=vat_overrides.get(v.code, {}).get("region", v.region),
                reverse_charge=v.reverse_charge,
                base_grids=v.base_grids,
                vat_grid=v.vat_grid,
                due_vat_grid=v.due_vat_grid,
                credit_note_base_grid=v.credit_note_base_grid,
                credit_note_vat_grid=v.credit_note_vat_grid,
                vat_account=accounts.get(v.vat_account),
                due_vat_account=accounts.get(v.due_vat_account),
                deductible_percent=v.deductible_percent,
            )
            for v in vat_codes()
            if v.code not in have_vat
        ]
    )
    have_journals = set(Journal.objects.filter(dossier=dossier).values_list("code", flat=True))
    Journal.objects.bulk_create(
        [
            Journal(
                dossier=dossier,
                code=code,
                kind=kind,
                alias=alias,
                description=description,
                credit_note_only=cn_only,
                account=accounts.get(account) if account else None,
                visible_to_client=kind in ("purchases", "sales"),
            )
            for code, kind, alias, description, cn_only, account in journals
            if code not in have_journals
        ]
    )


# --- Validation helpers (Belgian specifics: python-stdnum for VAT, schwifty for IBAN)


def clean_vat_number(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "").replace(".", "")
    if not value:
        return ""
    if value[:2].isdigit():
        value = "BE" + value
    if not eu_vat.is_valid(value):
        raise ValidationError(_("“%(v)s” is not a valid VAT number.") % {"v": value})
    return eu_vat.compact(value)


def clean_iban(value: str) -> str:
    value = (value or "").strip().replace(" ", "").upper()
    if not value:
        return ""
    try:
        return str(IBAN(value).compact)
    except SchwiftyException:
        raise ValidationError(_("“%(v)s” is not a valid IBAN.") % {"v": value}) from None


def _mark_review(dossier: Dossier, account: Account, kind: str, before: str, after: str) -> None:
    AccountChange.objects.create(
        dossier=dossier, account=account, kind=kind, before=before[:200], after=after[:200]
    )
    SyncState.objects.update_or_create(dossier=dossier, defaults={"accounts_to_review": True})


# --- Accounts


ACCOUNT_FIELDS = {"name_fr", "name_nl", "name_en", "name_de", "kind", "active"}


def account_save(
    *, actor: Any, dossier: Dossier, code: str, flag_changes: bool = True, **values: Any
) -> tuple[Account, bool]:
    """Create or update an account by code; new or renamed accounts raise the D5 flag."""
    code = (code or "").strip()
    if not code or not code.isdigit() or len(code) > 12:
        raise ValidationError(_("An account code is up to 12 digits."))
    unknown = set(values) - ACCOUNT_FIELDS
    if unknown:
        raise ValueError(f"unknown account fields: {sorted(unknown)}")
    with transaction.atomic():
        account = Account.objects.filter(dossier=dossier, code=code).first()
        if account is None:
            values.setdefault("kind", account_kind(code))
            account = Account(dossier=dossier, code=code, **values)
            account.full_clean()
            account.save()
            if flag_changes:
                _mark_review(dossier, account, AccountChangeKind.NEW, "", account.name)
            audit_log(
                actor=actor, action="ledger.account_created", obj=account, data={"code": code}
            )
            return account, True
        before_name = " / ".join(filter(None, [account.name_fr, account.name_nl]))
        before_active = account.active
        changed = {k: v for k, v in values.items() if getattr(account, k) != v}
        if not changed:
            return account, False
        for k, v in changed.items():
            setattr(account, k, v)
        account.full_clean()
        account.save()
        after_name = " / ".join(filter(None, [account.name_fr, account.name_nl]))
        if flag_changes:
            if before_name != after_name:
                _mark_review(dossier, account, AccountChangeKind.RENAMED, before_name, after_name)
            if before_active != account.active:
                kind = (
                    AccountChangeKind.REACTIVATED
                    if account.active
                    else AccountChangeKind.DEACTIVATED
                )
                _mark_review(dossier, account, kind, "", "")
        audit_log(
            actor=actor,
            action="ledger.account_updated",
            obj=account,
            data={k: str(v) for k, v in changed.items()},
        )
        return account, False


def account_changes_review(*, actor: Any, dossier: Dossier) -> int:
    """The office has looked at the changed accounts: clear the D5 flag."""
    with transaction.atomic():
        n = AccountChange.objects.filter(dossier=dossier, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now(),
            reviewed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        SyncState.objects.filter(dossier=dossier).update(accounts_to_review=False)
        audit_log(actor=actor, action="ledger.accounts_reviewed", obj=dossier, data={"changes": n})
        return n


# --- Journals (D2)


JOURNAL_FIELDS = {
    "kind",
    "alias",
    "description",
    "credit_note_only",
    "currency",
    "number_format",
    "visible_to_client",
    "iban",
    "account",
    "active",
}


def journal_save(
    *,
    actor: Any,
    dossier: Dossier,
    code: str,
    next_number: int | None = None,
    fiscal_year=None,
    **values: Any,
) -> Journal:
    """Create or update a journal; `next_number` sets the counter of `fiscal_year`."""
    unknown = set(values) - JOURNAL_FIELDS
    if unknown:
        raise ValueError(f"unknown journal fields: {sorted(unknown)}")
    if "iban" in values:
        values["iban"] = clean_iban(values["iban"])
    if "currency" in values:
        values["currency"] = (values["currency"] or "EUR").upper()
    if "number_format" in values:
        try:
            values["number_format"].format(year=2026, seq=1, journal=code)
        except (KeyError, IndexError, ValueError):
            raise ValidationError(
                _("The number format may use {year}, {seq} and {journal} only.")
            ) from None
    account = values.get("account")
    if account is not None and account.dossier_id != dossier.pk:
        raise ValidationError(_("Unknown account."))
    with transaction.atomic():
        journal = Journal.objects.filter(dossier=dossier, code=code).first()
        created = journal is None
        if created:
            journal = Journal(dossier=dossier, code=code)
        for k, v in values.items():
            setattr(journal, k, v)
        journal.full_clean(validate_constraints=False)
        journal.save()
        if next_number is not None and fiscal_year is not None:
            if next_number < 1:
                raise ValidationError(_("The next number must be at least 1."))
            JournalCounter.objects.update_or_create(
                journal=journal, fiscal_year=fiscal_year, defaults={"next_number": next_number}
            )
        audit_log(
            actor=actor,
            action="ledger.journal_created" if created else "ledger.journal_updated",
            obj=journal,
            data={k: str(v) for k, v in values.items()} | {"next_number": next_number},
        )
        return journal


def journal_next_number(journal: Journal, fiscal_year) -> int:
    if fiscal_year is None:
        return 1
    counter = JournalCounter.objects.filter(journal=journal, fiscal_year=fiscal_year).first()
    return counter.next_number if counter else 1


# --- VAT codes (D6) and counterparties


VAT_FIELDS = {
    "alias",
    "name_fr",
    "name_nl",
    "name_en",
    "name_de",
    "direction",
    "rate",
    "kind",
    "region",
    "reverse_charge",
    "base_grids",
    "vat_grid",
    "due_vat_grid",
    "credit_note_base_grid",
    "credit_note_vat_grid",
    "vat_account",
    "due_vat_account",
    "deductible_percent",
    "active",
}


def vat_code_save(*, actor: Any, dossier: Dossier, code: str, **values: Any) -> VatCode:
    unknown = set(values) - VAT_FIELDS
    if unknown:
        raise ValueError(f"unknown VAT code fields: {sorted(unknown)}")
    with transaction.atomic():
        vat = VatCode.objects.filter(dossier=dossier, code=code).first() or VatCode(
            dossier=dossier, code=code
        )
        created = vat.pk is None
        for k, v in values.items():
            setattr(vat, k, v)
        vat.full_clean(validate_constraints=False)
        vat.save()
        audit_log(
            actor=actor,
            action="ledger.vat_code_created" if created else "ledger.vat_code_updated",
            obj=vat,
            data={k: str(v) for k, v in values.items()},
        )
        return vat


COUNTERPARTY_FIELDS = {
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
    "default_account",
    "default_vat_code",
    "payment_days",
    "active",
}


def counterparty_save(
    *, actor: Any, dossier: Dossier, kind: str, reference: str, audit: bool = True, **values: Any
) -> Counterparty:
    """Create or update a customer or supplier by its reference; VAT number and IBAN checked."""
    unknown = set(values) - COUNTERPARTY_FIELDS
    if unknown:
        raise ValueError(f"unknown counterparty fields: {sorted(unknown)}")
    if "vat_number" in values:
        values["vat_number"] = clean_vat_number(values["vat_number"])
    if "iban" in values:
        values["iban"] = clean_iban(values["iban"])
    reference = (reference or "").strip().upper()[:20]
    if not reference:
        raise ValidationError(_("A counterparty needs a reference."))
    with transaction.atomic():
        cp = Counterparty.objects.filter(dossier=dossier, kind=kind, reference=reference).first()
        created = cp is None
        if created:
            cp = Counterparty(dossier=dossier, kind=kind, reference=reference)
        for k, v in values.items():
            setattr(cp, k, v)
        cp.full_clean(validate_constraints=False)
        cp.save()
        books_changed(dossier.pk)
        if audit:
            audit_log(
                actor=actor,
                action="ledger.counterparty_created" if created else "ledger.counterparty_updated",
                obj=cp,
                data={"reference": reference},
            )
        return cp


def first_day(year: int) -> Date:
    return Date(year, 1, 1)
