"""Files the client gets back: reports made on demand (F4) and returns the office publishes.

A report is made by a task (it can take a while on big books); the row carries its
progress so the person waiting sees it move. Publishing puts the file in the archive's
*Shared by my accountant* (one store, through the `"shared_publish"` extension point);
`published_at` is the office's record of it. `seen_at` is no longer written: the archive
keeps who opened a publication (migration archive/0004 carried the old marks over).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFile(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("report"), max_length=40)
    fmt = models.CharField(_("format"), max_length=4)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    error = models.JSONField(default=str, blank=True)  # a stored text (core.texts)
    blob = models.ForeignKey(
        "core.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dossier", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind}.{self.fmt} ({self.status})"


class FiguresStamp(models.Model):
    """The version of a dossier's books as the figures cache knows it: bumped in the
    transaction of every posting, match, import or sync (the ledger's `books_changed`
    event), so cached figures are keyed by it and never outlive the books they came from.
    Kept in the database, not the cache: every web and task process sees the same one."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.dossier_id}: v{self.version}"
