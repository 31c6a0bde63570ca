#!/usr/bin/env bash
# Runs every test: unit, integration, live services (Redis, IMAP, SMTP) and browser tests.
# DATABASE_URL chooses the database (SQLite by default; PostgreSQL in CI's second pass).
set -euo pipefail
cd "$(dirname "$0")/.."
export FIDU_DATA_DIR="${FIDU_TEST_DATA_DIR:-$(mktemp -d -t fidu-test-XXXX)}"
export FIDU_TESTING=1
echo "tests: database ${DATABASE_URL:-sqlite (in memory)}"
# Browser tests run in their own pass: their live server thread holds the in-memory
# SQLite database between tests, which other tests in the same process must not share.
status=0
run() {
  local code=0
  .venv/bin/python -m pytest -n "${FIDU_TEST_WORKERS:-2}" --dist loadfile -p no:cacheprovider -q "$@" || code=$?
  # 5 = nothing collected (e.g. a path without browser tests): not a failure.
  if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then status=$code; fi
}
run -m "not browser" "$@"
run -m browser "$@"
exit $status
