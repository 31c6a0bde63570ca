"""`manage.py imap_poll [--once] [--interval 120]`: read the IMAP mailboxes offices connected."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from documents.intake.channels.imap import poll_all


class Command(BaseCommand):
    help = "Poll connected IMAP mailboxes and take their mails in (idempotent by Message-ID)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=int, default=120, help="seconds between polls")

    def handle(self, *args, once, interval, **options):
        while True:
            n = poll_all()
            self.stdout.write(f"imap_poll: {n} mail(s)")
            if once:
                return
            time.sleep(interval)
