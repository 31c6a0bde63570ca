from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EinvoiceConfig(AppConfig):
    name = "einvoice"
    verbose_name = _("E-invoices")
    default_auto_field = "django.db.models.BigAutoField"
