#!/usr/bin/env bash
# Starts the web server, the background worker and the intake listeners (scripts/run.d/),
# prints the demo logins, and stops everything on Ctrl+C.
#
# Each process runs under its own small supervisor: when it dies (a crash, an OOM kill,
# kill -9) only that process is started again, after a pause that doubles up to 60 s
# while it keeps dying young. Before a worker starts again, `intake_resume` re-queues
# what the dead worker left half done (the database queue forgets running tasks).
# The pid of each running process is kept in $FIDU_DATA_DIR/run/<name>.pid.
#
# FIDU_RUN_QUIET=1 skips the demo logins (tests, or a server without the demo).
# Production uses the systemd units of deploy/systemd/ instead of this script.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
RUN_DIR="${FIDU_DATA_DIR:-$PWD/data}/run"
mkdir -p "$RUN_DIR"
pids=()

cleanup() {
  trap - EXIT INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# supervise NAME BEFORE_RESTART COMMAND...: run COMMAND, start it again whenever it ends.
# The command gets a session of its own (setsid) so that stopping it also stops what it
# started (e.g. the `sleep` of the nightly loop).
supervise() {
  local name=$1 before=$2
  shift 2
  local child="" delay=1 started rc
  trap 'kill -TERM -- "-$child" 2>/dev/null; wait "$child" 2>/dev/null; rm -f "$RUN_DIR/$name.pid"; exit 0' TERM
  while true; do
    started=$SECONDS
    setsid -w "$@" &
    child=$!
    echo "$child" >"$RUN_DIR/$name.pid"
    wait "$child"
    rc=$?
    if ((SECONDS - started >= 30)); then delay=1; fi
    echo "fidu: $name stopped (exit $rc); starting it again in ${delay}s" >&2
    sleep "$delay" &
    wait $!
    delay=$((delay * 2 > 60 ? 60 : delay * 2))
    if [ -n "$before" ]; then
      bash -c "$before" || echo "fidu: '$before' failed before restarting $name" >&2
    fi
  done
}

supervise web "" $PY -m gunicorn fidu.wsgi:application --bind "127.0.0.1:${PORT}" \
  --workers 2 --threads 4 --timeout 120 --access-logfile - --error-logfile - &
pids+=($!)
# Re-queue documents whose processing a killed worker left half done.
$PY manage.py intake_resume || true
supervise worker "$PY manage.py intake_resume" $PY manage.py db_worker --queue-name '*' --interval 0.5 &
pids+=($!)
for extra in scripts/run.d/*.sh; do
  [ -e "$extra" ] || continue
  name=$(basename "$extra" .sh)
  supervise "$name" "" bash "$extra" &
  pids+=($!)
done

sleep 2
echo
echo "Fidu is running at http://127.0.0.1:${PORT}  (Ctrl+C to stop)"
if [ "${FIDU_RUN_QUIET:-0}" != "1" ]; then
  $PY manage.py shell --no-imports -c "from tenancy.demo import logins
for p, e, pw in logins(): print(f'  {p:<38} {e:<28} {pw}')"
fi
# The supervisors never end on their own; this waits for Ctrl+C or a TERM.
wait
