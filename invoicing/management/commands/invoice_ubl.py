"""Print the UBL (Peppol BIS 3.0) of an issued invoice: `invoice_ubl --dossier ID --invoice N`
(N is the invoice number, e.g. 2026-00001, or its id)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from invoicing import services, ubl
from invoicing.models import Invoice
from tenancy.models import Dossier


class Command(BaseCommand):
    help = "Print the UBL of an invoice or credit note"

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=int, required=True)
        parser.add_argument("--invoice", required=True, help="invoice number or id")

    def handle(self, *args, **opts):
        dossier = Dossier.objects.filter(pk=opts["dossier"]).first()
        if dossier is None:
            raise CommandError(f"no dossier {opts['dossier']}")
        key = str(opts["invoice"])
        inv = Invoice.objects.filter(dossier=dossier, number=key).first()
        if inv is None and key.isdigit():
            inv = Invoice.objects.filter(dossier=dossier, pk=int(key)).first()
        if inv is None:
            raise CommandError(f"no invoice {key} in dossier {dossier.pk}")
        try:
            xml = ubl.write(inv, services.settings_for(dossier))
        except ubl.UblRefused as exc:
            raise CommandError(str(exc)) from None
        sys.stdout.buffer.write(xml)
        sys.stdout.flush()
