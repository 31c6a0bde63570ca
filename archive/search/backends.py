"""The full-text part of the archive index, one implementation per database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db import connection


class SearchBackend(Protocol):
    def store(self, rows: Iterable[tuple[int, str]]) -> None:
        """Write (archive entry id, body) pairs, replacing what each id had."""

    def forget(self, ids: Iterable[int]) -> None: ...

    def match(
        self, *, dossier_id: int, terms: list[str], limit: int | None = None
    ) -> list[tuple[int, float]]:
        """Archive entry ids of the dossier holding every term (a word, or its beginning
        from three letters), best first, with a score (higher is better); the `limit`
        best ones when given."""


def backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from archive.search.postgres import PostgresBackend

        return PostgresBackend()
    from archive.search.sqlite import Fts5Backend

    return Fts5Backend()
