"""What recognition keeps: the extraction of each document version (C3), the memory
of corrections per dossier and counterparty (C9), processing modes (C1) and usage (C10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessingMode(models.TextChoices):
    TRANSPORT = "transport", _("Transport (no recognition)")
    AUTOMATIC = "automatic", _("Automatic")
    VERIFIED = "verified", _("Verified by a collaborator")


class DossierRecognitionSettings(models.Model):
    """Processing mode of a dossier, with optional overrides per journal (C1).

    Lives here until the dossier settings grow a home for it (docs/open-items.md).
    """

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="recognition_settings"
    )
    mode = models.CharField(
        _("processing mode"),
        max_length=10,
        choices=ProcessingMode.choices,
        default=ProcessingMode.AUTOMATIC,
    )
    journal_modes = models.JSONField(
        _("processing mode per journal"), default=dict, blank=True
    )  # {"ACH": "verified", ...}

    class Meta:
        verbose_name = _("recognition settings")
        verbose_name_plural = _("recognition settings")

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.mode}"

    def mode_for(self, journal_code: str | None) -> str:
        if journal_code and journal_code in self.journal_modes:
            return self.journal_modes[journal_code]
        return self.mode


class ExtractionStatus(models.TextChoices):
    OK = "ok", _("Recognised")
    NOTHING = "nothing_recognised", _("Nothing recognised")
    UNREADABLE = "unreadable", _("Unreadable document")
    TECHNICAL_ERROR = "technical_error", _("Technical error")


class Extraction(models.Model):
    """The fields recognised in one version (original blob) of a document.

    Typed columns hold the values other apps query (duplicates, worklists, booking);
    `fields` holds every field with its confidence, source (xml / text / ocr / learned /
    person) and page box, for the annotation screen.
    """

    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="extractions"
    )
    version = models.CharField(max_length=64)  # sha256 of the original that was read
    status = models.CharField(max_length=20, choices=ExtractionStatus.choices)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=10)  # xml | text | ocr | mixed | none
    mode = models.CharField(max_length=10, choices=ProcessingMode.choices)

    document_type = models.CharField(max_length=12, blank=True)  # invoice | credit_note
    direction = models.CharField(max_length=10, blank=True)  # purchase | sales
    invoice_number = models.CharField(max_length=100, blank=True, db_index=True)
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    counterparty_name = models.CharField(max_length=200, blank=True)
    counterparty_vat = models.CharField(max_length=30, blank=True, db_index=True)
    counterparty_iban = models.CharField(max_length=34, blank=True)
    counterparty_key = models.CharField(max_length=60, blank=True, db_index=True)
    payment_reference = models.CharField(max_length=140, blank=True)
    total_excl_vat = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    total_vat = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    total_incl_vat = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    payable_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    fields = models.JSONField(default=dict)  # name -> {value, confidence, source, page, box}
    vat_breakdown = models.JSONField(default=list)  # [{rate, base, vat}] as strings
    lines = models.JSONField(default=list)
    validation = models.JSONField(null=True, blank=True)  # e-invoice validation report
    words = models.JSONField(default=list)  # per page: [[text, x0, y0, x1, y1], ...] fractions
    pages = models.PositiveIntegerField(default=0)
    ocr_pages = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    text_layer = models.ForeignKey(
        "core.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the original with an OCR text layer, when OCR ran
    possible_duplicate_of = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # C1 verified mode: the client sees the result once a collaborator checked it.
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extraction")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version"], name="one_extraction_per_version"
            )
        ]
        indexes = [models.Index(fields=["counterparty_key", "invoice_number"])]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.invoice_number or '?'}"

    @property
    def awaits_verification(self) -> bool:
        return self.mode == ProcessingMode.VERIFIED and self.verified_at is None


class CounterpartyMemory(models.Model):
    """What people corrected for one counterparty of one dossier (C9).

    `hints` maps a field name to where and how it is printed on this counterparty's
    documents ({label, box, page, format}); `values` keeps corrected constant values
    (e.g. the name the dossier uses for this counterparty).
    """

    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="counterparty_memories"
    )
    key = models.CharField(max_length=60)  # VAT number, else IBAN, else folded name
    hints = models.JSONField(default=dict)
    values = models.JSONField(default=dict)
    corrections = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("counterparty memory")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "key"], name="one_memory_per_counterparty")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.key}"


class UsageCounter(models.Model):
    """Documents and pages processed per dossier, day and processing mode (C10)."""

    dossier = models.ForeignKey(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="usage_counters"
    )
    day = models.DateField()
    mode = models.CharField(max_length=10, choices=ProcessingMode.choices)
    documents = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("usage counter")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "day", "mode"], name="one_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.day}:{self.mode}"


class WhenExhausted(models.TextChoices):
    CONTINUE = "continue", _("Keep recognising")
    TRANSPORT = "transport", _("Send documents unrecognised (transport mode)")


class QuotaSettings(models.Model):
    """Who hears about an office's cartridges, and what happens when one is used up (C10)."""

    office = models.OneToOneField(
        "tenancy.Office", on_delete=models.CASCADE, related_name="quota_settings"
    )
    notify_admins = models.BooleanField(_("alert the office admins"), default=True)
    extra_email = models.EmailField(_("also alert this address"), blank=True)
    when_exhausted = models.CharField(
        _("when a cartridge is used up"),
        max_length=10,
        choices=WhenExhausted.choices,
        default=WhenExhausted.CONTINUE,
    )

    class Meta:
        verbose_name = _("quota settings")
        verbose_name_plural = _("quota settings")

    def __str__(self) -> str:
        return f"{self.office_id}:{self.when_exhausted}"


class Cartridge(models.Model):
    """A quota of documents in one processing mode over a period (C10, the "cartridges").

    Usage is not stored here: it is the sum of the office's UsageCounter rows in the
    period and mode, so a cartridge edited afterwards (new dates, more documents) is right
    at once.
    """

    office = models.ForeignKey(
        "tenancy.Office", on_delete=models.CASCADE, related_name="cartridges"
    )
    mode = models.CharField(_("processing mode"), max_length=10, choices=ProcessingMode.choices)
    capacity = models.PositiveIntegerField(_("documents"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cartridge")
        ordering = ["mode", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cartridge_dates"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="cartridge_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}:{self.mode}:{self.starts_on}-{self.ends_on}"


class CartridgeAlert(models.Model):
    """An alert sent for one threshold of one cartridge; the unique row makes it once only."""

    cartridge = models.ForeignKey(Cartridge, on_delete=models.CASCADE, related_name="alerts")
    threshold = models.PositiveSmallIntegerField()  # percent: 90 or 100
    used = models.PositiveIntegerField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cartridge alert")
        constraints = [
            models.UniqueConstraint(
                fields=["cartridge", "threshold"], name="one_alert_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cartridge_id}:{self.threshold}%"
