"""Bank API (E1, E4): a dossier's CODA statements and movements.

Amounts are decimal strings; a movement's `structured_communication` is its 12 digits
(or null); a globalised batch carries its `details`.
"""

from __future__ import annotations

from ninja import Router
from ninja.decorators import decorate_view

from bank import selectors as sel
from bank.access import bank_read_access
from bank.serializers import movement_json, statement_json

router = Router(tags=["bank"])


@router.get("/dossiers/{dossier_id}/bank/statements", summary="CODA statements with movements")
@decorate_view(bank_read_access())
def statements(request, dossier_id: int, limit: int = 100, offset: int = 0):
    rows = sel.statement_list(dossier=request.dossier)[offset : offset + min(limit, 500)]
    return [statement_json(s) for s in rows]


@router.get("/dossiers/{dossier_id}/bank/movements", summary="Bank movements, matched or not")
@decorate_view(bank_read_access())
def movements(
    request, dossier_id: int, matched: bool | None = None, limit: int = 500, offset: int = 0
):
    rows = sel.movement_list(dossier=request.dossier, matched=matched)
    return [movement_json(m) for m in rows[offset : offset + min(limit, 2000)]]
