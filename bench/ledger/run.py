"""Benchmark: trial balance and per-account history at 100,000 entries in one dossier.

    .venv/bin/python bench/ledger/run.py                 # SQLite (temp file)
    .venv/bin/python bench/ledger/run.py --postgres      # postgres://postgres@127.0.0.1:5432/fidu_ledger_bench
    .venv/bin/python bench/ledger/run.py --entries 20000 # smaller

Builds its own database (never the dev one), posts the entries through the posting
service in batches, then times each query N times and prints p50/p95 in ms.
Target (issue 5): p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/fidu_ledger_bench")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="fidu-ledger-bench-"))
    os.environ["FIDU_DATA_DIR"] = str(tmp)
    os.environ["FIDU_BLOB_DIR"] = str(tmp / "blobs")
    if args.postgres:
        import psycopg

        admin_url = args.pg_url.rsplit("/", 1)[0] + "/postgres"
        name = args.pg_url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.pg_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fidu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    try:
        run(args, connection.vendor)
    finally:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, vendor: str) -> None:
    from ledger import selectors as sel
    from ledger.models import Account, Counterparty
    from ledger.services.periods import fiscal_year_create
    from ledger.services.posting import EntrySpec, LineSpec, entries_post_many
    from ledger.services.setup import books_activate
    from tenancy.models import Dossier, Office

    office = Office.objects.create(name="Bench")
    dossier = Dossier.objects.create(office=office, name="Bench SRL")
    books_activate(actor=None, dossier=dossier, year=2024)
    for y in (2025, 2026):
        fiscal_year_create(actor=None, dossier=dossier, year=y, audit=False)
    customers = Counterparty.objects.bulk_create(
        [
            Counterparty(dossier=dossier, kind="customer", reference=f"C{i}", name=f"Customer {i}")
            for i in range(200)
        ]
    )
    suppliers = Counterparty.objects.bulk_create(
        [
            Counterparty(dossier=dossier, kind="supplier", reference=f"S{i}", name=f"Supplier {i}")
            for i in range(200)
        ]
    )
    expense = ["604000", "610000", "612000", "613000", "615000", "616000", "619000"]
    rng = random.Random(5)
    start = date(2024, 1, 1)
    days = (date(2026, 12, 31) - start).days
    t0 = time.perf_counter()
    batch: list[EntrySpec] = []
    posted = 0
    for i in range(args.entries):
        d = start + timedelta(days=rng.randint(0, days))
        base = Decimal(rng.randint(1000, 500000)) / 100
        vat = (base * Decimal("0.21")).quantize(Decimal("0.01"))
        kind = i % 3
        if kind == 0:
            c = rng.choice(customers)
            spec = EntrySpec(
                "VEN",
                d,
                [
                    LineSpec("400000", debit=base + vat, counterparty=c),
                    LineSpec("700000", credit=base, vat_code="V21G"),
                    LineSpec("451000", credit=vat),
                ],
                counterparty=c,
            )
        elif kind == 1:
            s = rng.choice(suppliers)
            spec = EntrySpec(
                "ACH",
                d,
                [
                    LineSpec(rng.choice(expense), debit=base),
                    LineSpec("411000", debit=vat),
                    LineSpec("440000", credit=base + vat, counterparty=s),
                ],
                counterparty=s,
            )
        else:
            c = rng.choice(customers)
            spec = EntrySpec(
                "BQ1",
                d,
                [LineSpec("550000", debit=base), LineSpec("400000", credit=base, counterparty=c)],
                counterparty=c,
            )
        batch.append(spec)
        if len(batch) == 10_000:
            batch.sort(key=lambda s: s.date)
            posted += len(
                entries_post_many(actor=None, dossier=dossier, specs=batch, audit_each=False)
            )
            batch = []
    if batch:
        posted += len(entries_post_many(actor=None, dossier=dossier, specs=batch, audit_each=False))
    load_s = time.perf_counter() - t0
    if vendor == "postgresql":
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    acc400 = Account.objects.get(dossier=dossier, code="400000")
    acc612 = Account.objects.get(dossier=dossier, code="612000")
    first25, last25 = sel.period_range(dossier=dossier, year=2025)

    def timeit(fn):
        fn()  # warm
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]

    def history_deep():
        page = sel.account_history(
            dossier=dossier, account=acc400, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        )
        for _ in range(20):
            page = sel.account_history(
                dossier=dossier,
                account=acc400,
                date_from=date(2025, 1, 1),
                date_to=date(2025, 12, 31),
                cursor=page.next_cursor,
            )

    cases = {
        "trial balance, all periods": lambda: sel.trial_balance(dossier=dossier),
        "trial balance, fiscal year 2025": lambda: sel.trial_balance(
            dossier=dossier, period_from=first25, period_to=last25
        ),
        "history 400000 (busiest), 2025, page 1 (100 lines)": lambda: sel.account_history(
            dossier=dossier, account=acc400, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        ),
        "history 612000, 2025, page 1": lambda: sel.account_history(
            dossier=dossier, account=acc612, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        ),
        "open items of one customer": lambda: list(
            sel.open_items(dossier=dossier, counterparty=customers[0])
        ),
    }
    lines = sel.trial_balance_from_lines(dossier=dossier)
    from ledger.models import EntryLine

    n_lines = EntryLine.objects.filter(dossier=dossier).count()
    print(
        f"database: {vendor}; entries: {posted}; lines: {n_lines}; "
        f"load: {load_s:.1f} s ({posted / load_s:.0f} entries/s)"
    )
    tb = sel.trial_balance(dossier=dossier)
    assert tb.total_debit == tb.total_credit
    assert {r.account_id: (r.debit, r.credit) for r in tb.rows} == lines
    print(f"{'query':<55} {'p50 ms':>8} {'p95 ms':>8}")
    for name, fn in cases.items():
        p50, p95 = timeit(fn)
        print(f"{name:<55} {p50:>8.1f} {p95:>8.1f}")
    p50, p95 = timeit(history_deep)
    print(f"{'history 400000, pages 1-21 (each page)':<55} {p50 / 21:>8.1f} {p95 / 21:>8.1f}")


if __name__ == "__main__":
    main()
