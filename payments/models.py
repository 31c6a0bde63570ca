"""Payment orders from purchase invoices (G1-G4) and the SEPA files made of them (G3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    TO_APPROVE = "to_approve", _("to approve")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    EXPORTED = "exported", _("exported")
    PAID = "paid", _("paid")


class CommunicationKind(models.TextChoices):
    NONE = "none", _("none")
    FREE = "free", _("free")
    STRUCTURED = "structured", _("structured")


class PainVersion(models.TextChoices):
    V03 = "pain.001.001.03", "pain.001.001.03"
    V09 = "pain.001.001.09", "pain.001.001.09"


class PaymentAccount(models.Model):
    """How one of the dossier's bank accounts pays (G1, G3): its BIC, whether it is the
    default and shown in the form, and the file format its bank takes."""

    account = models.OneToOneField(
        "bank.BankAccount", on_delete=models.CASCADE, related_name="payment_account"
    )
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    is_default = models.BooleanField(_("default account"), default=False)
    visible = models.BooleanField(_("shown in the payment form"), default=True)
    pain_version = models.CharField(
        _("bank file format"),
        max_length=16,
        choices=PainVersion.choices,
        default=PainVersion.V03,
    )

    def __str__(self) -> str:
        return f"{self.account_id}: {self.pain_version}"


class PaymentSettings(models.Model):
    """Per dossier: whether payments follow approval rules (G4)."""

    dossier = models.OneToOneField(
        "tenancy.Dossier", on_delete=models.CASCADE, related_name="payment_settings"
    )
    approval_enabled = models.BooleanField(_("payment approval"), default=False)
    invoice_approval_enabled = models.BooleanField(_("invoice approval"), default=False)

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.approval_enabled}"


class ApprovalRule(models.Model):
    """Users who together approve a payment; each may approve up to their own amount (G4)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ApprovalRuleMember(models.Model):
    rule = models.ForeignKey(ApprovalRule, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    limit = models.DecimalField(_("may approve up to (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "user"], name="payment_rule_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.user_id}<={self.limit}"


class PaymentExport(models.Model):
    """One pain.001 file, kept (G3 executed SEPA orders)."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey("bank.BankAccount", on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=35, unique=True)
    execution_date = models.DateField()
    total = models.DecimalField(max_digits=14, decimal_places=2)
    xml = models.TextField()
    version = models.CharField(max_length=16, default=PainVersion.V03)
    # The copy kept in the client's *Payments* document folder (G3).
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.message_id


class PaymentOrder(models.Model):
    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    account = models.ForeignKey(
        "bank.BankAccount",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from account"),
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    execution_date = models.DateField(_("execution date"))
    creditor_name = models.CharField(_("creditor name"), max_length=70)
    creditor_iban = models.CharField(_("IBAN"), max_length=34)
    creditor_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    communication_kind = models.CharField(
        _("communication"), max_length=10, choices=CommunicationKind.choices
    )
    communication = models.CharField(max_length=140, blank=True)
    status = models.CharField(max_length=12, choices=OrderStatus.choices, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    export = models.ForeignKey(
        PaymentExport, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    rule = models.ForeignKey(
        ApprovalRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("approval rule"),
    )
    # The same key twice (a button pressed again, a retried API call) gives the same order.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["dossier", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="payment_idempotency_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor_name} {self.amount} EUR"


class PaymentApproval(models.Model):
    """One approver's yes to one order under its rule (G4)."""

    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "user"], name="payment_approval_once")
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.user_id}"


class InvoiceRule(models.Model):
    """Who approves which purchase invoices (B16). A rule applies to an invoice when each of
    its criteria that is filled in matches (a supplier of the list, a label of the list, an
    amount from); the default rule catches the invoices no other rule applies to."""

    dossier = models.ForeignKey("tenancy.Dossier", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("approvers")
    )
    suppliers = models.TextField(
        _("suppliers (a name or VAT number a line)"), blank=True, default=""
    )
    labels = models.TextField(_("labels (one a line)"), blank=True, default="")
    min_amount = models.DecimalField(
        _("from amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["is_default", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class InvoiceApprovalStep(models.Model):
    """One rule an invoice waits on: one of the rule's approvers decides (B16)."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(InvoiceRule, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=10, blank=True, default="")  # approved | rejected
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.rule_id}={self.decision}"
