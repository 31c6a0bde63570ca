"""Booking proposals (C4-C9): one per document sent to the office, built from the
document's extraction and the dossier's books, corrected by people, then sent.

A proposal's validation status (C5) is derived from its content and checks by
`booking.rules.derive_status`; only "checked" and "help needed" are a person's acts
(the `checked_at` and `help_needed` columns). The status is stored so the worklist
can filter and sort on it with an index, and recomputed by every service that writes.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


def money(**kw) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **kw)


class Status(models.TextChoices):
    TECHNICAL_ERROR = "technical_error", _("Technical error")
    NOTHING = "nothing_recognised", _("Nothing recognised")
    MISSING = "mandatory_missing", _("Mandatory field missing")
    COMPLETE = "complete", _("Complete")
    COMPLETE_NEW = "complete_new", _("Complete, new counterparty")
    CHECKED = "checked", _("Checked")
    CHECKED_SUSPENSE = "checked_suspense", _("Checked, on suspense account")
    DUPLICATE = "possible_duplicate", _("Possible duplicate")
    HELP = "help_needed", _("Help needed")


SENDABLE_STATUSES = {
    Status.COMPLETE,
    Status.COMPLETE_NEW,
    Status.CHECKED,
    Status.CHECKED_SUSPENSE,
    Status.DUPLICATE,  # a person may decide it is not one; send asks no more
}


class Kind(models.TextChoices):
    OCR = "ocr", _("OCR")
    EINVOICE = "einvoice", _("E-invoice")
    MANUAL = "manual", _("Manual")


class Direction(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    SALES = "sales", _("Sales")


class DocKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class State(models.TextChoices):
    OPEN = "open", _("To process")
    SENT = "sent", _("Sent to accounting")
    DELETED = "deleted", _("Deleted")


class Proposal(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, related_name="proposal"
    )
    extraction = models.ForeignKey(
        "recognition.Extraction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    status = models.CharField(_("validation"), max_length=20, choices=Status.choices)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.OCR)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    doc_kind = models.CharField(
        _("document"), max_length=12, choices=DocKind.choices, default=DocKind.INVOICE
    )
    journal = models.ForeignKey(
        "ledger.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        "ledger.Period", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("document number"), max_length=40, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    counterparty = models.ForeignKey(
        "ledger.Counterparty", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A counterparty not yet in the books (shown in orange); created when the proposal is sent.
    new_name = models.CharField(_("new counterparty"), max_length=200, blank=True)
    new_vat = models.CharField(_("VAT number"), max_length=30, blank=True)
    new_iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    counterparty_key = models.CharField(max_length=60, blank=True, db_index=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    exchange_rate = models.DecimalField(
        _("exchange rate (EUR per unit)"), max_digits=14, decimal_places=6, default=Decimal("1")
    )
    total_currency = money(null=True, blank=True, verbose_name=_("total in currency"))
    total = money(null=True, blank=True, verbose_name=_("total incl. VAT (EUR)"))
    payment_reference = models.CharField(_("structured communication"), max_length=140, blank=True)
    instruction = models.TextField(_("instruction for the accountant"), blank=True)
    problems = models.JSONField(default=list, blank=True)  # [{field, message, level}]
    suspense = models.BooleanField(default=False)  # a line on a suspense account (red)
    help_needed = models.BooleanField(_("help needed"), default=False)
    duplicate_of = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_dismissed = models.BooleanField(default=False)
    technical_error = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # C9: did anyone change what the factory proposed before it was sent?
    corrections = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    pages = models.PositiveIntegerField(default=0)
    created_seconds = models.FloatField(default=0)  # upload (document created) to proposal
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entry_id = models.BigIntegerField(null=True, blank=True)  # ledger.Entry once sent
    # Denormalised for the worklist (one indexed query per page, no joins on lines):
    accounts_label = models.CharField(max_length=120, blank=True)
    vat_label = models.CharField(max_length=60, blank=True)
    counterparty_label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("booking proposal")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "state", "direction", "-created_at"]),
            models.Index(fields=["dossier", "state", "status"]),
            models.Index(fields=["dossier", "counterparty", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number or self.document_id} ({self.get_status_display()})"

    @property
    def is_new_counterparty(self) -> bool:
        return self.counterparty_id is None and bool(self.new_name or self.new_vat)

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def shown(self) -> str:
        """The status to show: `shown_status` when the selector derived it (booking.selectors)."""
        return getattr(self, "shown_status", None) or self.status

    @property
    def shown_label(self) -> str:
        return str(Status(self.shown).label)

    @property
    def is_foreign(self) -> bool:
        return self.currency != "EUR"


class ProposalLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    account = models.ForeignKey(
        "ledger.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vat_code = models.ForeignKey(
        "ledger.VatCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    base = money(default=ZERO, verbose_name=_("base"))
    vat = money(default=ZERO, verbose_name=_("VAT"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(max_length=10, blank=True)  # memory | history | default | suspense

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.base}+{self.vat}"


class Question(models.Model):
    """A question the office asks the client about one document (C7, until messaging, H2)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="questions")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        indexes = [models.Index(fields=["dossier", "answered_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class AccountMemory(models.Model):
    """C9 for accounts and VAT codes: what people booked for a counterparty, per VAT rate.

    Written when a proposal is sent (the person's final word); read before the ledger
    history, so a correction wins from the next document on.
    """

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    counterparty_key = models.CharField(max_length=60)  # "cp:<id>" or recognition's key
    direction = models.CharField(max_length=8, choices=Direction.choices)
    rate = models.CharField(max_length=8)  # "21", "6", "0", "" (no VAT information)
    account = models.ForeignKey("ledger.Account", on_delete=models.CASCADE, related_name="+")
    vat_code = models.ForeignKey(
        "ledger.VatCode", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    uses = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "counterparty_key", "direction", "rate"],
                name="booking_one_memory_per_rate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.counterparty_key}@{self.rate}: {self.account_id}"


class CounterpartyLink(models.Model):
    """C9: the counterparty a person chose for what recognition read (VAT, IBAN or name key)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    counterparty = models.ForeignKey(
        "ledger.Counterparty", on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "key"], name="booking_one_link_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.counterparty_id}"
