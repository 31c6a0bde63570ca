"""`manage.py intake_resume`: queue again the documents with a processing step due."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.intake import resume_unfinished


class Command(BaseCommand):
    help = (
        "Queue again the documents a killed worker left half processed and the failed steps "
        "due for another attempt (run before db_worker; safe to run at any time: documents a "
        "task already holds, deleted ones and steps failed for good are left alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=0, help="leave documents handed in this recently"
        )

    def handle(self, *args, older_than, **options):
        self.stdout.write(
            f"intake_resume: {resume_unfinished(older_than)} document(s) queued again"
        )
