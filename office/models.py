"""The office's cockpit (I1-I5, C11): what the office remembers about its own work.

Counters are never stored here: the monitor reads them from the apps that own the data
(documents, booking, ledger, messaging) in a fixed number of queries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitorPrefs(models.Model):
    """The columns a user chose on the active-clients monitor (I1), remembered per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_monitor_prefs"
    )
    columns = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monitor preferences")
        verbose_name_plural = _("monitor preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {', '.join(self.columns)}"


class Release(models.Model):
    """C11: a document of a client user whose documents the office checks before recognition.

    Created by the `office_release` step when it holds the document; `released_at` set when
    a collaborator lets it go on to recognition (only then is a recognition credit used).
    """

    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, related_name="office_release"
    )
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    held_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document to release")
        indexes = [models.Index(fields=["dossier", "released_at"])]

    def __str__(self) -> str:
        return f"{self.document_id} ({'released' if self.released_at else 'held'})"
