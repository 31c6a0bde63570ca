"""`manage.py coda_import --dossier ID [--json] [--match] FILE...`: import CODA files (E1).

With --match: then propose a target for every movement not matched yet (E2).

With --json: one JSON object per statement and line; a refused file prints
{"file", "error", "line"} and the command exits non-zero (nothing of that file stored).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bank.serializers import statement_json
from bank.services.imports import CodaRefused, coda_import
from bank.services.matching import proposals_make
from core.texts import render
from tenancy.models import Dossier


class Command(BaseCommand):
    help = "Import CODA bank statement files into a dossier."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="one JSON object per statement")
        parser.add_argument("--match", action="store_true", help="then make the matching proposals")
        parser.add_argument("files", nargs="+")

    def handle(self, *args, **opts):
        dossier = Dossier.objects.filter(pk=opts["dossier"]).first()
        if dossier is None:
            raise CommandError(f"No dossier {opts['dossier']}.")
        failed = 0
        with translation.override("en"):
            for name in opts["files"]:
                path = Path(name)
                try:
                    report = coda_import(
                        dossier=dossier, data=path.read_bytes(), file_name=path.name
                    )
                except (CodaRefused, OSError) as exc:
                    failed += 1
                    line = getattr(exc, "line", None)
                    error = render(exc.text) if isinstance(exc, CodaRefused) else str(exc)
                    if opts["json"]:
                        self.stdout.write(json.dumps({"file": name, "error": error, "line": line}))
                    else:
                        self.stderr.write(f"{name}: refused: {error}")
                    continue
                for item in report.statements:
                    if opts["json"]:
                        data = statement_json(item.statement, file=name, created=item.created)
                        self.stdout.write(json.dumps(data, ensure_ascii=False))
                    else:
                        s = item.statement
                        state = "imported" if item.created else "already imported"
                        self.stdout.write(
                            f"{name}: {s.account.number} {s.date:%Y}/{s.sequence:03d} "
                            f"{s.opening_balance:.2f} -> {s.closing_balance:.2f}, "
                            f"{s.movements.filter(parent=None).count()} movements: {state}"
                        )
                for number in report.accounts_created:
                    if not opts["json"]:
                        self.stdout.write(f"{name}: new bank account {number} added to the dossier")
        if opts["match"]:
            made = proposals_make(dossier=dossier)
            self.stdout.write(
                json.dumps({"proposals": made}) if opts["json"] else f"{made} matching proposals"
            )
        if failed:
            raise CommandError(f"{failed} file(s) refused.")
