"""`manage.py intake_resume`: re-queue documents left unprocessed by a crashed worker."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.intake import resume_unfinished


class Command(BaseCommand):
    help = "Queue again the documents whose processing never finished (run before db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=0, help="seconds since intake")

    def handle(self, *args, older_than, **options):
        self.stdout.write(
            f"intake_resume: {resume_unfinished(older_than)} document(s) queued again"
        )
