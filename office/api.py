"""Office API: the active-clients monitor (I1).

`GET /api/office/monitor?mine=&q=&sort=&dir=&page=` (also `group`, `manager`, `status`):
one row per dossier the caller may see, with its counters, each with the URL of the list
that shows exactly what it counts.
"""

from __future__ import annotations

from ninja import Router
from ninja.decorators import decorate_view

from office import selectors as sel
from tenancy.access import office_staff

router = Router(tags=["office"])


def _counter(c: sel.Counter) -> dict:
    out: dict = {"count": c.count, "url": c.url or None}
    if c.client is not None:
        out["client"] = c.client
        out["office"] = c.office
    return out


def row_json(row: sel.MonitorRow) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "vat_number": row.vat_number,
        "manager": row.manager_email or None,
        "validation_mode": row.mode,
        "counters": {key: _counter(c) for key, c in row.counters.items()},
        "last_document": row.last_document.isoformat() if row.last_document else None,
        "updated_until": row.updated_until.isoformat() if row.updated_until else None,
        "sync_status": row.sync_status,
        "accounts_to_review": row.accounts_to_review,
    }


@router.get("/office/monitor", summary="Active-clients monitor: counters per dossier")
@decorate_view(office_staff)
def monitor(
    request,
    mine: str = "",
    q: str = "",
    sort: str = "",
    dir: str = "",
    page: int = 1,
    group: str = "",
    manager: str = "",
    status: str = "",
):
    f = sel.monitor_filter(
        {
            "mine": mine,
            "q": q,
            "sort": sort,
            "dir": dir,
            "page": str(page),
            "group": group,
            "manager": manager,
            "status": status,
        }
    )
    result = sel.monitor(user=request.user, f=f)
    return {
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "rows": [row_json(r) for r in result.rows],
    }
