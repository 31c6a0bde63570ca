"""Database helpers for long-running processes (SMTP receiver, folder watcher, pollers)."""

from __future__ import annotations

from django.db import close_old_connections, connection


def refresh_connections() -> None:
    """Drop stale connections between units of work of a long-running process.

    Never inside a transaction: Django would close the connection under the caller's
    feet (it takes the changed autocommit state for a broken connection).
    """
    if not connection.in_atomic_block:
        close_old_connections()
