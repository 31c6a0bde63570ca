#!/usr/bin/env bash
# Runs every test: unit, integration, live services (Redis, IMAP, SMTP) and browser tests.
# DATABASE_URL chooses the database (SQLite by default; PostgreSQL in CI's second pass).
set -euo pipefail
cd "$(dirname "$0")/.."
export FIDU_DATA_DIR="${FIDU_TEST_DATA_DIR:-$(mktemp -d -t fidu-test-XXXX)}"
export FIDU_TESTING=1
echo "tests: database ${DATABASE_URL:-sqlite (in memory)}"
exec .venv/bin/python -m pytest -n "${FIDU_TEST_WORKERS:-2}" --dist loadfile -p no:cacheprovider -q "$@"
