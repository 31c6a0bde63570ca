"""Generator of the scaled demo for bench/feedback/run.py (PostgreSQL): 1,000 dossiers and
1 M booked documents in minutes.

Each dossier's books are opened by the ledger's own services (chart, journals, VAT codes,
2025 and 2026 with their periods: the master data is the real one). The volume is written in
SQL: one template row of each table (a document, a posted sale, its payment and match, its
archive row, made by the services in the first dossier) copied by INSERT ... SELECT over
generate_series, with explicit ids so that every row derives from its document's id:

- document d (ids 1..N): a sale when d is odd (customer C<d % 20>, account 400000/700000),
  a purchase when even (supplier, 440000 against 604000/610000/612000), booked on
  2025-01-01 + (d * 7919 % 700) days, due 30 days later, amount 10.00-9,000.00;
- entry d books document d (2 lines: ids 2d and 2d+1; the customer/supplier line is the
  open item); the sales with d % 3 == 0 are paid 20 days later by a BQ1 entry
  (id P + d, lines 2(P + d) and 2(P + d) + 1) matched to the sale by reconciliation d;
- period balances are the sums of the lines per account and period;
- archive row d (ArchiveEntry, its ArchiveAmount and the PostgreSQL tsvector) holds the
  words the archive's normaliser would write: title, number, counterparty, a word among
  WORDS, "total", the amount as written on a Belgian invoice (1.234,56 -> 1 234 56).
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

WORDS = ["électricité", "loyer", "maintenance", "Wartung", "onderhoud", "carburant", "software"]
NAMES = ["Acme", "Delta", "Nova", "Orion"]
PAY_BASE = 10_000_000  # payment entries' ids start above the documents'


def belgian(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + cents


def doc_amount(d: int) -> Decimal:
    return Decimal(1000 + (d * 104729) % 899000) / 100


def doc_date(d: int) -> date:
    return date(2025, 1, 1) + timedelta(days=(d * 7919) % 700)


def _cols(model) -> list[str]:
    return [str(f.column) for f in model._meta.concrete_fields]


def _copy(cur, model, tpl_pk: int, source: str, overrides: dict[str, str], extra=None) -> int:
    """INSERT INTO model's table every row of `source` (a FROM clause naming `s`), each a
    copy of the template row `t` with `overrides` (SQL expressions over s and t)."""
    table = model._meta.db_table
    cols = _cols(model)
    exprs = [overrides.get(c, f"t.{c}") for c in cols]
    for c, e in (extra or {}).items():
        cols.append(c)
        exprs.append(e)
    cur.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
        f"FROM {table} AS t, {source} WHERE t.id = {tpl_pk}"
    )
    return cur.rowcount


def _step(label: str, t0: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - t0:.1f} s", flush=True)
    return now


def generate(*, n_dossiers: int, per_dossier: int):
    """Build the office, its dossiers and their books; return (office, admin, client user,
    the client's dossier, dossier ids)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from archive.models import ArchiveAmount, ArchiveEntry
    from archive.search.postgres import CONFIGS
    from archive.search.service import archive_index_document
    from core.storage import blob_put
    from documents.models import Document
    from documents.pdfgen import make_pdf
    from ledger.models import (
        Counterparty,
        Entry,
        EntryLine,
        Match,
        Reconciliation,
    )
    from ledger.services.matching import lines_match
    from ledger.services.periods import fiscal_year_create
    from ledger.services.posting import LineSpec, entry_post
    from ledger.services.setup import books_activate
    from tenancy.models import (
        ClientProfile,
        Dossier,
        DossierMembership,
        Office,
        OfficeMember,
        OfficeRole,
        User,
    )

    assert connection.vendor == "postgresql", "the SQL generator is for PostgreSQL"
    t0 = t_start = time.perf_counter()
    office = Office.objects.create(name="Bench office")
    admin = User.objects.create_user("bench@office.test", "bench-password-123")
    OfficeMember.objects.create(office=office, user=admin, role=OfficeRole.ADMIN)
    client = User.objects.create_user("client@bench.test", "bench-password-123")
    blob = blob_put(make_pdf(["bench"]), content_type="application/pdf")
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            office=office,
            name=f"Bench {i:04d} SRL",
            updated_until=date(2026, 11, 30),
            intake_key=f"b{i:09d}",
        )
        for i in range(n_dossiers)
    )
    ids = sorted(d.pk for d in dossiers)
    first = ids[0]
    assert ids[-1] - first + 1 == len(ids), "dossier ids must be contiguous"
    DossierMembership.objects.create(
        dossier=dossiers[0], user=client, profile=ClientProfile.ADMINISTRATOR
    )
    for i, dossier in enumerate(dossiers):
        with transaction.atomic():
            books_activate(actor=None, dossier=dossier, year=2025)
            fiscal_year_create(actor=None, dossier=dossier, year=2026, audit=False)
            Counterparty.objects.bulk_create(
                Counterparty(
                    dossier=dossier,
                    kind="customer" if k % 2 else "supplier",
                    reference=f"C{k}",
                    name=f"{NAMES[k % 4]} {k} SA",
                )
                for k in range(20)
            )
        if (i + 1) % 100 == 0:
            print(f"  books opened: {i + 1}/{n_dossiers}", flush=True)
    t0 = _step(f"{n_dossiers} dossiers' books (ledger services)", t0)

    # Templates, made by the services in the first dossier.
    d0 = dossiers[0]
    cps = {c.reference: c for c in Counterparty.objects.filter(dossier=d0)}
    now = timezone.now()
    tdoc = Document.objects.create(
        dossier=d0,
        mailbox="sales",
        doc_type="sales_invoice",
        file_name="template.pdf",
        title="Template",
        original=blob,
        visual=blob,
        page_count=1,
        source="upload",
        state="booked",
        booked_at=now,
    )
    sale = entry_post(
        actor=None,
        dossier=d0,
        journal="VEN",
        date=date(2025, 1, 2),
        lines=[
            LineSpec("400000", debit=Decimal("10.00"), counterparty=cps["C1"]),
            LineSpec("700000", credit=Decimal("10.00")),
        ],
        counterparty=cps["C1"],
        document_id=tdoc.pk,
    )
    pay = entry_post(
        actor=None,
        dossier=d0,
        journal="BQ1",
        date=date(2025, 1, 3),
        lines=[
            LineSpec("550000", debit=Decimal("10.00")),
            LineSpec("400000", credit=Decimal("10.00"), counterparty=cps["C1"]),
        ],
        counterparty=cps["C1"],
    )
    open_lines = list(EntryLine.objects.filter(entry__in=[sale, pay], is_open_item=True))
    rec = lines_match(actor=None, dossier=d0, lines=open_lines, date=date(2025, 1, 3))
    tarch = archive_index_document(tdoc.pk)
    assert tarch is not None
    tpl = {
        "doc": tdoc.pk,
        "entry": sale.pk,
        "line": EntryLine.objects.filter(entry=sale).order_by("id").first().pk,  # type: ignore[union-attr]
        "rec": rec.pk,
        "match": Match.objects.filter(reconciliation=rec).first().pk,  # type: ignore[union-attr]
        "arch": tarch.pk,
        "amount": ArchiveAmount.objects.filter(entry=tarch).first().pk,  # type: ignore[union-attr]
    }
    n = n_dossiers * per_dossier
    base = 1_000  # above the templates' ids
    dossier_of = f"({first} + (s.x - 1) / {per_dossier})"
    day = "(DATE '2025-01-01' + ((s.d * 7919) % 700)::int)"
    amount = "((1000 + (s.d * 104729) % 899000) / 100.0)::numeric(14, 2)"
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        # The rows are consistent by construction: no per-row foreign-key triggers (the
        # database is the bench's own; the ids are checked by the pages that read them).
        cur.execute("SET session_replication_role = replica")
        docs = f"(SELECT x, {base} + x AS d FROM generate_series(1, {n}) AS g(x)) AS s"
        _copy(
            cur,
            Document,
            tpl["doc"],
            docs,
            {
                "id": "s.d",
                "dossier_id": dossier_of,
                "mailbox": "CASE WHEN s.d % 2 = 1 THEN 'sales' ELSE 'purchases' END",
                "doc_type": "CASE WHEN s.d % 2 = 1 THEN 'sales_invoice' "
                "ELSE 'purchase_invoice' END",
                "file_name": "'inv-' || s.d || '.pdf'",
                "title": "'Invoice ' || s.d",
                "office_number": "lpad(s.d::text, 8, '0')",
                "journal_code": "CASE WHEN s.d % 2 = 1 THEN 'VEN' ELSE 'ACH' END",
            },
        )
        t0 = _step(f"{n} documents", t0)
        # The entry of each document, with what its lines and archive row need.
        cur.execute(
            f"""CREATE UNLOGGED TABLE bench_doc AS
            SELECT d.id AS d, d.dossier_id, {day.replace("s.d", "d.id")} AS day,
              {amount.replace("s.d", "d.id")} AS amount,
              j.id AS journal_id, cp.id AS cp_id, cp.name AS cp_name
            FROM documents_document d
            JOIN ledger_journal j ON j.dossier_id = d.dossier_id AND j.code = d.journal_code
            JOIN ledger_counterparty cp ON cp.dossier_id = d.dossier_id
              AND cp.reference = 'C' || (d.id % 20)
            WHERE d.id > {base}"""
        )
        cur.execute(
            """ALTER TABLE bench_doc ADD COLUMN period_id bigint, ADD COLUMN fy_id bigint,
            ADD COLUMN open_acct bigint, ADD COLUMN other_acct bigint"""
        )
        cur.execute(
            """UPDATE bench_doc b SET period_id = p.id, fy_id = p.fiscal_year_id
            FROM ledger_period p WHERE p.dossier_id = b.dossier_id
              AND b.day BETWEEN p.start AND p."end" """
        )
        cur.execute(
            """UPDATE bench_doc b SET open_acct = a.id FROM ledger_account a
            WHERE a.dossier_id = b.dossier_id
              AND a.code = CASE WHEN b.d % 2 = 1 THEN '400000' ELSE '440000' END"""
        )
        cur.execute(
            """UPDATE bench_doc b SET other_acct = a.id FROM ledger_account a
            WHERE a.dossier_id = b.dossier_id AND a.code = CASE WHEN b.d % 2 = 1 THEN '700000'
              ELSE (ARRAY['604000', '610000', '612000'])[(b.d / 2) % 3 + 1] END"""
        )
        cur.execute("ANALYZE bench_doc")
        t0 = _step("their bookings prepared", t0)
        _copy(
            cur,
            Entry,
            tpl["entry"],
            "bench_doc AS s",
            {
                "id": "s.d",
                "dossier_id": "s.dossier_id",
                "journal_id": "s.journal_id",
                "period_id": "s.period_id",
                "date": "s.day",
                "document_date": "s.day",
                "number": "lpad(s.d::text, 8, '0')",
                "counterparty_id": "s.cp_id",
                "document_id": "s.d",
            },
        )
        line = {
            "dossier_id": "s.dossier_id",
            "period_id": "s.period_id",
            "date": "s.day",
            "vat_code_id": "NULL",
        }
        # The open item (debit for a sale, credit for a purchase) and its counterpart.
        _copy(
            cur,
            EntryLine,
            tpl["line"],
            "bench_doc AS s",
            {
                **line,
                "id": "2 * s.d",
                "entry_id": "s.d",
                "account_id": "s.open_acct",
                "counterparty_id": "s.cp_id",
                "debit": "CASE WHEN s.d % 2 = 1 THEN s.amount ELSE 0 END",
                "credit": "CASE WHEN s.d % 2 = 1 THEN 0 ELSE s.amount END",
                "due_date": "s.day + 30",
                "is_open_item": "true",
            },
        )
        _copy(
            cur,
            EntryLine,
            tpl["line"],
            "bench_doc AS s",
            {
                **line,
                "id": "2 * s.d + 1",
                "entry_id": "s.d",
                "account_id": "s.other_acct",
                "counterparty_id": "NULL",
                "debit": "CASE WHEN s.d % 2 = 1 THEN 0 ELSE s.amount END",
                "credit": "CASE WHEN s.d % 2 = 1 THEN s.amount ELSE 0 END",
                "due_date": "NULL",
                "is_open_item": "false",
                "structured_ref": "''",
            },
        )
        t0 = _step("entries and lines", t0)
        # A third of the sales paid 20 days later, matched.
        cur.execute(
            f"""CREATE UNLOGGED TABLE bench_pay AS
            SELECT b.d, {PAY_BASE} + b.d AS p, b.dossier_id, b.day + 20 AS day, b.amount,
              b.cp_id, j.id AS journal_id, per.id AS period_id, bank.id AS bank_acct,
              b.open_acct
            FROM bench_doc b
            JOIN ledger_journal j ON j.dossier_id = b.dossier_id AND j.code = 'BQ1'
            JOIN ledger_period per ON per.dossier_id = b.dossier_id
              AND b.day + 20 BETWEEN per.start AND per."end"
            JOIN ledger_account bank ON bank.dossier_id = b.dossier_id AND bank.code = '550000'
            WHERE b.d % 2 = 1 AND b.d % 3 = 0"""
        )
        _copy(
            cur,
            Entry,
            tpl["entry"],
            "bench_pay AS s",
            {
                "id": "s.p",
                "dossier_id": "s.dossier_id",
                "journal_id": "s.journal_id",
                "period_id": "s.period_id",
                "date": "s.day",
                "document_date": "s.day",
                "number": "'P' || lpad(s.d::text, 8, '0')",
                "counterparty_id": "s.cp_id",
                "document_id": "NULL",
            },
        )
        pline = {
            "dossier_id": "s.dossier_id",
            "period_id": "s.period_id",
            "date": "s.day",
            "entry_id": "s.p",
            "vat_code_id": "NULL",
            "due_date": "NULL",
        }
        _copy(
            cur,
            EntryLine,
            tpl["line"],
            "bench_pay AS s",
            {
                **pline,
                "id": "2 * s.p",
                "account_id": "s.bank_acct",
                "counterparty_id": "NULL",
                "debit": "s.amount",
                "credit": "0",
                "is_open_item": "false",
            },
        )
        _copy(
            cur,
            EntryLine,
            tpl["line"],
            "bench_pay AS s",
            {
                **pline,
                "id": "2 * s.p + 1",
                "account_id": "s.open_acct",
                "counterparty_id": "s.cp_id",
                "debit": "0",
                "credit": "s.amount",
                "is_open_item": "true",
            },
        )
        _copy(
            cur,
            Reconciliation,
            tpl["rec"],
            "bench_pay AS s",
            {"id": "s.d", "dossier_id": "s.dossier_id", "date": "s.day"},
        )
        for k, line_id in enumerate(("2 * s.d", "2 * s.p + 1")):
            _copy(
                cur,
                Match,
                tpl["match"],
                "bench_pay AS s",
                {
                    "id": f"2 * s.d + {k}",
                    "reconciliation_id": "s.d",
                    "line_id": line_id,
                    "amount": "s.amount",
                },
            )
        t0 = _step("payments and matches", t0)
        cur.execute(
            f"""INSERT INTO ledger_periodbalance (dossier_id, account_id, period_id, debit, credit)
            SELECT dossier_id, account_id, period_id, SUM(debit), SUM(credit)
            FROM ledger_entryline WHERE entry_id > {base} GROUP BY 1, 2, 3
            ON CONFLICT (account_id, period_id) DO UPDATE
            SET debit = ledger_periodbalance.debit + EXCLUDED.debit,
              credit = ledger_periodbalance.credit + EXCLUDED.credit"""
        )
        t0 = _step("period balances", t0)
        # The archive's index rows, with the words and amounts its normaliser writes.
        euros = "(s.amount::bigint)"
        cents = "lpad(((s.amount * 100)::bigint % 100)::text, 2, '0')"
        belgian_words = (
            f"CASE WHEN {euros} >= 1000 THEN ({euros} / 1000)::text || ' ' || "
            f"lpad(({euros} % 1000)::text, 3, '0') ELSE {euros}::text END || ' ' || {cents}"
        )
        words = (
            "ARRAY['electricite', 'loyer', 'maintenance', 'wartung', 'onderhoud', "
            "'carburant', 'software']"
        )
        body = (
            "'invoice ' || s.d || ' ' || lpad(s.d::text, 8, '0') || ' ' || lower(s.cp_name) || "
            f"' ' || ({words})[s.d % 7 + 1] || ' total ' || {belgian_words} || ' eur'"
        )
        cur.execute(
            "CREATE UNLOGGED TABLE bench_arch AS SELECT s.*, "
            f"(s.amount * 100)::bigint AS cents, {body} AS body FROM bench_doc s"
        )
        vector = " || ".join(
            ["to_tsvector('simple', s.body)"] + [f"to_tsvector('{c}', s.body)" for c in CONFIGS]
        )
        t0 = _step("archive words", t0)
        _copy(
            cur,
            ArchiveEntry,
            tpl["arch"],
            "bench_arch AS s",
            {
                "id": "s.d",
                "dossier_id": "s.dossier_id",
                "document_id": "s.d",
                "entry_id": "s.d",
                "journal_code": "CASE WHEN s.d % 2 = 1 THEN 'VEN' ELSE 'ACH' END",
                "fiscal_year_id": "s.fy_id",
                "period_id": "s.period_id",
                "office_number": "lpad(s.d::text, 8, '0')",
                "counterparty_id": "s.cp_id",
                "counterparty_name": "s.cp_name",
                "amount": "s.amount",
                "date": "s.day",
                "body": "s.body",
            },
            extra={"search": vector},
        )
        _copy(
            cur,
            ArchiveAmount,
            tpl["amount"],
            "bench_arch AS s",
            {"id": "s.d", "entry_id": "s.d", "dossier_id": "s.dossier_id", "cents": "s.cents"},
        )
        t0 = _step("archive index (rows, amounts, tsvector)", t0)
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute("DROP TABLE bench_doc, bench_pay, bench_arch")
        for model in (
            Document,
            Entry,
            EntryLine,
            Reconciliation,
            Match,
            ArchiveEntry,
            ArchiveAmount,
        ):
            table = model._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        cur.execute("VACUUM ANALYZE")  # what autovacuum does to a live database
        t0 = _step("vacuum analyze", t0)
    print(f"generated in {time.perf_counter() - t_start:.0f} s", flush=True)
    return office, admin, client, dossiers[0], ids
