"""Fetch the invoices waiting at each dossier's Peppol access point into its Purchases
mailbox (run from cron every few minutes, like imap_poll)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from invoicing.delivery import peppol_receive
from invoicing.models import InvoicingSettings
from invoicing.peppol.base import AccessPointError


class Command(BaseCommand):
    help = "Receive Peppol invoices into the Purchases mailboxes"

    def handle(self, *args, **opts):
        total = 0
        for config in InvoicingSettings.objects.exclude(ap_provider="").select_related("dossier"):
            try:
                total += peppol_receive(dossier=config.dossier)
            except AccessPointError as exc:
                self.stderr.write(f"dossier {config.dossier_id}: {exc}")
        self.stdout.write(f"{total} received")
