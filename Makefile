# Fidu: `make run` starts everything with demo data; `make test` runs every test.
SHELL := /bin/bash
PY := .venv/bin/python
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export FIDU_DATA_DIR ?= $(CURDIR)/data

.PHONY: setup system-packages venv frontend translations run test test-fast lint typecheck typecheck-update verify bench demo migrate

setup: system-packages venv frontend translations ## Install everything Fidu needs on this machine

system-packages:
	@bash scripts/install-system-packages.sh

venv: .venv/.synced
.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet --break-system-packages uv
	@PATH="$$HOME/.local/bin:$$PATH" uv sync --frozen --python python3
	@touch $@

frontend: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

translations: venv
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: setup
	@$(PY) manage.py migrate --noinput -v0

demo: migrate
	@$(PY) manage.py load_demo

run: demo ## Serve Fidu with demo data at http://127.0.0.1:$(PORT) (PORT=... to change)
	@$(PY) manage.py collectstatic --noinput -v0
	@PORT=$(PORT) bash scripts/run.sh

test: setup ## Every test (SQLite, or the database in DATABASE_URL)
	@bash scripts/test.sh

test-fast: venv
	@$(PY) -m pytest -q -m "not browser and not slow and not live" -n 2

lint: venv
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .

typecheck: venv ## mypy over the whole project; fails on any error not in mypy-baseline.txt
	@$(PY) scripts/typecheck.py

typecheck-update: venv ## Drop fixed errors from mypy-baseline.txt (it never grows)
	@$(PY) scripts/typecheck.py --update

verify: venv ## The hostile corpus through upload, API, SMTP and the folder (bench/trust; long)
	@$(PY) bench/trust/run.py

bench: setup ## Every benchmark; figures are printed (and bench/booking/RESULTS.md written)
	@for b in bench/*/run.py; do echo "== $$b"; $(PY) $$b || exit 1; done
	@for b in bench/recognition/generated.py bench/recognition/vendors.py bench/intake/api_throughput.py bench/intake/big_pdf.py bench/intake/smtp_load.py bench/intake/kill_worker.py; do echo "== $$b"; $(PY) $$b || exit 1; done
	@echo "== bench/booking"; $(PY) -m pytest -q -p no:cacheprovider -s -m slow bench/booking
