"""The office's cockpit (I1-I5, C11): what the office remembers about its own work.

The monitor's document, proposal and release counts are stored per dossier
(`DossierCounters`), kept exact by database triggers (office/counters.py); the others it
reads from the apps that own the data (ledger, messaging) in a fixed number of queries.
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


class ChecklistTick(models.Model):
    """I3: a step of a dossier's activation checklist that a person confirmed (who, when).

    Steps the data can prove (users exist, periods closed...) need no row: they are computed
    (office/activation.py). Unticking deletes the row; both are audited.
    """

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=32)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activation step confirmed")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "step"], name="office_tick_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.step}"


class MiscFiling(models.Model):
    """C13: how the office processed a misc document sent to it (archive, permanent, done)."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, related_name="office_misc_filing"
    )
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=12)  # "archive", "permanent", "done"
    category = models.CharField(max_length=100, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("misc document processed")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.outcome}"


class HelpSeen(models.Model):
    """I5: when a user last opened a module's help page (the dot shows newer notes)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.CharField(max_length=20)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="office_helpseen_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.module}"


class VatCheck(models.Model):
    """C14: the last answer of the VAT lookup for a number used in a dossier.

    Kept so the proposal page shows the legal name, address and validity without asking
    again, and so the counterparty created when the proposal is sent gets the address.
    """

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    vat = models.CharField(_("VAT number"), max_length=20)
    valid = models.BooleanField(_("valid"))
    name = models.CharField(_("legal name"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("VAT number check")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "vat"], name="office_one_vatcheck_per_vat")
        ]

    def __str__(self) -> str:
        return f"{self.vat}: {'valid' if self.valid else 'invalid'}"


class DossierChecks(models.Model):
    """Per-dossier switches of the office's checks (C12: sales-invoice numbering)."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="office_checks"
    )
    sales_numbering = models.BooleanField(_("check the sales invoice numbering"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier checks")
        verbose_name_plural = _("dossier checks")

    def __str__(self) -> str:
        return f"{self.dossier_id}: numbering {'on' if self.sales_numbering else 'off'}"


class ActivationBy(models.TextChoices):
    ADMINS = "admins", _("Admins only")
    STAFF = "staff", _("Admins and collaborators")


class OfficeSettings(models.Model):
    """I2: the office's own settings, one row per office (created on first save).

    Lists are kept as JSON, each validated by `office.office_settings` before it is saved:
    default journals of new dossiers, VAT-code overrides (alias, type, region), help videos
    per module and the links and apps shown to clients. Switches lower apps read (payment
    module, key figures) are fields of `tenancy.Office`.
    """

    office = models.OneToOneField(
        "tenancy.Office", on_delete=models.CASCADE, related_name="office_settings"
    )
    activation_by = models.CharField(
        _("who may activate dossiers"),
        max_length=8,
        choices=ActivationBy.choices,
        default=ActivationBy.ADMINS,
    )
    journals = models.JSONField(default=list, blank=True)
    vat_overrides = models.JSONField(default=dict, blank=True)
    help_videos = models.JSONField(default=list, blank=True)
    client_links = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office settings")
        verbose_name_plural = _("office settings")

    def __str__(self) -> str:
        return f"{self.office_id}: settings"


class DossierCounters(models.Model):
    """I1: what the active-clients monitor counts for a dossier, kept by database triggers
    in the same transaction as each change (office/counters.py), rebuilt by
    `manage.py office_recount`. Never written by Python code other than the recount."""

    dossier = models.OneToOneField(
        "tenancy.Dossier",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="office_counters",
    )
    unsent = models.IntegerField(default=0, db_default=0)  # documents not sent to the office yet
    misc = models.IntegerField(
        default=0, db_default=0
    )  # misc documents sent and not processed (C13)
    open = models.IntegerField(default=0, db_default=0)  # open proposals (to validate)
    checked = models.IntegerField(default=0, db_default=0)  # of which checked by the client
    open_sales = models.IntegerField(default=0, db_default=0)  # of which sales
    to_release = models.IntegerField(default=0, db_default=0)  # documents held for the office (C11)

    class Meta:
        verbose_name = _("dossier counters")
        verbose_name_plural = _("dossier counters")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.unsent}/{self.open}/{self.misc}"
