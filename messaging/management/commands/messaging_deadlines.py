"""Generate the Belgian legal deadline tasks of a year (H4); running it twice adds nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from messaging.tasks import deadlines_generate
from tenancy.models import Dossier


class Command(BaseCommand):
    help = "Create the legal deadline tasks (VAT, listings, advance payments) due in a year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--dossier", type=int, help="only this dossier (its id)")

    def handle(self, *args, year: int, dossier: int | None = None, **options):
        dossiers = Dossier.objects.filter(is_active=True)
        if dossier is not None:
            dossiers = Dossier.objects.filter(pk=dossier)
            if not dossiers.exists():
                raise CommandError(f"No dossier {dossier}.")
        for d in dossiers.order_by("pk"):
            r = deadlines_generate(dossier=d, year=year)
            self.stdout.write(
                f"{d.pk} {d.name}: {r.created} created, {r.kept} kept, {r.removed} removed"
            )
