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
    BANK_STATEMENT = "bank_statement", _("Bank statement")


class DocState(models.TextChoices):
    INBOX = "inbox", _("My documents")
    AWAITING_APPROVAL = "awaiting_approval", _("To approve")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SENT = "sent", _("Sent to accountant")
    BOOKED = "booked", _("Archive")
    DELETED = "deleted", _("Deleted")
    REPLACED = "replaced", _("Split or merged")


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
    # Message-ID, folder path or API key the document came from (idempotent channels).
    source_ref = models.CharField(max_length=255, blank=True, db_index=True)
    # Why a file could not be turned into a visual (limits, encryption, damage), stored as a
    # code (core.texts.stored) and shown in the reader's language; older rows hold plain text.
    notice = models.JSONField(_("intake notice"), default=str, blank=True)
    folder = models.ForeignKey(
        "DocumentFolder", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    dispatch = models.ForeignKey(
        "Dispatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    split_hint = models.JSONField(default=list, blank=True)  # first pages of likely invoices
    # The claim on the document's processing (documents/intake/runner.py): "queued" once a task
    # is queued, "running" while a worker runs its steps; taken and released by conditional
    # updates so two tasks never run the same steps and a duplicate enqueue is a no-op.
    processing_state = models.CharField(max_length=10, blank=True, default="")
    processing_claimed_at = models.DateTimeField(null=True, blank=True)
    processing_token = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("document")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "state", "mailbox", "-created_at"]),
            models.Index(fields=["dossier", "original"]),
            # The office's monitor (I1): the last document of each dossier, one probe each.
            models.Index(fields=["dossier", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title or self.file_name


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
    HELD = "held", _("Held by the office")  # a gate step (C11) waits for a person


class DocumentStep(models.Model):
    """One processing step of a document: the runner's only record of it (see intake/steps.py).

    A failed step keeps its reason; it is tried again a bounded number of times, then
    waits for a person's retry. A document is never stuck.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.PENDING)
    # A code (core.texts.stored) shown with |shown; older rows hold plain text.
    reason = models.JSONField(default=str, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # since the last retry a person asked for
    # A failed step is tried again after this time; None once it failed for good.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
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


class DocumentPage(models.Model):
    """One page of a document's visual, with its thumbnail (a blob)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()  # 1-based
    thumb = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    width = models.FloatField(default=0)  # points, as displayed (after /Rotate)
    height = models.FloatField(default=0)
    text = models.TextField(blank=True)  # the page's text layer, when it has one

    class Meta:
        unique_together = [("document", "number")]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.document_id}:p{self.number}"


class DocumentFolder(models.Model):
    """A client-made folder for misc documents (F7 "My documents")."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("dossier", "name")]

    def __str__(self) -> str:
        return self.name


class Dispatch(models.Model):
    """One sending of documents to the office (B13), with its summary."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(_("message to the accountant"), blank=True)
    last_for_period = models.CharField(_("last documents for period"), max_length=7, blank=True)
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"dispatch {self.pk} ({self.created_at:%Y-%m-%d})"


class IntakeSettings(models.Model):
    """Per dossier: where notices go, auto-forward per mailbox and the sender whitelist (B3, B14)."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="intake_settings"
    )
    notice_email = models.EmailField(_("address for intake notices"), blank=True)
    auto_forward_purchases = models.BooleanField(
        _("send purchases from external channels to the accountant automatically"), default=False
    )
    auto_forward_sales = models.BooleanField(
        _("send sales from external channels to the accountant automatically"), default=False
    )
    sender_whitelist = models.TextField(
        _("only auto-forward mail from these senders (one address or @domain a line)"), blank=True
    )

    def __str__(self) -> str:
        return f"intake settings of dossier {self.dossier_id}"


class ImapAccount(models.Model):
    """An existing mailbox the office connects instead of Fidu's own addresses (B3)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    mailbox = models.CharField(_("mailbox"), max_length=10, choices=Mailbox.choices)
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("SSL/TLS"), default=True)
    username = models.CharField(_("user name"), max_length=200)
    # The password sealed with core.sealed (Fernet); read and set it through `password`.
    password_sealed = models.TextField(blank=True, default="")
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.username}@{self.host}"

    @property
    def password(self) -> str:
        from core.sealed import unseal

        return unseal(self.password_sealed)

    @password.setter
    def password(self, plain: str) -> None:
        from core.sealed import seal

        self.password_sealed = seal(plain or "")


class InboundMail(models.Model):
    """Every mail that reached a dossier (SMTP or IMAP), kept raw; idempotent by Message-ID."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        NOTHING_USABLE = "nothing", _("Nothing usable")
        FAILED = "failed", _("Failed")

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    mailbox = models.CharField(max_length=10, choices=Mailbox.choices)
    journal_code = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    recipient = models.CharField(max_length=254, blank=True)
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=255)
    raw = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ACCEPTED)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "message_id"], name="inboundmail_once")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.recipient}"
