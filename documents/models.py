"""A document a client or a channel handed in, and the record of its processing steps.

The original bytes are a content-addressed Blob that is never changed; splitting,
merging or rotating makes new documents that point at their parents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mailbox(models.TextChoices):
    PURCHASES = "purchases", _("Purchases")
    SALES = "sales", _("Sales")
    MISC = "misc", _("Misc")


class DocType(models.TextChoices):
    PURCHASE_INVOICE = "purchase_invoice", _("Purchase invoice")
    PURCHASE_CREDIT_NOTE = "purchase_credit_note", _("Purchase credit note")
    SALES_INVOICE = "sales_invoice", _("Sales invoice")
    SALES_CREDIT_NOTE = "sales_credit_note", _("Sales credit note")
    RECEIPT = "receipt", _("Receipt")
    MISC = "misc", _("Misc document")


class DocState(models.TextChoices):
    INBOX = "inbox", _("My documents")
    AWAITING_APPROVAL = "awaiting_approval", _("To approve")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SENT = "sent", _("Sent to accountant")
    BOOKED = "booked", _("Archive")
    DELETED = "deleted", _("Deleted")


class Source(models.TextChoices):
    UPLOAD = "upload", _("Upload")
    API = "api", _("API")
    EMAIL = "email", _("E-mail")
    IMAP = "imap", _("IMAP mailbox")
    FOLDER = "folder", _("Watched folder")
    COMMAND = "command", _("Command line")
    PEPPOL = "peppol", _("Peppol")
    EDIT = "edit", _("Split or merge")


class PaymentStatus(models.TextChoices):
    UNDEFINED = "undefined", _("Undefined")
    PAID = "paid", _("Paid")
    UNPAID = "unpaid", _("Unpaid")


class Document(models.Model):
    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.PROTECT, related_name="documents"
    )
    mailbox = models.CharField(_("mailbox"), max_length=10, choices=Mailbox.choices)
    doc_type = models.CharField(_("type"), max_length=24, choices=DocType.choices)
    state = models.CharField(
        _("status"), max_length=20, choices=DocState.choices, default=DocState.INBOX, db_index=True
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    original = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    visual = models.ForeignKey(
        "core.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    page_count = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_documents",
    )
    parents = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="children")
    note = models.TextField(_("note for the accountant"), blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)
    payment_status = models.CharField(
        _("payment status"),
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.UNDEFINED,
    )
    payment_method = models.CharField(_("payment method"), max_length=40, blank=True)
    journal_code = models.CharField(_("journal"), max_length=20, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_number = models.CharField(_("document number"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "state", "mailbox", "-created_at"]),
            models.Index(fields=["dossier", "original"]),
        ]

    def __str__(self) -> str:
        return self.title or self.file_name


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class DocumentStep(models.Model):
    """One processing step of a document (visual, pages, text, extraction, proposal).

    A failed step keeps its reason and can be retried; a document is never stuck.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.PENDING)
    reason = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(
        default=0
    )  # percent, for long steps (OCR of many pages)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("document", "name")]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.name}={self.status}"
