"""`manage.py ingest --dossier ID --mailbox purchases FILE...`: the command-line channel."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.intake import Incoming, IntakeMeta, IntakeRefused, intake_file
from documents.models import DocType, Mailbox, Source
from tenancy.models import Dossier


class Command(BaseCommand):
    help = "Take files into a dossier's mailbox (bulk imports, scripts)."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=int, required=True, help="dossier id")
        parser.add_argument("--mailbox", choices=Mailbox.values, required=True)
        parser.add_argument("--type", dest="doc_type", choices=DocType.values, default="")
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--sender", default="", help="who the files come from (kept on the documents)"
        )
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, dossier, mailbox, doc_type, note, sender, files, **options):
        obj = Dossier.objects.filter(pk=dossier).first()
        if obj is None:
            raise CommandError(f"no dossier {dossier}")
        failures = 0
        for path in files:
            if not path.is_file():
                self.stderr.write(f"{path}: not a file")
                failures += 1
                continue
            try:
                docs = intake_file(
                    Incoming(
                        dossier=obj,
                        mailbox=mailbox,
                        source=Source.COMMAND,
                        file_name=path.name,
                        data=path.read_bytes(),
                        sender=sender,
                        source_ref=str(path)[:255],
                        meta=IntakeMeta(doc_type=doc_type, note=note),
                    )
                )
            except IntakeRefused as exc:
                self.stderr.write(f"{path}: {exc}")
                failures += 1
                continue
            for d in docs:
                dup = f" (duplicate of {d.duplicate_of_id})" if d.duplicate_of_id else ""
                self.stdout.write(f"{path}: document {d.pk}{dup}")
        if failures:
            raise CommandError(f"{failures} file(s) refused")
