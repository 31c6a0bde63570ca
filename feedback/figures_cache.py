"""The per-dossier cache of the figures (F1, F3): computed once per version of the books.

The key holds the dossier's `FiguresStamp.version`, which the ledger's `books_changed` event
bumps in the posting's own transaction: after a posting, a match, an import or a sync the
next page reads a new key and computes the figures again; the old entries simply expire.
Reading the version is one primary-key query.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction

from feedback.models import FiguresStamp

T = TypeVar("T")
TIMEOUT = 6 * 3600  # seconds; a stale version is never read again, this only frees memory


def figures_version(dossier_id: int) -> int:
    row = FiguresStamp.objects.filter(dossier_id=dossier_id).values_list("version", flat=True)
    return next(iter(row), 0)


def figures_changed(*, dossier_id: int) -> None:
    """The `ledger.books_changed` subscriber: a new version of this dossier's figures.

    A random one rather than a count: a database restored from a backup, or a test
    database whose ids start again, never meets the figures a shared cache kept for it."""
    version = secrets.randbits(62)
    if FiguresStamp.objects.filter(dossier_id=dossier_id).update(version=version):
        return
    try:
        with transaction.atomic():  # a savepoint: a concurrent first bump may win the insert
            FiguresStamp.objects.create(dossier_id=dossier_id, version=version)
    except IntegrityError:
        FiguresStamp.objects.filter(dossier_id=dossier_id).update(version=version)


def cached(dossier_id: int, name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()` for this version of the dossier's books, from the cache when it has it."""
    key = ":".join(["fidu.figures", str(dossier_id), str(figures_version(dossier_id)), name])
    key += ":" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
