"""The monitor's per-dossier counters (I1), kept exact by the database itself.

Counting the pending documents and open proposals of every dossier at each view of the
monitor reads all of them (300,000 rows in an office of a million documents: 400 ms on
PostgreSQL, see bench/office/run.py). Instead each dossier has one `DossierCounters` row
that triggers keep in the same transaction as the change, whoever makes it: every app's
services, bulk `QuerySet.update()`, the pipeline's workers, the admin, a migration. A
service-level hook would miss the writes of the apps below office (which may not import
it); the triggers cannot.

Each counted table has a vector of 0/1 expressions of one row (`TABLES`). A trigger adds
vector(new) - vector(old) to the row's dossier (both dossiers when a row moves), so the
counters equal a fresh count after every committed transaction:

- PostgreSQL: AFTER ROW triggers run plpgsql functions; the increments are single UPDATE
  (or INSERT ... ON CONFLICT) statements, which lock the dossier's counters row until
  commit, so concurrent transactions of several web and worker processes add up, never
  overwrite each other. The misc count depends on two tables (a sent misc document is
  pending until the office files it, C13): the filing's trigger reads its document FOR
  SHARE, so it waits for a concurrent change of the document and sees its result.
- SQLite: the same vectors as plain triggers (one writer at a time).

A deletion only decrements an existing row (never creates one), so deleting a dossier
(whose counters row may already be gone) works. `recount()` rebuilds rows from a fresh
count (`manage.py office_recount`, run nightly as a reconciliation that reports any
drift; a drift means a write bypassed the database, e.g. a restored dump without
triggers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

COUNTERS = ("unsent", "misc", "open", "checked", "open_sales", "to_release")
TABLE = "office_dossiercounters"

UNSENT = "('inbox', 'awaiting_approval', 'approved', 'rejected')"
CHECKED = "('checked', 'checked_suspense')"


def _flag(cond: str) -> str:
    return f"(CASE WHEN {cond} THEN 1 ELSE 0 END)"


@dataclass(frozen=True)
class Counted:
    table: str
    vector: dict[str, str]  # counter -> 0/1 SQL expression of the row `{r}` (OLD or NEW)
    lock: str = ""  # PostgreSQL: a statement run first, for the row `{r}`
    delta_only: bool = False  # changes others' counts; its rows are not counted themselves
    columns: tuple[str, ...] = ()  # what the vector reads: other updates skip the trigger


TABLES = [
    Counted(
        "documents_document",
        {
            "unsent": _flag(f"{{r}}.state IN {UNSENT}"),
            # A sent misc document is pending until the office processes it (C13).
            "misc": _flag(
                "{r}.state = 'sent' AND {r}.mailbox = 'misc' AND NOT EXISTS "
                "(SELECT 1 FROM office_miscfiling f WHERE f.document_id = {r}.id)"
            ),
        },
        columns=("state", "mailbox"),
    ),
    Counted(
        "office_miscfiling",
        {
            "misc": "(0 - "
            + _flag(
                "EXISTS (SELECT 1 FROM documents_document d WHERE d.id = {r}.document_id "
                "AND d.state = 'sent' AND d.mailbox = 'misc')"
            )
            + ")",
        },
        lock="PERFORM 1 FROM documents_document WHERE id = {r}.document_id FOR SHARE;",
        delta_only=True,
        columns=("document_id",),
    ),
    Counted(
        "booking_proposal",
        {
            "open": _flag("{r}.state = 'open'"),
            "checked": _flag(f"{{r}}.state = 'open' AND {{r}}.status IN {CHECKED}"),
            "open_sales": _flag("{r}.state = 'open' AND {r}.direction = 'sales'"),
        },
        columns=("state", "status", "direction"),
    ),
    Counted(
        "office_release",
        {"to_release": _flag("{r}.released_at IS NULL")},
        columns=("released_at",),
    ),
]


def _upsert(dossier: str, deltas: dict[str, str]) -> str:
    cols = ", ".join(deltas)
    vals = ", ".join(deltas.values())
    sets = ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in deltas)
    return (
        f"INSERT INTO {TABLE} (dossier_id, {cols}) VALUES ({dossier}, {vals}) "
        f"ON CONFLICT (dossier_id) DO UPDATE SET {sets};"
    )


def _decrement(dossier: str, deltas: dict[str, str]) -> str:
    sets = ", ".join(f"{c} = {c} - {e}" for c, e in deltas.items())
    return f"UPDATE {TABLE} SET {sets} WHERE dossier_id = {dossier};"


def _sqlite_ddl(t: Counted) -> list[str]:
    new = {c: e.format(r="NEW") for c, e in t.vector.items()}
    old = {c: e.format(r="OLD") for c, e in t.vector.items()}
    any_new = " OR ".join(f"{e} <> 0" for e in new.values())
    any_old = " OR ".join(f"{e} <> 0" for e in old.values())
    moved = " OR ".join(f"{new[c]} <> {old[c]}" for c in t.vector)
    name = f"office_cnt_{t.table}"
    return [
        f"CREATE TRIGGER {name}_ins AFTER INSERT ON {t.table} WHEN {any_new} "
        f"BEGIN {_upsert('NEW.dossier_id', new)} END",
        f"CREATE TRIGGER {name}_del AFTER DELETE ON {t.table} WHEN {any_old} "
        f"BEGIN {_decrement('OLD.dossier_id', old)} END",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {t.table} "
        f"WHEN OLD.dossier_id IS NOT NEW.dossier_id OR {moved} "
        f"BEGIN {_decrement('OLD.dossier_id', old)} {_upsert('NEW.dossier_id', new)} END",
    ]


def _pg_ddl(t: Counted) -> list[str]:
    cs = list(t.vector)
    declare = " ".join(f"o_{c} int := 0; n_{c} int := 0;" for c in cs)
    old_sel = ", ".join(t.vector[c].format(r="OLD") for c in cs)
    new_sel = ", ".join(t.vector[c].format(r="NEW") for c in cs)
    into_o = ", ".join(f"o_{c}" for c in cs)
    into_n = ", ".join(f"n_{c}" for c in cs)
    changed = " OR ".join(f"n_{c} <> o_{c}" for c in cs)
    any_o = " OR ".join(f"o_{c} <> 0" for c in cs)
    any_n = " OR ".join(f"n_{c} <> 0" for c in cs)
    diff = {c: f"(n_{c} - o_{c})" for c in cs}
    name = f"office_cnt_{t.table}"
    lock_old = t.lock.format(r="OLD") if t.lock else ""
    lock_new = t.lock.format(r="NEW") if t.lock else ""
    body = f"""
DECLARE {declare}
BEGIN
  IF TG_OP <> 'INSERT' THEN {lock_old} SELECT {old_sel} INTO {into_o}; END IF;
  IF TG_OP <> 'DELETE' THEN {lock_new} SELECT {new_sel} INTO {into_n}; END IF;
  IF TG_OP = 'UPDATE' AND OLD.dossier_id = NEW.dossier_id THEN
    IF {changed} THEN {_upsert("NEW.dossier_id", diff)} END IF;
  ELSE
    IF TG_OP <> 'INSERT' AND ({any_o}) THEN
      {_decrement("OLD.dossier_id", {c: f"o_{c}" for c in cs})}
    END IF;
    IF TG_OP <> 'DELETE' AND ({any_n}) THEN
      {_upsert("NEW.dossier_id", {c: f"n_{c}" for c in cs})}
    END IF;
  END IF;
  RETURN NULL;
END"""
    cols = ("dossier_id", *t.columns)
    moved = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in cols)
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$",
        f"CREATE TRIGGER {name} AFTER INSERT OR DELETE ON {t.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        # Updates of other columns (the pipeline's, the proposal's fields) skip it.
        f"CREATE TRIGGER {name}_upd AFTER UPDATE OF {', '.join(cols)} ON {t.table} "
        f"FOR EACH ROW WHEN ({moved}) EXECUTE FUNCTION {name}()",
    ]


def triggers_install(conn=connection) -> None:
    """Create the triggers (idempotent: drops them first). Run by migration 0005."""
    triggers_drop(conn)
    with conn.cursor() as cur:
        for t in TABLES:
            for sql in _pg_ddl(t) if conn.vendor == "postgresql" else _sqlite_ddl(t):
                cur.execute(sql)


def triggers_drop(conn=connection) -> None:
    with conn.cursor() as cur:
        for t in TABLES:
            name = f"office_cnt_{t.table}"
            if conn.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {t.table}")
                cur.execute(f"DROP TRIGGER IF EXISTS {name}_upd ON {t.table}")
                cur.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                for op in ("ins", "del", "upd"):
                    cur.execute(f"DROP TRIGGER IF EXISTS {name}_{op}")


def fill_sql() -> list[str]:
    """Raw SQL rebuilding every counters row from the tables (the migration, the bench):
    no model class, so it works at any migration state."""
    cols = ", ".join(COUNTERS)
    exprs = []
    for c in COUNTERS:
        parts = [
            f"(SELECT COALESCE(SUM({t.vector[c].format(r='x')}), 0) FROM {t.table} x "
            "WHERE x.dossier_id = d.id)"
            for t in TABLES
            if c in t.vector and not t.delta_only
        ]
        exprs.append(" + ".join(parts))
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (dossier_id, {cols}) SELECT d.id, {', '.join(exprs)} "
        "FROM tenancy_dossier d",
    ]


def triggers_missing(conn=connection) -> bool:
    """SQLite rebuilds a table to alter it, which drops its triggers (see apps.py)."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'office_cnt_%'"
        )
        return cur.fetchone()[0] < 3 * len(TABLES)


def fresh_counts(dossier_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    """Every counter counted from the rows themselves (what the triggers must equal)."""
    from booking.models import Proposal
    from booking.models import State as PState
    from booking.models import Status as PStatus
    from documents.models import DocState, Document, Mailbox
    from office.models import MiscFiling, Release

    def grouped(qs, **aggs) -> list[dict]:
        if dossier_ids is not None:
            qs = qs.filter(dossier_id__in=dossier_ids)
        return list(qs.order_by().values("dossier_id").annotate(**aggs))

    out: dict[int, dict[str, int]] = {}

    def put(rows: list[dict]) -> None:
        for r in rows:
            d = out.setdefault(r.pop("dossier_id"), dict.fromkeys(COUNTERS, 0))
            d.update(r)

    unsent = [DocState.INBOX, DocState.AWAITING_APPROVAL, DocState.APPROVED, DocState.REJECTED]
    filed = MiscFiling.objects.filter(document=OuterRef("pk"))
    misc = Q(state=DocState.SENT, mailbox=Mailbox.MISC) & ~Exists(filed)
    put(
        grouped(
            Document.objects.filter(Q(state__in=unsent) | misc),
            unsent=Count("pk", filter=Q(state__in=unsent)),
            misc=Count("pk", filter=cast(Q, misc)),
        )
    )
    checked = [PStatus.CHECKED, PStatus.CHECKED_SUSPENSE]
    put(
        grouped(
            Proposal.objects.filter(state=PState.OPEN),
            open=Count("pk"),
            checked=Count("pk", filter=Q(status__in=checked)),
            open_sales=Count("pk", filter=Q(direction="sales")),
        )
    )
    put(grouped(Release.objects.filter(released_at__isnull=True), to_release=Count("pk")))
    return out


def stored_counts(dossier_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    from office.models import DossierCounters

    qs = DossierCounters.objects.all()
    if dossier_ids is not None:
        qs = qs.filter(dossier_id__in=dossier_ids)
    return {r.pop("dossier_id"): r for r in qs.values("dossier_id", *COUNTERS)}


def recount(dossier_ids: list[int] | None = None) -> dict[int, dict[str, tuple[int, int]]]:
    """Rebuild the counters rows of these dossiers (all when None) from a fresh count.

    Returns the drift found: dossier -> counter -> (stored, counted). The rows are locked
    first (in dossier order) and counted after, so a concurrent change either commits
    before the count (and is counted) or waits for this transaction (and then adds its
    increment to the recounted value): the result is exact either way.
    """
    from office.models import DossierCounters
    from tenancy.models import Dossier

    with transaction.atomic():
        dossiers = Dossier.objects.order_by("pk")
        if dossier_ids is not None:
            dossiers = dossiers.filter(pk__in=dossier_ids)
        ids = list(dossiers.values_list("pk", flat=True))
        existing = set(
            DossierCounters.objects.filter(dossier_id__in=ids).values_list("pk", flat=True)
        )
        DossierCounters.objects.bulk_create(
            [DossierCounters(dossier_id=pk) for pk in ids if pk not in existing],
            ignore_conflicts=True,
        )
        list(DossierCounters.objects.filter(dossier_id__in=ids).order_by("pk").select_for_update())
        stored = stored_counts(ids)
        counted = fresh_counts(ids if dossier_ids is not None else None)
        zero = dict.fromkeys(COUNTERS, 0)
        drift: dict[int, dict[str, tuple[int, int]]] = {}
        for pk in ids:
            have, want = stored.get(pk, zero), counted.get(pk, zero)
            diff = {c: (have[c], want[c]) for c in COUNTERS if have[c] != want[c]}
            if diff:
                drift[pk] = diff
                DossierCounters.objects.filter(pk=pk).update(**want)
        if dossier_ids is None:  # rows of deleted dossiers (none when the FK cascades)
            DossierCounters.objects.exclude(dossier_id__in=ids).delete()
    return drift
