"""`manage.py intake_resume`: queue again the documents with a processing step due."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.intake import resume_unfinished


class Command(BaseCommand):
    help = (
        "Queue again the documents a killed worker left half processed and the failed steps "
        "due for another attempt. Run it before the workers start: it takes every running "
        "claim as a dead worker's (--workers-running waits for claims to go stale instead). "
        "Deleted documents, queued ones and steps failed for good are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=0, help="leave documents handed in this recently"
        )
        parser.add_argument(
            "--workers-running", action="store_true", help="workers may be running now"
        )

    def handle(self, *args, older_than, workers_running, **options):
        queued = resume_unfinished(older_than, workers_stopped=not workers_running)
        self.stdout.write(f"intake_resume: {queued} document(s) queued again")
