"""Synchronise dossiers' books with their accounting software (D4).

Cron / systemd timer, nightly:  python manage.py ledger_sync --all
One dossier now:                python manage.py ledger_sync --dossier 12 [--full]
--queue hands each dossier to the task worker instead of running inline.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ledger.models import Books


class Command(BaseCommand):
    help = "Synchronise the books of one or all activated dossiers (nightly run)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true")
        parser.add_argument("--dossier", type=int)
        parser.add_argument("--full", action="store_true", help="full resynchronisation")
        parser.add_argument("--queue", action="store_true", help="enqueue tasks")

    def handle(self, *args, **opts):
        from ledger.services.sync import sync_run
        from ledger.tasks import ledger_sync_dossier

        if not opts["all"] and not opts["dossier"]:
            raise CommandError("Give --all or --dossier ID.")
        qs = Books.objects.select_related("dossier").filter(dossier__is_active=True)
        if opts["dossier"]:
            qs = qs.filter(dossier_id=opts["dossier"])
            if not qs.exists():
                raise CommandError("No activated books for this dossier.")
        trigger = "full" if opts["full"] else "nightly"
        failed = 0
        for books in qs.order_by("dossier_id"):
            if opts["queue"]:
                ledger_sync_dossier.enqueue(books.dossier_id, trigger)
                self.stdout.write(f"{books.dossier_id}: queued")
                continue
            state = sync_run(actor=None, dossier=books.dossier, trigger=trigger)
            failed += state.status != "ok"
            self.stdout.write(f"{books.dossier_id} {books.dossier.name}: {state.status}")
        if failed:
            self.stderr.write(f"{failed} dossier(s) failed")
