"""I1: rebuild the monitor's per-dossier counters from a fresh count and report any drift.

Run nightly (scripts/run.d/nightly.sh, fidu-office-recount.timer) as a reconciliation; the
triggers keep the counters exact, so a drift means a write went around the database (a
restored dump without triggers, a manual edit) and is logged as a warning.
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand

from office.counters import recount

log = logging.getLogger("fidu.office")


class Command(BaseCommand):
    help = "Rebuild the active-clients monitor's counters (all dossiers, or --dossier ID)."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=int, action="append", help="only this dossier")

    def handle(self, *args, **options):
        drift = recount(options["dossier"] or None)
        for dossier_id, diff in sorted(drift.items()):
            detail = ", ".join(f"{k} {a} -> {b}" for k, (a, b) in sorted(diff.items()))
            log.warning("office counters drift in dossier %s: %s", dossier_id, detail)
            self.stdout.write(f"dossier {dossier_id}: {detail}")
        self.stdout.write(f"{len(drift)} dossiers corrected")
