#!/usr/bin/env bash
# The embedded scheduler for e-mail notifications (H5): every 5 minutes, send the digests
# that are due (one per user per 15 minutes) and queue reminders of tasks due soon.
# Production runs the same command from fidu-messaging-digest.timer.
while true; do
  .venv/bin/python manage.py messaging_digest || echo "messaging digest failed" >&2
  sleep 300
done
