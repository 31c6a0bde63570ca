"""Offices, dossiers, people and their profiles (SPEC A1-A5, A7)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class Language(models.TextChoices):
    FR = "fr", "Français"
    NL = "nl", "Nederlands"
    EN = "en", "English"
    DE = "de", "Deutsch"


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_enabled = models.BooleanField(_("two-step verification"), default=False)
    notification_prefs = models.JSONField(default=dict, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f3a5f."))


class BannerLayout(models.TextChoices):
    CLASSIC = "classic", _("Classic")
    VERTICAL = "vertical", _("Vertical")
    HORIZONTAL = "horizontal", _("Horizontal")


class Office(models.Model):
    name = models.CharField(_("name"), max_length=200)
    portal_name = models.CharField(_("portal name"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "core.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    banner_layout = models.CharField(
        _("banner layout"),
        max_length=12,
        choices=BannerLayout.choices,
        default=BannerLayout.CLASSIC,
    )
    color_background = models.CharField(
        _("background colour"), max_length=7, default="#f4f6f9", validators=[hex_colour]
    )
    color_app = models.CharField(
        _("application colour"), max_length=7, default="#1f3a5f", validators=[hex_colour]
    )
    color_button = models.CharField(
        _("button colour"), max_length=7, default="#2f6db5", validators=[hex_colour]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    notice_email = models.EmailField(_("address for intake notices"), blank=True)
    # I2 office settings that lower apps read: the payments capability (tenancy.policy) and
    # the dashboard's key figures (feedback). The rest lives in office.OfficeSettings.
    payments_enabled = models.BooleanField(_("payment module"), default=True)
    key_figures_closed_only = models.BooleanField(
        _("key figures on closed periods only"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("office")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.portal_name or self.name


class OfficeRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    COLLABORATOR = "collaborator", _("Collaborator")
    SUPPORT = "support", _("Support")


class OfficeMember(models.Model):
    """A collaborator of an office. A person works for at most one office."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_member"
    )
    role = models.CharField(_("profile"), max_length=12, choices=OfficeRole.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("collaborator")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CollaboratorGroup(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="collaborator_groups")
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="collaborator_groups"
    )

    class Meta:
        unique_together = [("office", "name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClientGroup(models.Model):
    """A set of dossiers assigned together to collaborators (directly or through their groups)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="client_groups")
    name = models.CharField(_("name"), max_length=120)
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="client_groups"
    )
    collaborator_groups = models.ManyToManyField(
        CollaboratorGroup, blank=True, related_name="client_groups"
    )

    class Meta:
        unique_together = [("office", "name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Module(models.TextChoices):
    """Dossier modules (SPEC A3); a disabled module hides its capabilities for everyone."""

    DOCUMENTS = "documents", _("Document processing")
    ARCHIVE = "archive", _("Archive")
    FEEDBACK = "feedback", _("Dashboard and reports")
    FINANCIAL = "financial", _("Financial view")
    PAYMENTS = "payments", _("Payments")
    MESSAGES = "messages", _("Messages")
    TASKS = "tasks", _("Tasks")
    SENT_VIEW = "sent_view", _("Sent to accountant view")


def all_modules() -> list[str]:
    return [m.value for m in Module]


class ValidationMode(models.TextChoices):
    COLLABORATOR = "collaborator", _("Collaborator")
    HYBRID = "hybrid", _("Hybrid")
    CLIENT = "client", _("Client")


def new_intake_key() -> str:
    return secrets.token_hex(5)


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user) -> DossierQuerySet:
        from tenancy.policy import dossiers_visible_to

        return dossiers_visible_to(user, self)


class Dossier(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="dossiers")
    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=12, blank=True, db_index=True
    )
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True, db_index=True)
    vat_exempt = models.BooleanField(_("VAT exempt"), default=False)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    updated_until = models.DateField(_("accounting updated until"), null=True, blank=True)
    modules = models.JSONField(_("modules"), default=all_modules)
    validation_mode = models.CharField(
        _("validation mode"),
        max_length=12,
        choices=ValidationMode.choices,
        default=ValidationMode.COLLABORATOR,
    )
    allow_accountant_unsent = models.BooleanField(
        _("my accountant may open documents I have not sent yet"), default=False
    )
    intake_key = models.CharField(max_length=16, unique=True, default=new_intake_key)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_dossiers",
        verbose_name=_("dossier manager"),
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("collaborators"),
    )
    support_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="support_dossiers",
        verbose_name=_("support worklists"),
    )
    client_groups = models.ManyToManyField(ClientGroup, blank=True, related_name="dossiers")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def has_module(self, module: str) -> bool:
        return module in (self.modules or [])


class ClientProfile(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    FULL_ACCESS = "full_access", _("Full access")
    DOC_PROCESSING = "doc_processing", _("Document processing")
    DOC_PROCESSING_ARCHIVE = "doc_processing_archive", _("Document processing + Archive")
    FULL_FEEDBACK = "full_feedback", _("Full feedback")
    DOC_DELIVERY = "doc_delivery", _("Document delivery")


class DossierMembership(models.Model):
    """A client user's access to one dossier, with the profile that decides what they may do."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    profile = models.CharField(_("profile"), max_length=24, choices=ClientProfile.choices)
    payment_limit = models.DecimalField(
        _("payment approval limit"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    validate_before_recognition = models.BooleanField(
        _("documents of this user are checked by the office before recognition"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("dossier", "user")]
        verbose_name = _("dossier user")

    def __str__(self) -> str:
        return f"{self.user} @ {self.dossier} ({self.get_profile_display()})"


class Invitation(models.Model):
    """An e-mailed link that lets a person set a password and join an office or a dossier.

    Only a hash of the token is stored: a leaked database does not leak live links.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="invitations")
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    profile = models.CharField(
        _("profile"), max_length=24, choices=ClientProfile.choices, blank=True
    )
    office_role = models.CharField(
        _("profile"), max_length=12, choices=OfficeRole.choices, blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AccessRequest(models.Model):
    """A client administrator asks the office to give a new person access (SPEC A5)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="access_requests")
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    profile = models.CharField(_("profile"), max_length=24, choices=ClientProfile.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AccessRequestStatus.choices, default=AccessRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.dossier_id}"


class ApiToken(models.Model):
    """A personal API token. The secret is shown once; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class RateEvent(models.Model):
    """One counted attempt (a failed login, a password-reset request): see tenancy.throttle."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)  # sha256 of the address or e-mail
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.at:%Y-%m-%d %H:%M}"
