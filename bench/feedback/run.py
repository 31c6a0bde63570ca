"""Benchmark: the client's dashboard, aged balances and archive search at scale (issue 14).

    .venv/bin/python bench/feedback/run.py                          # SQLite, 5 dossiers x 200 documents
    .venv/bin/python bench/feedback/run.py --dossiers 50 --documents 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fidu_feedback_bench \
        .venv/bin/python bench/feedback/run.py --dossiers 1000 --documents 1000   # 1 M documents

Builds its own database (a temporary SQLite file, or the PostgreSQL database named in
DATABASE_URL when it ends in "_bench", else "<that name>_feedback_bench" on the same
server; it is dropped and made again). Each
dossier gets books for 2025-2026 posted through the ledger's bulk posting service (one
sale or purchase per document, a third of the sales paid and matched) and as many booked
documents, indexed by the archive's search service. Then each page is fetched through
Django's test client by the office administrator, `--runs` times over random dossiers,
and p50/p95 printed in ms. Target: p95 <= 150 ms.
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

WORDS = ["électricité", "loyer", "maintenance", "Wartung", "onderhoud", "carburant", "software"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=5)
    parser.add_argument("--documents", type=int, default=200, help="booked documents per dossier")
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="fidu-feedback-bench-"))
    os.environ["FIDU_DATA_DIR"] = str(tmp)
    os.environ["FIDU_BLOB_DIR"] = str(tmp / "blobs")
    os.environ["FIDU_TASK_BACKEND"] = "immediate"
    os.environ["FIDU_TESTING"] = "1"  # plain static files: no collectstatic manifest needed
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        if not name.endswith("_bench"):
            # Never the database DATABASE_URL names: a sibling on the same server.
            name = f"{name}_feedback_bench"
            url = f"{base}/{name}"
            os.environ["DATABASE_URL"] = url
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fidu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    try:
        run(args, connection.vendor)
    finally:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _belgian(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + cents


def seed_dossier(office, i: int, n_docs: int, blob, rng: random.Random):
    from django.utils import timezone

    from archive.models import ArchiveAmount, ArchiveEntry
    from archive.search import normalise
    from archive.search.backends import backend
    from documents.models import Document
    from ledger.models import Counterparty, Entry, EntryLine
    from ledger.services.matching import lines_match
    from ledger.services.periods import fiscal_year_create
    from ledger.services.posting import EntrySpec, LineSpec, entries_post_many
    from ledger.services.setup import books_activate
    from tenancy.models import Dossier

    dossier = Dossier.objects.create(office=office, name=f"Bench {i:04d} SRL")
    books_activate(actor=None, dossier=dossier, year=2025)
    fiscal_year_create(actor=None, dossier=dossier, year=2026, audit=False)
    cps = Counterparty.objects.bulk_create(
        [
            Counterparty(
                dossier=dossier,
                kind="customer" if k % 2 else "supplier",
                reference=f"C{k}",
                name=f"{rng.choice(['Acme', 'Delta', 'Nova', 'Orion'])} {k} SA",
            )
            for k in range(20)
        ]
    )
    now = timezone.now()
    docs = Document.objects.bulk_create(
        [
            Document(
                dossier=dossier,
                mailbox="sales",
                doc_type="sales_invoice",
                file_name=f"inv-{k}.pdf",
                title=f"Invoice {k}",
                original=blob,
                visual=blob,
                page_count=1,
                source="upload",
                state="booked",
                booked_at=now,
            )
            for k in range(n_docs)
        ]
    )
    specs = []
    for k, doc in enumerate(docs):
        cp = cps[k % len(cps)]
        d = date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))
        total = Decimal(rng.randint(1000, 900000)) / 100
        if cp.kind == "customer":
            lines = [
                LineSpec("400000", debit=total, counterparty=cp, due_date=d + timedelta(days=30)),
                LineSpec("700000", credit=total),
            ]
            journal = "VEN"
        else:
            lines = [
                LineSpec("440000", credit=total, counterparty=cp, due_date=d + timedelta(days=30)),
                LineSpec(rng.choice(["604000", "610000", "612000"]), debit=total),
            ]
            journal = "ACH"
        specs.append(EntrySpec(journal, d, lines, counterparty=cp, document_id=doc.pk))
    specs.sort(key=lambda s: s.date)
    entries_post_many(actor=None, dossier=dossier, specs=specs, audit_each=False)
    # A third of the sales paid, each by its own bank entry matched to it.
    sales = list(
        EntryLine.objects.filter(
            dossier=dossier, is_open_item=True, account__code="400000"
        ).select_related("counterparty")[: n_docs // 6]
    )
    pays = entries_post_many(
        actor=None,
        dossier=dossier,
        specs=[
            EntrySpec(
                "BQ1",
                s.date + timedelta(days=20),
                [
                    LineSpec("550000", debit=s.debit),
                    LineSpec("400000", credit=s.debit, counterparty=s.counterparty),
                ],
                counterparty=s.counterparty,
            )
            for s in sorted(sales, key=lambda s: s.date)
        ],
        audit_each=False,
    )
    pay_lines = {
        ln.credit: ln
        for ln in EntryLine.objects.filter(entry_id__in=[p.pk for p in pays], is_open_item=True)
    }
    for s in sales:
        p = pay_lines.get(s.debit)
        if p is not None:
            lines_match(actor=None, dossier=dossier, lines=[s, p], date=p.date)
    # The archive index, written in bulk (the per-document service does the same per row).
    entries = {
        e.document_id: e
        for e in Entry.objects.filter(dossier=dossier, document_id__isnull=False).select_related(
            "journal", "period", "counterparty"
        )
    }
    rows = []
    for k, doc in enumerate(docs):
        e = entries[doc.pk]
        party = e.counterparty
        assert party is not None
        amount = sum(ln.debit for ln in e.lines.all() if ln.is_open_item) or sum(
            ln.credit for ln in e.lines.all() if ln.is_open_item
        )
        text = f"{party.name} {WORDS[k % len(WORDS)]} Total {_belgian(amount)} EUR"
        rows.append(
            ArchiveEntry(
                dossier=dossier,
                document=doc,
                entry=e,
                journal_code=e.journal.code,
                fiscal_year_id=e.period.fiscal_year_id,
                period=e.period,
                office_number=e.number,
                counterparty=e.counterparty,
                counterparty_name=party.name,
                amount=amount,
                date=e.date,
                body=normalise.body(doc.title, e.number, text),
            )
        )
    rows = ArchiveEntry.objects.bulk_create(rows)
    ArchiveAmount.objects.bulk_create(
        [ArchiveAmount(entry=r, dossier=dossier, cents=normalise.cents(r.amount)) for r in rows]
    )
    backend().store([(r.pk, r.body) for r in rows])
    return dossier, [r.amount for r in rows]


def run(args, vendor: str) -> None:
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from core.storage import blob_put
    from documents.pdfgen import make_pdf
    from tenancy.models import Office, OfficeMember, OfficeRole, User

    rng = random.Random(14)
    office = Office.objects.create(name="Bench office")
    admin = User.objects.create_user("bench@office.test", "bench-password-123")
    OfficeMember.objects.create(office=office, user=admin, role=OfficeRole.ADMIN)
    blob = blob_put(make_pdf(["bench"]), content_type="application/pdf")
    t0 = time.perf_counter()
    dossiers = []
    for i in range(args.dossiers):
        with transaction.atomic():
            dossiers.append(seed_dossier(office, i, args.documents, blob, rng))
        if (i + 1) % 10 == 0:
            print(f"  {i + 1}/{args.dossiers} dossiers", flush=True)
    load_s = time.perf_counter() - t0
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")

    from django.test.utils import CaptureQueriesContext

    def timeit(make_url):
        with CaptureQueriesContext(connection) as queries:
            client.get(make_url())  # warm
        timeit.queries = len(queries)  # type: ignore[attr-defined]
        samples = []
        for _ in range(args.runs):
            url = make_url()
            t = time.perf_counter()
            r = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        samples.sort()
        return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]

    def pick():
        return rng.choice(dossiers)

    def amount_query():
        d, amounts = pick()
        return reverse("archive", args=[d.pk]) + "?q=" + _belgian(rng.choice(amounts))

    cases = {
        "dashboard": lambda: reverse("feedback_dashboard", args=[pick()[0].pk]),
        "aged balances (customers)": lambda: reverse("feedback_aged", args=[pick()[0].pk]),
        "archive, no filter": lambda: reverse("archive", args=[pick()[0].pk]),
        "archive search, word": lambda: (
            reverse("archive", args=[pick()[0].pk]) + "?q=" + rng.choice(WORDS)
        ),
        "archive search, amount 1.234,56": amount_query,
        "archive API, counterparty + dates": lambda: (
            f"/api/dossiers/{pick()[0].pk}/archive"
            "?counterparty=acme&date_from=2025-03-01&date_to=2025-09-30"
        ),
    }
    n_docs = args.dossiers * args.documents
    print(
        f"database: {vendor}; dossiers: {args.dossiers}; booked documents: {n_docs}; "
        f"load: {load_s:.1f} s"
    )
    print(f"{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, make in cases.items():
        p50, p95 = timeit(make)
        flag = "" if p95 <= 150 else "  (over 150 ms)"
        print(f"{name:45} {p50:8.1f} {p95:8.1f} {timeit.queries:8d}{flag}")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
