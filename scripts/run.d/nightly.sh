#!/usr/bin/env bash
# The embedded scheduler: once a night (02:00 local time) synchronise every dossier's books
# (SPEC D4), then reconcile the monitor's counters (I1). Production runs the same commands
# from cron or systemd timers instead.
while true; do
  if [ "$(date +%H)" = "02" ]; then
    .venv/bin/python manage.py ledger_sync --all || echo "nightly sync failed" >&2
    # The active-clients monitor's counters against a fresh count (I1): logs any drift.
    .venv/bin/python manage.py office_recount || echo "office recount failed" >&2
    sleep 3600
  fi
  sleep 600
done
