"""The books of a dossier (SPEC D1-D7): chart, journals, periods, VAT codes, counterparties,
posted entries and the matching of open items.

Every row carries its `dossier`, so every read is scoped by one indexed column.
Posted entries and their lines are never updated: corrections are reversals
(`ledger.services.posting.entry_reverse`). Balances per account and period are
kept in `PeriodBalance`, written only by the posting service in the same
transaction as the lines, so the trial balance is a sum over a few hundred rows
whatever the number of entries (checked against the lines by the tests).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


def money(**kw) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **kw)


class Connector(models.TextChoices):
    BUILTIN = "builtin", _("Fidu (built-in ledger)")
    FILES = "files", _("Files (import and export)")


class Books(models.Model):
    """A dossier's books: which connector keeps them and which period is active (D1, D3)."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="books"
    )
    connector = models.CharField(
        _("accounting software"),
        max_length=16,
        choices=Connector.choices,
        default=Connector.BUILTIN,
    )
    active_period = models.ForeignKey(
        "Period", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activated_at = models.DateTimeField(auto_now_add=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("books")
        verbose_name_plural = _("books")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.connector}"


class AccountKind(models.TextChoices):
    EQUITY = "equity", _("Equity and provisions")
    FIXED_ASSET = "fixed_asset", _("Fixed assets")
    STOCK = "stock", _("Stocks")
    RECEIVABLE = "receivable", _("Trade receivables (customers)")
    PAYABLE = "payable", _("Trade payables (suppliers)")
    VAT = "vat", _("VAT")
    OTHER_BALANCE = "other", _("Other balance sheet")
    BANK = "bank", _("Bank")
    CASH = "cash", _("Cash")
    SUSPENSE = "suspense", _("Suspense")
    EXPENSE = "expense", _("Charges")
    INCOME = "income", _("Income")


OPEN_ITEM_KINDS = (AccountKind.RECEIVABLE, AccountKind.PAYABLE)


class Account(models.Model):
    """A general-ledger account (PCMN/MAR code, Royal Decree of 12 September 1983)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=12)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_de = models.CharField(_("name (German)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=AccountKind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("account")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code"], name="ledger_account_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return name_in(self, get_language() or "fr")

    @property
    def account_class(self) -> str:
        return self.code[:1]


def name_in(obj, language: str) -> str:
    """The name in `language`, falling back to French, Dutch, English, German."""
    lang = (language or "fr")[:2]
    for code in (lang, "fr", "nl", "en", "de"):
        value = getattr(obj, f"name_{code}", "")
        if value:
            return value
    return ""


class JournalKind(models.TextChoices):
    PURCHASES = "purchases", _("Purchases")
    SALES = "sales", _("Sales")
    FINANCIAL = "financial", _("Financial")
    MISC = "misc", _("Miscellaneous")


class Journal(models.Model):
    """A journal (D2). Numbering restarts every fiscal year (`JournalCounter`)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=8)
    kind = models.CharField(_("type"), max_length=10, choices=JournalKind.choices)
    alias = models.CharField(_("alias"), max_length=8, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    credit_note_only = models.BooleanField(_("credit notes only"), default=False)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    number_format = models.CharField(
        _("document number format"),
        max_length=40,
        default="{year}-{seq:05d}",
        help_text=_("Python format with {year}, {seq} and {journal}, e.g. {year}-{seq:05d}."),
    )
    visible_to_client = models.BooleanField(_("visible to the client"), default=True)
    iban = models.CharField(_("bank account (IBAN)"), max_length=34, blank=True)
    account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("counterpart account"),
        help_text=_("Financial journals: the bank or cash account (550000, 570000)."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("journal")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code"], name="ledger_journal_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def format_number(self, year: int, seq: int) -> str:
        try:
            return self.number_format.format(year=year, seq=seq, journal=self.code)
        except (KeyError, IndexError, ValueError):
            return f"{year}-{seq:05d}"


class FiscalYear(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=20)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("fiscal year")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "name"], name="ledger_fy_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """A period of a fiscal year, open or closed per journal (D3)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(_("number"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    closed = models.BooleanField(_("closed for all journals"), default=False)
    closed_journals = models.ManyToManyField(
        Journal, blank=True, related_name="closed_periods", verbose_name=_("closed for")
    )

    class Meta:
        verbose_name = _("period")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="ledger_period_number_unique"
            )
        ]
        indexes = [models.Index(fields=["dossier", "start"])]

    def __str__(self) -> str:
        return f"{self.fiscal_year.name}/{self.number:02d}"

    @property
    def label(self) -> str:
        return f"{self.start:%m/%Y}" if self.start.month == self.end.month else str(self)


class VatKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")
    INVESTMENTS = "investments", _("Investments")


class VatRegion(models.TextChoices):
    BE = "BE", _("Belgium")
    EU = "EU", _("European Union")
    NON_EU = "NONEU", _("Outside the EU")
    ABROAD = "ABRD", _("Abroad (foreign VAT charged)")


class VatDirection(models.TextChoices):
    PURCHASE = "purchase", _("Purchases")
    SALE = "sale", _("Sales")


class VatCode(models.Model):
    """A VAT code with the boxes of the periodic VAT return it feeds (D6).

    Grids are comma-separated box numbers of form 625 (e.g. base "81,86", VAT "59",
    VAT due under reverse charge "55"); credit-note boxes are separate (85/63, 49/64).
    """

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=12)
    alias = models.CharField(_("alias"), max_length=12, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_de = models.CharField(_("name (German)"), max_length=120, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=VatDirection.choices)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    kind = models.CharField(_("type"), max_length=12, choices=VatKind.choices)
    region = models.CharField(_("region"), max_length=5, choices=VatRegion.choices)
    reverse_charge = models.BooleanField(_("reverse charge"), default=False)
    base_grids = models.CharField(_("base boxes"), max_length=20, blank=True)
    vat_grid = models.CharField(_("VAT box"), max_length=8, blank=True)
    due_vat_grid = models.CharField(_("VAT due box (reverse charge)"), max_length=8, blank=True)
    credit_note_base_grid = models.CharField(_("credit note base box"), max_length=8, blank=True)
    credit_note_vat_grid = models.CharField(_("credit note VAT box"), max_length=8, blank=True)
    vat_account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("VAT account"),
    )
    due_vat_account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("VAT due account (reverse charge)"),
    )
    deductible_percent = models.DecimalField(
        _("deductible (%)"), max_digits=5, decimal_places=2, default=Decimal("100")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("VAT code")
        ordering = ["direction", "region", "-rate", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code"], name="ledger_vatcode_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return name_in(self, get_language() or "fr")


class CounterpartyKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")


class Counterparty(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=8, choices=CounterpartyKind.choices)
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("Short code, as in the accounting software.")
    )
    name = models.CharField(_("name"), max_length=200)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")
    language = models.CharField(_("language"), max_length=2, default="fr")
    email = models.EmailField(_("e-mail"), blank=True)
    default_account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("default account"),
    )
    default_vat_code = models.ForeignKey(
        VatCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("default VAT code"),
    )
    payment_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counterparty")
        verbose_name_plural = _("counterparties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind", "reference"], name="ledger_counterparty_ref_unique"
            )
        ]
        indexes = [
            models.Index(fields=["dossier", "vat_number"]),
            models.Index(fields=["dossier", "iban"]),
        ]

    def __str__(self) -> str:
        return self.name


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Entered in Fidu")
    BOOKING = "booking", _("Booking proposal")
    IMPORT = "import", _("Imported")
    REVERSAL = "reversal", _("Reversal")
    DEMO = "demo", _("Demo data")


class Entry(models.Model):
    """A posted accounting entry. Never updated after posting; see `entry_reverse`."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="entries")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="entries")
    date = models.DateField(_("date"))
    # The invoice's own date: an invoice dated in a closed period is booked in an open
    # one (`date`, `period`) and keeps its date for the VAT return, exports and people.
    document_date = models.DateField(_("document date"), null=True, blank=True)
    number = models.CharField(_("document number"), max_length=40)
    counterparty = models.ForeignKey(
        Counterparty, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount_currency = money(null=True, blank=True, verbose_name=_("amount in currency"))
    # documents sits below ledger, but its models are still moving: a plain id keeps the
    # migrations independent. The booking app links the two.
    document_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reversal_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    source = models.CharField(max_length=10, choices=EntrySource.choices, default="manual")
    external_ref = models.CharField(max_length=60, blank=True)
    posted_at = models.DateTimeField(_("posted at"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["journal", "number"], name="ledger_entry_number_unique")
        ]
        indexes = [
            models.Index(fields=["dossier", "date", "id"]),
            models.Index(fields=["dossier", "journal", "period"]),
            models.Index(fields=["dossier", "posted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.journal.code} {self.number}"


class EntryLine(models.Model):
    """One line of an entry. `dossier`, `date`, `period` are copies of the entry's, for indexes."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="lines")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    counterparty = models.ForeignKey(
        Counterparty, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    vat_code = models.ForeignKey(
        VatCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(max_length=200, blank=True)
    debit = money(default=ZERO)
    credit = money(default=ZERO)
    amount_currency = money(null=True, blank=True)
    vat_base = money(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    structured_ref = models.CharField(_("structured communication"), max_length=12, blank=True)
    # A line on a customer/supplier account with a counterparty is an open item until matched.
    is_open_item = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["dossier", "account", "date", "id"], name="ledger_line_acct_hist"),
            models.Index(
                fields=["dossier", "is_open_item", "counterparty"], name="ledger_line_open"
            ),
            models.Index(fields=["dossier", "structured_ref"], name="ledger_line_ogm"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} D{self.debit} C{self.credit}"


class PeriodBalance(models.Model):
    """Debit and credit totals per account and period, maintained by the posting service."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    debit = money(default=ZERO)
    credit = money(default=ZERO)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "period"], name="ledger_balance_unique")
        ]
        indexes = [models.Index(fields=["dossier", "period"])]

    def __str__(self) -> str:
        return f"{self.account_id}@{self.period_id}: D{self.debit} C{self.credit}"


class JournalCounter(models.Model):
    """The next document number of a journal in a fiscal year."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="counters")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="+")
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journal", "fiscal_year"], name="ledger_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.journal_id}/{self.fiscal_year_id}: {self.next_number}"


class Reconciliation(models.Model):
    """Open items matched together (an invoice and its payment, fully or partly)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.note}".strip()


class Match(models.Model):
    """The part of one open-item line settled by a reconciliation (always positive)."""

    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.CASCADE, related_name="matches"
    )
    line = models.ForeignKey(EntryLine, on_delete=models.PROTECT, related_name="matches")
    amount = money()

    class Meta:
        indexes = [models.Index(fields=["line"])]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.amount}"


class RubricScheme(models.Model):
    """Groups accounts into rubrics (D7): the office's default, or one dossier's override."""

    office = models.ForeignKey("tenancy.Office", on_delete=models.CASCADE, related_name="+")
    dossier = models.OneToOneField(
        "tenancy.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("rubric scheme")
        constraints = [
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(dossier__isnull=True),
                name="ledger_one_office_default_scheme",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Rubric(models.Model):
    scheme = models.ForeignKey(RubricScheme, on_delete=models.CASCADE, related_name="rubrics")
    code = models.CharField(_("code"), max_length=20)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_de = models.CharField(_("name (German)"), max_length=120, blank=True)
    prefixes = models.CharField(
        _("account prefixes"), max_length=200, help_text=_("Comma-separated, e.g. 610,611,612.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="ledger_rubric_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return name_in(self, get_language() or "fr")

    def prefix_list(self) -> list[str]:
        return [p.strip() for p in self.prefixes.split(",") if p.strip()]


class SyncStatus(models.TextChoices):
    NEVER = "never", _("Not synchronised yet")
    OK = "ok", _("OK")
    FAILED_SUPPORT = "failed_support", _("Failed, needs support")
    FAILED_FIXABLE = "failed_fixable", _("Failed, fixable")


class SyncState(models.Model):
    """Synchronisation of a dossier with its accounting software (D4) and the D5 flag."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="ledger_sync"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SyncStatus.choices, default=SyncStatus.NEVER
    )
    instruction = models.TextField(_("what to do"), blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_sync_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    updated_until = models.DateField(_("accounting updated until"), null=True, blank=True)
    sent_counter = models.PositiveIntegerField(_("proposals sent since the last reset"), default=0)
    accounts_to_review = models.BooleanField(_("chart of accounts to review"), default=False)

    class Meta:
        verbose_name = _("synchronisation")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.status}"


class AccountChangeKind(models.TextChoices):
    NEW = "new", _("New account")
    RENAMED = "renamed", _("Renamed")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")


class AccountChange(models.Model):
    """A GL account that appeared or changed since the office last reviewed the chart (D5)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=AccountChangeKind.choices)
    before = models.CharField(max_length=200, blank=True)
    after = models.CharField(max_length=200, blank=True)
    detected_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["dossier", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.kind}"


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, ready to apply")
    INVALID = "invalid", _("Refused")
    APPLIED = "applied", _("Applied")


class ImportRun(models.Model):
    """An uploaded file for the file connector: checked first (report), applied on request."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    blob = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    fmt = models.CharField(max_length=8)
    status = models.CharField(max_length=8, choices=ImportStatus.choices)
    report = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class ExportBatch(models.Model):
    """Validated bookings handed to an outside package by the file connector."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(max_length=12)
    blob = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    entries = models.ManyToManyField(Entry, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
