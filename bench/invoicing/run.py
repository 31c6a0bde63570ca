"""Benchmark: from "send" to the entry in the sales journal (issue 18: p95 <= 2 s).

    .venv/bin/python bench/invoicing/run.py [--invoices 200] [--background 20000]

Builds its own SQLite database (never the dev one), activates the books, posts
`--background` sales entries first so the journal is not empty, then for each invoice
times `invoice_send` as the send button calls it (issue: number, structured
communication, UBL not yet, entry posted through the connector, delivery queued) up to
the moment the entry can be read back from the sales journal. The delivery itself (the
access point or SMTP) runs after, in the task, and is not part of the figure; the UBL
is written and timed apart.
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

TARGET_P95_S = 2.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=200)
    parser.add_argument("--background", type=int, default=20_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fidu-invoicing-bench-"))
    os.environ["FIDU_DATA_DIR"] = str(tmp)
    os.environ["FIDU_BLOB_DIR"] = str(tmp / "blobs")
    os.environ["FIDU_TASK_BACKEND"] = "db"  # the delivery waits in the queue, as in production
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fidu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    try:
        run(args)
    finally:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


def run(args) -> None:
    from invoicing import delivery, services, ubl
    from invoicing.services import LineData
    from ledger.models import Entry, EntryLine
    from ledger.services.periods import fiscal_year_create
    from ledger.services.posting import EntrySpec, LineSpec, entries_post_many
    from ledger.services.setup import books_activate
    from tenancy.models import Dossier, Office

    office = Office.objects.create(name="Bench")
    dossier = Dossier.objects.create(
        office=office, name="Bench SRL", vat_number="BE0411905847", enterprise_number="0411905847"
    )
    books_activate(actor=None, dossier=dossier, year=2025)
    fiscal_year_create(actor=None, dossier=dossier, year=2026, audit=False)
    rng = random.Random(18)
    specs = []
    for _i in range(args.background):
        base = Decimal(rng.randint(1000, 500000)) / 100
        vat = (base * Decimal("0.21")).quantize(Decimal("0.01"))
        specs.append(
            EntrySpec(
                "VEN",
                date(2025, 1, 1) + timedelta(days=rng.randint(0, 700)),
                [
                    LineSpec("400000", debit=base + vat),
                    LineSpec("700000", credit=base, vat_code="V21G"),
                    LineSpec("451000", credit=vat),
                ],
            )
        )
        if len(specs) == 2000:
            entries_post_many(actor=None, dossier=dossier, specs=specs)
            specs = []
    if specs:
        entries_post_many(actor=None, dossier=dossier, specs=specs)
    services.settings_save(
        actor=None, dossier=dossier, values={"city": "Namur", "iban": "BE68539007547034"}
    )
    customers = [
        services.customer_save(
            actor=None,
            dossier=dossier,
            values={"name": f"Customer {i}", "email": f"c{i}@example.org", "vat_number": vat},
        )
        for i, vat in enumerate(["BE0403170701", "NL004495445B01", "", "FR40303265045"])
    ]
    cases = ["S21", "S12", "S6", "Z", "E"]
    times, ubl_times = [], []
    for n in range(args.invoices):
        lines = [
            LineData(
                f"Line {k}",
                Decimal(rng.randint(1, 20)),
                Decimal(rng.randint(100, 99999)) / 100,
                rng.choice(cases),
                rng.choice([None, Decimal("5")]),
            )
            for k in range(rng.randint(1, 10))
        ]
        draft = services.invoice_save(
            actor=None,
            dossier=dossier,
            customer=customers[n % 4],
            issue_date=date(2026, 1, 1) + timedelta(days=n % 300),
            lines=lines,
        )
        t0 = time.perf_counter()
        delivery.invoice_send(actor=None, invoice_id=draft.pk)
        draft.refresh_from_db()
        assert draft.entry_id is not None
        entry = Entry.objects.get(pk=draft.entry_id)
        assert entry.journal.code == "VEN"
        assert EntryLine.objects.filter(entry=entry, is_open_item=True).exists()
        times.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        ubl.write(draft)
        ubl_times.append(time.perf_counter() - t1)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"invoices sent: {len(times)} (sales journal already holding {args.background} entries)")
    print(
        f"send -> entry in the sales journal: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )
    print(f"UBL written: p95 {sorted(ubl_times)[int(0.95 * (len(ubl_times) - 1))] * 1000:.1f} ms")
    print(f"target p95 <= {TARGET_P95_S:.1f} s: {'OK' if p95 <= TARGET_P95_S else 'MISSED'}")


if __name__ == "__main__":
    main()
