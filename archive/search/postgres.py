"""PostgreSQL full text: one tsvector per entry holding the words as they are ('simple')
and as the french, dutch, german and english stemmers reduce them; GIN-indexed, ranked."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from archive.search.normalise import prefix_ok

CONFIGS = ("french", "dutch", "german", "english")
VECTOR = " || ".join(["to_tsvector('simple', %s)"] + [f"to_tsvector('{c}', %s)" for c in CONFIGS])


def _term_query(term: str) -> tuple[str, list[str]]:
    """One term: itself (or its beginning) or any language's stem of it."""
    exact = f"{term}:*" if prefix_ok(term) else term
    sql = " || ".join(
        ["to_tsquery('simple', %s)"] + [f"plainto_tsquery('{c}', %s)" for c in CONFIGS]
    )
    return f"({sql})", [exact] + [term] * len(CONFIGS)


class PostgresBackend:
    def store(self, rows: Iterable[tuple[int, str]]) -> None:
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cur:
            cur.executemany(
                f"UPDATE archive_archiveentry SET search = {VECTOR} WHERE id = %s",
                [(body,) * (1 + len(CONFIGS)) + (pk,) for pk, body in rows],
            )

    def forget(self, ids: Iterable[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE archive_archiveentry SET search = NULL WHERE id = ANY(%s)", [list(ids)]
            )

    def match(
        self, *, dossier_id: int, terms: list[str], limit: int | None = None
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        parts, params = [], []
        for term in terms:
            sql, p = _term_query(term)
            parts.append(sql)
            params += p
        query = " && ".join(parts)
        with connection.cursor() as cur:
            cur.execute(
                f"WITH q AS (SELECT {query} AS q)"
                " SELECT e.id, ts_rank(e.search, q.q) FROM archive_archiveentry e, q"
                " WHERE e.dossier_id = %s AND e.search @@ q.q ORDER BY 2 DESC, e.id"
                + (" LIMIT %s" if limit else ""),
                [*params, dossier_id, *([limit] if limit else [])],
            )
            return [(pk, float(score)) for pk, score in cur.fetchall()]
