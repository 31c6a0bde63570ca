"""Plain multi-row INSERTs for the bank's big writes (10,000 movements, their proposals).

Django's bulk_create prepares every value through its field and builds one statement per
~50 rows on SQLite; for a 10,000-movement CODA file that alone costs seconds of the 5 s the
import and matching may take (issue 13). Values handed here are already plain Python
(str, int, Decimal, date); pass datetimes through `db_datetime` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection


def insert_rows(model: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    meta = model._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(f).column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({marks})"
    prepared = rows if isinstance(rows, list) else list(rows)
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


def db_datetime(value: datetime) -> Any:
    """An aware datetime as the database driver takes it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)
