"""Benchmark: the client's dashboard, aged balances and archive search at scale (issue 14).

    .venv/bin/python bench/feedback/run.py                          # SQLite, 5 dossiers x 200 documents
    .venv/bin/python bench/feedback/run.py --dossiers 50 --documents 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fidu_feedback_bench \
        .venv/bin/python bench/feedback/run.py --dossiers 1000 --documents 1000   # 1 M documents
    ... run.py --reuse ...     # keep the database; the next --reuse run measures it again

Builds its own database (a temporary SQLite file, or the PostgreSQL database named in
DATABASE_URL when it ends in "_bench", else "<that name>_feedback_bench" on the same
server; it is dropped and made again unless --reuse finds it built). Each dossier gets
books for 2025-2026 (one sale or purchase per document, a third of the sales paid and
matched) and as many booked documents with their archive index rows: on PostgreSQL written
in SQL by bench/feedback/generate.py (1 M documents in minutes), on SQLite posted through
the ledger's bulk service (small sizes only). Then each page is fetched through Django's
test client `--runs` times, by a client user of one dossier and by the office
administrator over random dossiers, and p50/p95 and the queries per page printed with the
load average. Target: p95 <= 150 ms.
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
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database between runs; reuse it if built"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="fidu-feedback-bench-"))
    os.environ["FIDU_DATA_DIR"] = str(tmp)
    # A reused database keeps its files: the blobs live beside it, not in the run's tmp.
    blobs = Path(tempfile.gettempdir()) / "fidu-feedback-bench-blobs" if args.reuse else tmp
    os.environ["FIDU_BLOB_DIR"] = str(blobs / "blobs")
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
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not args.reuse:
                conn.execute(f'DROP DATABASE "{name}"')
            if not exists or not args.reuse:
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


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def build(args, vendor: str):
    """The office, its dossiers and books: (admin, client user, client's dossier, dossier
    ids, amounts of the client's dossier's documents)."""
    from django.db import connection, transaction

    from archive.models import ArchiveEntry
    from core.storage import blob_put
    from documents.pdfgen import make_pdf
    from tenancy.models import (
        ClientProfile,
        Dossier,
        DossierMembership,
        Office,
        OfficeMember,
        OfficeRole,
        User,
    )

    built = ArchiveEntry.objects.filter(pk__gt=1000).exists()  # generate.py's last rows
    if args.reuse and built:
        admin = User.objects.get(email="bench@office.test")
        client = User.objects.get(email="client@bench.test")
        own = Dossier.objects.get(memberships__user=client)
        ids = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
        print(f"reusing the database: {len(ids)} dossiers")
    elif vendor == "postgresql":
        from bench.feedback.generate import generate

        _office, admin, client, own, ids = generate(
            n_dossiers=args.dossiers, per_dossier=args.documents
        )
    else:
        rng = random.Random(14)
        office = Office.objects.create(name="Bench office")
        admin = User.objects.create_user("bench@office.test", "bench-password-123")
        OfficeMember.objects.create(office=office, user=admin, role=OfficeRole.ADMIN)
        client = User.objects.create_user("client@bench.test", "bench-password-123")
        blob = blob_put(make_pdf(["bench"]), content_type="application/pdf")
        t0 = time.perf_counter()
        ids = []
        for i in range(args.dossiers):
            with transaction.atomic():
                d, _amounts = seed_dossier(office, i, args.documents, blob, rng)
            ids.append(d.pk)
        own = Dossier.objects.get(pk=ids[0])
        DossierMembership.objects.create(
            dossier=own, user=client, profile=ClientProfile.ADMINISTRATOR
        )
        print(f"generated in {time.perf_counter() - t0:.0f} s (ledger services)")
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    amounts = [
        a
        for a in ArchiveEntry.objects.filter(dossier=own).values_list("amount", flat=True)[:500]
        if a is not None
    ]
    return admin, client, own, ids, amounts


def run(args, vendor: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from archive.models import ArchiveEntry
    from documents.models import Document

    admin, client_user, own, ids, amounts = build(args, vendor)
    n_docs = Document.objects.filter(state="booked").count()
    n_arch = ArchiveEntry.objects.count()
    rng = random.Random(14)

    def timeit(client, make_url):
        url = make_url()
        r = client.get(url)  # warm (the first request of a client may reconnect)
        assert r.status_code == 200, (url, r.status_code)
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):  # counts across reconnects, logging or not
            client.get(url)
        samples = []
        for _ in range(args.runs):
            url = make_url()
            t = time.perf_counter()
            r = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        samples.sort()
        return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], len(queries)

    def cases(pick):
        def amount_query():
            return reverse("archive", args=[pick()]) + "?q=" + _belgian(rng.choice(amounts))

        return {
            "dashboard": lambda: reverse("feedback_dashboard", args=[pick()]),
            "aged balances (customers)": lambda: reverse("feedback_aged", args=[pick()]),
            "aged balances (suppliers)": lambda: (
                reverse("feedback_aged", args=[pick()]) + "?side=suppliers"
            ),
            "archive, no filter": lambda: reverse("archive", args=[pick()]),
            "archive search, word": lambda: (
                reverse("archive", args=[pick()]) + "?q=" + rng.choice(WORDS)
            ),
            "archive search, amount 1.234,56": amount_query,
            "archive search, word + amount range": lambda: (
                reverse("archive", args=[pick()]) + "?q=loyer&amount_min=100&amount_max=2000"
            ),
            "archive API, counterparty + dates": lambda: (
                f"/api/dossiers/{pick()}/archive"
                "?counterparty=acme&date_from=2025-03-01&date_to=2025-09-30"
            ),
        }

    print(
        f"database: {vendor}; dossiers: {len(ids)}; booked documents: {n_docs}; "
        f"archive rows: {n_arch}; load average: {_load()}"
    )
    who = [
        (
            "client user of one dossier (figures cached after the first view)",
            client_user,
            lambda: own.pk,
        ),
        (
            "office admin, a random dossier each time (mostly not cached)",
            admin,
            lambda: rng.choice(ids),
        ),
    ]
    for label, user, pick in who:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        print(f"\n{label}")
        print(f"{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, make in cases(pick).items():
            p50, p95, n_queries = timeit(client, make)
            flag = "" if p95 <= 150 else "  (over 150 ms)"
            print(f"{name:45} {p50:8.1f} {p95:8.1f} {n_queries:8d}{flag}", flush=True)
        print(f"load average: {_load()}")


if __name__ == "__main__":
    main()
