"""Conversations between a dossier's client users and the office (H1), tasks and their
Belgian deadlines (H4), and the per-dossier filing settings the deadlines come from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="conversations"
    )
    subject = models.CharField(_("subject"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Null: every user of the dossier who may see messages. Set: only that client user
    # (and the office); a client who picks themselves talks to the office alone.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # H2: a conversation about one document (from the annotation screen or the document page;
    # the annotation screen's former questions). The document's lists show an icon for it.
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")

    def __str__(self) -> str:
        return self.body[:40]


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    blob = models.ForeignKey("core.Blob", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.file_name


class ReadState(models.Model):
    """Up to when a user has read a conversation: the read receipts and unread counts."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="messaging_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.user_id} {self.read_at}"


class VatFiling(models.TextChoices):
    NONE = "none", _("No periodic VAT return")
    MONTHLY = "monthly", _("Monthly VAT return")
    QUARTERLY = "quarterly", _("Quarterly VAT return")


class DossierCalendar(models.Model):
    """What the dossier files, so its legal deadlines can be generated."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="messaging_calendar"
    )
    vat_filing = models.CharField(
        _("VAT return"), max_length=10, choices=VatFiling.choices, default=VatFiling.QUARTERLY
    )
    intra_eu_listing = models.BooleanField(_("files an intra-EU listing"), default=False)
    advance_payments = models.BooleanField(_("makes corporate tax advance payments"), default=False)

    class Meta:
        verbose_name = _("deadline settings")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.vat_filing}"


class Task(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="tasks")
    title = models.JSONField(
        _("title")
    )  # a core.texts value: generated titles show in every language
    due_date = models.DateField(_("due date"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assignee"),
    )
    done = models.BooleanField(_("done"), default=False)
    # H4: a task may be about one document (made from the document page).
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    # Generated deadlines carry their rule ("vat:2025-01"), which makes generation idempotent.
    rule_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done", "due_date", "pk"]
        verbose_name = _("task")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "rule_key"],
                condition=~models.Q(rule_key=""),
                name="messaging_task_rule_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.due_date} {self.rule_key}"


class MessageTemplate(models.Model):
    """H3: an office's message template, in up to four languages ({lang: text}). A row with a
    `key` is the office's edited copy of a standard template (messaging/mass.py); a row
    without is the office's own template."""

    office = models.ForeignKey(
        "tenancy.Office", on_delete=models.CASCADE, related_name="message_templates"
    )
    key = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=120)
    subject = models.JSONField(_("subject"), default=dict)
    body = models.JSONField(_("message"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("message template")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "key"],
                condition=~models.Q(key=""),
                name="messaging_template_standard_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class VatDocumentsOk(models.Model):
    """B13 "VAT documents OK": the client says every document of a VAT period is in.

    Sending documents with "last documents for period X" (documents.Dispatch) says the same;
    the office's overview reads both."""

    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="vat_documents_ok"
    )
    period = models.CharField(_("period"), max_length=7)  # 2026-03 or 2026-Q1
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period"]
        verbose_name = _("VAT documents OK")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "period"], name="messaging_vat_ok_once")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.period}"


class Notification(models.Model):
    """H5: something a user is told by e-mail, waiting for their next digest (one mail per
    user per DIGEST_EVERY, whatever the number of items)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # a tenancy.forms.NOTIFICATIONS key
    dossier = models.ForeignKey(
        "tenancy.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.JSONField()  # a core.texts value, shown in the reader's language
    link = models.CharField(max_length=500, blank=True)
    ref = models.CharField(max_length=60, blank=True)  # "task_due:12": queued once
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.created_at}"
