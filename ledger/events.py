"""What the ledger tells the apps above it (core.extensions events).

`BOOKS_CHANGED` is notified inside the transaction that changes a dossier's figures (a
posting, a reversal, a match or its undo, an import, a sync, a new fiscal year, a
counterparty's details), so a subscriber that keeps derived data (feedback's cached
figures) changes it in the same transaction: committed together, or not at all.
"""

from __future__ import annotations

from core import extensions

BOOKS_CHANGED = "ledger.books_changed"  # notify(BOOKS_CHANGED, dossier_id=...)


def books_changed(dossier_id: int) -> None:
    extensions.notify(BOOKS_CHANGED, dossier_id=dossier_id)
