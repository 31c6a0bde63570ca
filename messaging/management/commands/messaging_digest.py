"""H5: send the waiting notifications, one digest mail per user per 15 minutes; run it
every few minutes (cron or a scheduler). Also queues the reminders of tasks due soon."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from messaging.notifications import digest_send, due_reminders_queue


class Command(BaseCommand):
    help = "Send the notification digests (one mail per user per 15 minutes)."

    def handle(self, *args, **options):
        reminders = due_reminders_queue(timezone.localdate())
        mails = digest_send()
        self.stdout.write(f"{reminders} task reminders queued, {mails} digest mails sent")
