"""Sales invoicing (J1-J3): customers, items, invoices and credit notes, their numbering
counters, the dossier's seller data and access point, and each delivery attempt.

Amounts are Decimals computed by `invoicing.amounts` (EN 16931 rounding) when an invoice
is saved by its service; the stored totals are the ones written into the UBL.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


def money(**kw) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **kw)


class VatCase(models.TextChoices):
    """The VAT treatment of a line: an EN 16931 category (UNCL 5305) and its rate."""

    S21 = "S21", _("21 %")
    S12 = "S12", _("12 %")
    S6 = "S6", _("6 %")
    Z = "Z", _("0 %")
    E = "E", _("Exempt")
    AE = "AE", _("Reverse charge")


class Language(models.TextChoices):
    FR = "fr", "Français"
    NL = "nl", "Nederlands"
    EN = "en", "English"
    DE = "de", "Deutsch"


class Kind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class DeliveryStatus(models.TextChoices):
    NONE = "", _("Not sent")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Channel(models.TextChoices):
    PEPPOL = "peppol", _("Peppol")
    EMAIL = "email", _("E-mail")


class Unit(models.TextChoices):
    """UN/ECE Recommendation 20 unit codes (BT-130) people use most."""

    C62 = "C62", _("unit")
    HUR = "HUR", _("hour")
    DAY = "DAY", _("day")
    KGM = "KGM", _("kilogram")
    MTR = "MTR", _("metre")
    LTR = "LTR", _("litre")
    MON = "MON", _("month")


class InvoicingSettings(models.Model):
    """The seller's data on its invoices and its Peppol access point (credentials sealed)."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="invoicing_settings"
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    ap_provider = models.CharField(_("access point"), max_length=20, blank=True)
    ap_base_url = models.URLField(_("access point address"), blank=True)
    ap_company_id = models.CharField(
        _("company id at the access point"), max_length=100, blank=True
    )
    ap_key_sealed = models.TextField(blank=True)
    ap_secret_sealed = models.TextField(blank=True)
    last_received_check = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.dossier_id}"


class Customer(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    peppol_id = models.CharField(_("Peppol ID"), max_length=60, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    email = models.EmailField(_("e-mail"), blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    counterparty = models.ForeignKey(
        "ledger.Counterparty", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["dossier", "vat_number"])]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(_("description"), max_length=200)
    unit = models.CharField(_("unit"), max_length=3, choices=Unit.choices, default=Unit.C62)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    vat_case = models.CharField(
        _("VAT"), max_length=3, choices=VatCase.choices, default=VatCase.S21
    )

    class Meta:
        ordering = ["description", "pk"]

    def __str__(self) -> str:
        return self.description


class Invoice(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("customer")
    )
    number = models.CharField(_("number"), max_length=30, blank=True)
    journal_code = models.CharField(max_length=8, blank=True)
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    structured_ref = models.CharField(_("structured communication"), max_length=12, blank=True)
    credit_note_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        verbose_name=_("credit note of"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    line_total = money(default=ZERO)
    total_excl = money(default=ZERO)
    total_vat = money(default=ZERO)
    total_incl = money(default=ZERO)
    delivery_status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default="", blank=True
    )
    entry_id = models.BigIntegerField(null=True, blank=True)  # ledger.Entry once booked
    proposal_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "-pk"]
        indexes = [models.Index(fields=["dossier", "status", "-issue_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "journal_code", "number"],
                condition=~models.Q(number=""),
                name="invoicing_unique_number",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == Kind.CREDIT_NOTE


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=3, choices=Unit.choices, default=Unit.C62)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    discount = models.DecimalField(_("discount %"), max_digits=5, decimal_places=2, default=ZERO)
    vat_case = models.CharField(_("VAT"), max_length=3, choices=VatCase.choices)
    gross = money(default=ZERO)
    allowance = money(default=ZERO)
    net = money(default=ZERO)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description


class Counter(models.Model):
    """The next number per dossier, journal and year: locked row, so numbering is gapless."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    journal_code = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "journal_code", "year"], name="invoicing_one_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.journal_code}/{self.year}: {self.next_number}"


class Delivery(models.Model):
    """One attempt to deliver an invoice (Peppol or e-mail), with its outcome."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"
