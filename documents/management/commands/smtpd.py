"""`manage.py smtpd`: Fidu's SMTP receiver for the dossiers' intake addresses (B3)."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from documents.intake.channels.smtp import controller


class Command(BaseCommand):
    help = "Receive mail for <mailbox>.<intake_key>@FIDU_MAIL_DOMAIN and turn it into documents."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=getattr(settings, "FIDU_SMTP_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(getattr(settings, "FIDU_SMTP_PORT", 2525))
        )

    def handle(self, *args, host, port, **options):
        ctl = controller(host, port)
        ctl.start()
        self.stdout.write(f"smtpd: listening on {host}:{port}")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *a: stop.set())
        signal.signal(signal.SIGINT, lambda *a: stop.set())
        stop.wait()
        ctl.stop()
