"""Bank accounts, CODA statements and their movements (SPEC E1, E4).

A statement is known by its account, its CODA sequence and its date: importing the same
file twice finds it and stores nothing. Amounts are Decimal with CODA's three decimals.
A globalised batch is one movement of the statement (it makes the balance); its details
hang under it (`parent`) and never count in a balance.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def amount(**kw) -> models.DecimalField:
    return models.DecimalField(max_digits=18, decimal_places=3, **kw)


class BankAccount(models.Model):
    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="bank_accounts"
    )
    number = models.CharField(_("account"), max_length=34, help_text=_("IBAN, or BBAN"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    holder = models.CharField(_("holder"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="bank_account_once")
        ]

    def __str__(self) -> str:
        return self.number


class Statement(models.Model):
    account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="statements")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField(_("statement number"))
    date = models.DateField(_("date"))
    opening_balance = amount(verbose_name=_("opening balance"))
    opening_date = models.DateField(_("opening date"))
    closing_balance = amount(verbose_name=_("closing balance"))
    currency = models.CharField(_("currency"), max_length=3)
    file = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["account", "date", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "sequence", "date"], name="bank_statement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.date:%Y}/{self.sequence:03d}"


class Movement(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="movements")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="movements")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="details"
    )
    sequence = models.PositiveIntegerField()
    detail = models.PositiveIntegerField(default=0)
    amount = amount(verbose_name=_("amount"))
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    counterparty_name = models.CharField(_("counterparty"), max_length=100, blank=True)
    counterparty_account = models.CharField(_("counterparty account"), max_length=34, blank=True)
    counterparty_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    structured_communication = models.CharField(
        _("structured communication"), max_length=12, blank=True, db_index=True
    )
    communication = models.TextField(_("communication"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=21, blank=True)
    transaction_code = models.CharField(_("transaction code"), max_length=8, blank=True)
    matched = models.BooleanField(_("matched"), default=False, db_index=True)

    class Meta:
        verbose_name = _("bank movement")
        verbose_name_plural = _("bank movements")
        ordering = ["statement", "sequence", "detail"]
        indexes = [models.Index(fields=["dossier", "booking_date"])]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount} {self.counterparty_name}"


class MatchRule(models.TextChoices):
    OGM = "ogm", _("structured communication")
    IBAN = "iban", _("amount and account number")
    SEVERAL = "several", _("several invoices of the counterparty")
    PARTIAL = "partial", _("partial payment")
    INVOICE = "invoice", _("amount and invoice number")
    NAME = "name", _("amount and name")
    SUSPENSE = "suspense", _("suspense account")
    MANUAL = "manual", _("chosen by hand")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class MatchProposal(models.Model):
    """Where a movement goes (E2): open items of one counterparty, or an account (499 suspense).

    `lines` are the open items settled; without lines the movement goes to `account_code`.
    Accepting posts it in the bank's financial journal (`entry`) when Fidu keeps the books.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="proposals")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("rule"), max_length=10, choices=MatchRule.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MatchStatus.choices,
        default=MatchStatus.PROPOSED,
        db_index=True,
    )
    amount = amount(verbose_name=_("amount"))
    account_code = models.CharField(_("account"), max_length=12, blank=True)
    lines = models.ManyToManyField(
        "ledger.EntryLine", through="MatchProposalLine", related_name="+", blank=True
    )
    entry = models.ForeignKey(
        "ledger.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("matching proposal")
        verbose_name_plural = _("matching proposals")
        indexes = [models.Index(fields=["dossier", "status"])]

    def __str__(self) -> str:
        return f"{self.movement_id} {self.rule} {self.status}"


class MatchProposalLine(models.Model):
    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="items")
    line = models.ForeignKey("ledger.EntryLine", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "line"], name="bank_proposal_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.line_id}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("waiting for the document")
    ANSWERED = "answered", _("document received")
    CANCELLED = "cancelled", _("cancelled")


class MissingDocumentRequest(models.Model):
    """The office asks the client for the document behind payments (E3).

    One request covers one movement or all the chosen movements of one supplier. Kept small
    so that it can become a task of the messaging app later.
    """

    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="missing_document_requests"
    )
    movements = models.ManyToManyField(Movement, related_name="document_requests")
    counterparty_name = models.CharField(_("counterparty"), max_length=100, blank=True)
    total = amount(verbose_name=_("amount"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_index=True,
    )
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("missing document request")
        verbose_name_plural = _("missing document requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.counterparty_name} {self.total}"
