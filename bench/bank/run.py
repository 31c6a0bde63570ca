"""Benchmark: a CODA file of 10,000 movements parsed, stored and matched against 20,000 open
items of one dossier (issue 13: <= 5 s in all).

    .venv/bin/python bench/bank/run.py               # SQLite (temp file)
    .venv/bin/python bench/bank/run.py --postgres    # postgres://postgres@127.0.0.1:5432/fidu_bank_bench
    FIDU_BENCH_PG=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bank/run.py

Builds its own database (never the dev one; a PostgreSQL one is created and dropped), posts
the open items through the posting service (not timed), then times parse, store and match
apart. The movements mix the rules: structured communication, amount + IBAN, several
invoices, invoice number in the communication, name, and unknown (suspense).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_S = 5.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movements", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("FIDU_BENCH_PG")
        or "postgres://postgres@127.0.0.1:5432/fidu_bank_bench",
    )
    args = parser.parse_args()
    if os.environ.get("FIDU_BENCH_PG"):
        args.postgres = True

    tmp = Path(tempfile.mkdtemp(prefix="fidu-bank-bench-"))
    os.environ["FIDU_DATA_DIR"] = str(tmp)
    os.environ["FIDU_BLOB_DIR"] = str(tmp / "blobs")
    admin_url = name = ""
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
    ok = False
    try:
        ok = run(args, connection.vendor)
    finally:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)
        if args.postgres:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    sys.exit(0 if ok else 1)


def _iban(n: int) -> str:
    """A Belgian-looking account number, distinct per n (the matcher needs no valid checksum)."""
    return f"BE{10 + n % 89:02d}{n:012d}"


def run(args, vendor: str) -> bool:
    from django.db import transaction

    from bank.coda.reader import read
    from bank.models import MatchProposal
    from bank.services.imports import _store
    from bank.services.matching import proposals_make
    from bank.tests.coda import coda_file
    from core.storage import blob_put
    from ledger.models import Counterparty
    from ledger.services.posting import EntrySpec, LineSpec, entries_post_many, ogm_make
    from ledger.services.setup import books_activate
    from tenancy.models import Dossier, Office

    rnd = random.Random(13)
    office = Office.objects.create(name="Bench")
    dossier = Dossier.objects.create(office=office, name="Bench SRL")
    books_activate(actor=None, dossier=dossier, year=2026)
    n_cust, n_supp = 2_000, 1_000
    customers = Counterparty.objects.bulk_create(
        Counterparty(
            dossier=dossier,
            kind="customer",
            reference=f"C{i:05d}",
            name=f"Client {i} SA",
            iban=_iban(i),
        )
        for i in range(n_cust)
    )
    suppliers = Counterparty.objects.bulk_create(
        Counterparty(
            dossier=dossier,
            kind="supplier",
            reference=f"S{i:05d}",
            name=f"Fournisseur {i} SRL",
            iban=_iban(100_000 + i),
        )
        for i in range(n_supp)
    )
    # Open items: 70 % customer invoices with an OGM, 30 % supplier invoices without.
    items = []  # (kind, counterparty index, amount, ogm, number)
    specs = []
    day0 = date(2026, 1, 5)
    for i in range(args.items):
        amount = Decimal(rnd.randint(1_000, 500_000)) / 100
        day = day0 + timedelta(days=i % 60)
        if i % 10 < 7:
            cp, ogm, number = customers[i % n_cust], ogm_make(i + 1), f"V{i:06d}"
            lines = [
                LineSpec("400000", debit=amount, structured_ref=ogm),
                LineSpec("700000", credit=amount),
            ]
            journal = "VEN"
        else:
            cp, ogm, number = suppliers[i % n_supp], "", f"A{i:06d}"
            lines = [LineSpec("440000", credit=amount), LineSpec("604000", debit=amount)]
            journal = "ACH"
        items.append((cp, amount, ogm, number))
        specs.append(
            EntrySpec(journal=journal, date=day, lines=lines, counterparty=cp, number=number)
        )
    t = time.perf_counter()
    for start in range(0, len(specs), 5_000):
        entries_post_many(
            actor=None, dossier=dossier, specs=specs[start : start + 5_000], audit_each=False
        )
    print(f"setup: {args.items} open items posted in {time.perf_counter() - t:.1f} s (not timed)")

    # Movements: each rule in turn, on distinct open items.
    movements = []
    order = list(range(args.items))
    rnd.shuffle(order)
    picks = iter(order)
    for k in range(args.movements):
        kind = k % 10
        if kind == 9:  # unknown: bank fees, to suspense
            movements.append(
                (Decimal(f"-{rnd.randint(100, 999) / 100:.2f}"), "Banque", "", "frais")
            )
            continue
        cp, amount, ogm, number = items[next(picks)]
        sign = 1 if cp.kind == "customer" else -1
        value = amount * sign
        if ogm and kind < 5:
            movements.append((value, cp.name, "", ogm))
        elif kind < 7:
            movements.append((value, cp.name, cp.iban, "paiement"))
        elif kind < 8:
            movements.append((value, "Autre payeur", "", f"facture {number}"))
        else:
            movements.append((value, cp.name.upper(), "", "merci"))
    half = len(movements) // 2
    first = coda_file(
        account="BE68539007547034",
        sequence=1,
        opening=Decimal("0"),
        day=date(2026, 3, 2),
        movements=movements[:half],
    )
    closing = sum((m[0] for m in movements[:half]), Decimal("0"))
    second = coda_file(
        account="BE68539007547034",
        sequence=2,
        opening=closing,
        day=date(2026, 3, 3),
        movements=movements[half:],
    )
    data = first + second

    t0 = time.perf_counter()
    parsed = read(data)
    t1 = time.perf_counter()
    with transaction.atomic():
        blob = blob_put(data, content_type="text/plain")
        for statement in parsed:
            _store(dossier, statement, blob, "bench.cod", None)
    t2 = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        prof = cProfile.Profile()
        made = prof.runcall(proposals_make, dossier=dossier)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    else:
        made = proposals_make(dossier=dossier)
    t3 = time.perf_counter()
    rules = Counter(MatchProposal.objects.filter(dossier=dossier).values_list("rule", flat=True))
    total = t3 - t0
    print(f"database: {vendor}; {len(movements)} movements, {args.items} open items")
    print(f"parse: {t1 - t0:.2f} s")
    print(f"store: {t2 - t1:.2f} s")
    print(f"match: {t3 - t2:.2f} s ({made} proposals: {dict(sorted(rules.items()))})")
    print(
        f"total: {total:.2f} s (target <= {TARGET_S:.0f} s) {'OK' if total <= TARGET_S else 'TOO SLOW'}"
    )
    return total <= TARGET_S


if __name__ == "__main__":
    main()
