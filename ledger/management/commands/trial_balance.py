"""python manage.py trial_balance --dossier ID [--year Y] [--json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from ledger.selectors import period_range, trial_balance
from tenancy.models import Dossier


class Command(BaseCommand):
    help = "Print a dossier's trial balance (all periods, or one fiscal year)."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=int, required=True)
        parser.add_argument("--year", type=int, help="fiscal year starting in this year")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        dossier = Dossier.objects.filter(pk=opts["dossier"]).first()
        if dossier is None:
            raise CommandError("No such dossier.")
        try:
            first, last = period_range(dossier=dossier, year=opts["year"])
        except Http404:
            raise CommandError("No fiscal year starting in that year.") from None
        tb = trial_balance(dossier=dossier, period_from=first, period_to=last)
        if opts["json"]:
            doc = {
                "dossier": dossier.pk,
                "year": opts["year"],
                "accounts": [
                    {
                        "code": r.code,
                        "name": r.name,
                        "debit": str(r.debit),
                        "credit": str(r.credit),
                        "balance": str(r.balance),
                    }
                    for r in tb.rows
                ],
                "total_debit": str(tb.total_debit),
                "total_credit": str(tb.total_credit),
            }
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1))
            return
        for r in tb.rows:
            self.stdout.write(
                f"{r.code:<8} {r.name[:40]:<40} {r.debit:>14} {r.credit:>14} {r.balance:>14}"
            )
        self.stdout.write(f"{'':<49} {tb.total_debit:>14} {tb.total_credit:>14}")
