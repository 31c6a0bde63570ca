"""Rebuild the archive's search index (F5), for every dossier or some."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from archive.search.service import archive_reindex


class Command(BaseCommand):
    help = "Rebuild the archive search index of booked documents (all dossiers or --dossier ID)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dossier", type=int, action="append", help="only this dossier id")

    def handle(self, *args, **opts) -> None:
        n = archive_reindex(dossier_ids=opts["dossier"])
        self.stdout.write(f"{n} booked documents indexed")
