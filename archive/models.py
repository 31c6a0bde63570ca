"""The archive's search index (F5) and the client's own word on payments (F6).

`ArchiveEntry` is a copy, one row per booked document, of what the archive lists and
searches: the document's number at the office, counterparty, amount and booking date from
the entry that booked it, and the document's words (title, file name, text layer, OCR).
It is derived data: `archive.search.service.archive_index_document` rewrites a row,
`manage.py archive_reindex` rebuilds them all. The full-text part lives beside it, per
database: an FTS5 table on SQLite, a tsvector column on PostgreSQL (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ledger.models import money


class ArchiveEntry(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, related_name="archive_entry"
    )
    entry = models.ForeignKey(
        "ledger.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    journal_code = models.CharField(_("journal"), max_length=20, blank=True)
    fiscal_year = models.ForeignKey(
        "ledger.FiscalYear", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.ForeignKey(
        "ledger.Period", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_number = models.CharField(_("document number"), max_length=40, blank=True)
    counterparty = models.ForeignKey(
        "ledger.Counterparty", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counterparty_name = models.CharField(_("counterparty"), max_length=200, blank=True)
    amount = money(null=True, blank=True, verbose_name=_("amount"))
    date = models.DateField(_("booking date"), null=True, blank=True)
    body = models.TextField(blank=True)  # archive.search.normalise.body of every text
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["dossier", "date", "id"], name="archive_entry_date"),
            models.Index(fields=["dossier", "amount"], name="archive_entry_amount"),
            models.Index(fields=["dossier", "counterparty"], name="archive_entry_cp"),
        ]

    def __str__(self) -> str:
        return f"{self.office_number or self.document_id}"


class ArchiveAmount(models.Model):
    """One amount a booked document holds (its total, VAT, any amount in its text), in cents:
    an amount is found however it was typed because both sides are normalised."""

    entry = models.ForeignKey(ArchiveEntry, on_delete=models.CASCADE, related_name="amounts")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    cents = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["dossier", "cents"], name="archive_amount_cents")]
        constraints = [
            models.UniqueConstraint(fields=["entry", "cents"], name="archive_amount_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.cents}"


class PaidMark(models.Model):
    """The client says an open item is paid before the books show it (F6). The books are
    not changed: the mark shows beside the item until the payment is matched there."""

    line = models.OneToOneField("ledger.EntryLine", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.line_id} paid {self.paid_on}"


class PublicationKind(models.TextChoices):
    SHARED = "shared", _("Shared by my accountant")
    PAYSLIP = "payslip", _("Payslips")
    PERMANENT = "permanent", _("Permanent dossier")


class PermanentCategory(models.Model):
    """A heading of the permanent dossier (statutes, leases, contracts...), defined by the office."""

    office = models.ForeignKey("tenancy.Office", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="archive_category_once")
        ]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """A file the office puts in the client's folders (F7): a report, a VAT return, a
    balance, a payslip, a piece of the permanent dossier. The bytes are a Blob."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("folder"), max_length=10, choices=PublicationKind.choices)
    category = models.ForeignKey(
        PermanentCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    blob = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # What made it, when another app published it (feedback: "feedback.report:<id>"), so
    # that app can withdraw it; empty for a file the office uploaded here.
    source = models.CharField(max_length=60, blank=True, default="", db_index=True)
    # Who opened it: the others see it marked as new.
    opened_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["dossier", "kind", "-published_at"])]

    def __str__(self) -> str:
        return self.title
