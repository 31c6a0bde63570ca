#!/usr/bin/env bash
# Starts the web server and the background worker (and the intake listeners once
# they exist), prints the demo logins, and stops everything on Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

$PY -m gunicorn fidu.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 --threads 4 \
  --timeout 120 --access-logfile - --error-logfile - &
pids+=($!)
# Re-queue documents whose processing a killed worker left half done (the database
# queue forgets tasks that were running when their worker died).
$PY manage.py intake_resume || true
$PY manage.py db_worker --queue-name '*' --interval 0.5 &
pids+=($!)
for extra in scripts/run.d/*.sh; do
  [ -e "$extra" ] || continue
  bash "$extra" &
  pids+=($!)
done

sleep 2
echo
echo "Fidu is running at http://127.0.0.1:${PORT}  (Ctrl+C to stop)"
$PY manage.py shell --no-imports -c "from tenancy.demo import logins
for p, e, pw in logins(): print(f'  {p:<38} {e:<28} {pw}')"
wait -n "${pids[@]}"
