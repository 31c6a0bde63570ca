#!/usr/bin/env bash
# The embedded scheduler: once a night (02:00 local time) synchronise every dossier's books
# (SPEC D4). Production runs the same command from cron or a systemd timer instead.
while true; do
  if [ "$(date +%H)" = "02" ]; then
    .venv/bin/python manage.py ledger_sync --all || echo "nightly sync failed" >&2
    sleep 3600
  fi
  sleep 600
done
