"""`manage.py recognize FILE... [--json] [--dossier ID]`: recognise files, print the fields."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recognition.engine.output import to_record
from recognition.engine.pipeline import recognize_bytes


class Command(BaseCommand):
    help = "Recognise invoices (UBL, Factur-X, PDF, scans, photos) and print their fields."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="one JSON object per file and line")
        parser.add_argument(
            "--dossier",
            type=int,
            help="dossier id: adds direction and the dossier's learned memory",
        )

    def handle(
        self, *args, files: list[str], json: bool = False, dossier: int | None = None, **options
    ) -> None:
        own_vat = None
        hints_for = None
        if dossier is not None:
            from recognition.services import _hints_loader
            from tenancy.models import Dossier

            try:
                d = Dossier.objects.get(pk=dossier)
            except Dossier.DoesNotExist as exc:
                raise CommandError(f"no dossier {dossier}") from exc
            own_vat = d.vat_number or None
            hints_for = _hints_loader(d.pk)
        failures = 0
        for name in files:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                record = {"file": name, "status": "unreadable", "reason": str(exc)}
                failures += 1
            else:
                result = recognize_bytes(data, own_vat=own_vat, hints_for=hints_for)
                record = to_record(result, name)
                failures += result.status in ("unreadable", "technical_error")
            if json:
                self.stdout.write(_dumps(record))
            else:
                self._human(record)
        if failures and failures == len(files):
            raise CommandError("no file could be read")

    def _human(self, r: dict) -> None:
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"{r['file']}  [{r.get('source')}, {r.get('status')}]")
        )
        for key in (
            "document_type",
            "direction",
            "invoice_number",
            "issue_date",
            "due_date",
            "currency",
            "seller",
            "buyer",
            "iban",
            "payment_reference",
            "total_excl_vat",
            "total_vat",
            "total_incl_vat",
            "payable_amount",
            "vat_breakdown",
            "validation",
            "seconds",
        ):
            if key in r:
                self.stdout.write(f"  {key:18s} {r[key]}")


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, default=str)
