import sys
import threading

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

WORKER_COMMANDS = {"db_worker", "rqworker"}


class EinvoiceConfig(AppConfig):
    name = "einvoice"
    verbose_name = _("E-invoices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A worker compiles the schematron XSLTs while it waits for its first task, so the
        # first e-invoice it reads is not 0.3-1 s slower than the others. Web processes and
        # commands skip it: they do not validate e-invoices.
        if len(sys.argv) > 1 and sys.argv[1] in WORKER_COMMANDS:
            from .validation import warm_up

            threading.Thread(target=warm_up, name="schematron-warm-up", daemon=True).start()
