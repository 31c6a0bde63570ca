"""SQLite FTS5 (the embedded default): a contentless-like table keyed by the entry id."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from archive.search.normalise import prefix_ok


class Fts5Backend:
    def store(self, rows: Iterable[tuple[int, str]]) -> None:
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cur:
            cur.executemany("DELETE FROM archive_fts WHERE rowid = %s", [(pk,) for pk, _ in rows])
            cur.executemany("INSERT INTO archive_fts(rowid, body) VALUES (%s, %s)", rows)

    def forget(self, ids: Iterable[int]) -> None:
        with connection.cursor() as cur:
            cur.executemany("DELETE FROM archive_fts WHERE rowid = %s", [(pk,) for pk in ids])

    def match(
        self, *, dossier_id: int, terms: list[str], limit: int | None = None
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        # Terms are letters and digits only (normalise.words), quoted all the same.
        query = " AND ".join(f'"{t}"*' if prefix_ok(t) else f'"{t}"' for t in terms)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT f.rowid, -bm25(archive_fts) FROM archive_fts f"
                " JOIN archive_archiveentry e ON e.id = f.rowid"
                " WHERE archive_fts MATCH %s AND e.dossier_id = %s"
                " ORDER BY bm25(archive_fts)" + (" LIMIT %s" if limit else ""),
                [query, dossier_id, *([limit] if limit else [])],
            )
            return [(pk, float(score)) for pk, score in cur.fetchall()]
