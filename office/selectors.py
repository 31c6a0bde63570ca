"""Reads of the office's cockpit: the active-clients monitor (I1) and the C11 queue.

The monitor is one SQL query for the dossiers with their stored counters (DossierCounters,
kept exact by database triggers: office/counters.py) plus one grouped count of tasks and
one of conversations, whatever the number of dossiers and documents: nothing is counted
row by row in Python (see tests/test_monitor.py, the query count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils.http import urlencode

from booking.models import Status as ProposalStatus
from documents.models import DocState, Document
from messaging.models import Conversation, Task
from messaging.selectors import waiting_for_office
from office.counters import COUNTERS as COUNTED
from office.models import MonitorPrefs, Release
from tenancy.models import ClientGroup, Dossier, OfficeRole, User, ValidationMode
from tenancy.policy import dossiers_visible_to, office_member

PAGE_SIZE = 50
STORED = [(k, f"office_counters__{k}") for k in COUNTED]  # DossierCounters, via the join

UNSENT_STATES = [
    DocState.INBOX,
    DocState.AWAITING_APPROVAL,
    DocState.APPROVED,
    DocState.REJECTED,
]
CHECKED = [ProposalStatus.CHECKED, ProposalStatus.CHECKED_SUSPENSE]

# Every column of the monitor: key -> the annotation it sorts on. "name" is always shown.
COLUMNS = [
    "unsent",
    "to_validate",
    "sent",
    "misc",
    "to_release",
    "tasks",
    "conversations",
    "last_document",
    "updated_until",
    "sync",
    "manager",
]
SORTS = {
    "name": "name",
    "unsent": "n_unsent",
    "to_validate": "n_open",
    "sent": "n_sent",
    "misc": "n_misc",
    "to_release": "n_release",
    "tasks": "n_tasks",
    "conversations": "n_waiting",
    "last_document": "last_document",
    "updated_until": "sync_updated_until",
    "sync": "sync_status",
    "manager": "manager__last_name",
}
STATUSES = ("active", "inactive", "all")


@dataclass(frozen=True)
class MonitorFilter:
    mine: bool = False
    q: str = ""
    group: int | None = None
    manager: int | None = None
    status: str = "active"
    sort: str = ""
    dir: str = ""  # "asc", "desc" or "" (no sort: by name)
    page: int = 1


def monitor_filter(data: Any) -> MonitorFilter:
    """The filter a query string asks for; anything malformed falls back to its default."""

    def as_int(name: str) -> int | None:
        raw = str(data.get(name, "") or "")
        return int(raw) if raw.isdigit() else None

    sort = data.get("sort", "") or ""
    sort = sort if sort in SORTS else ""
    direction = data.get("dir", "") or ""
    direction = direction if direction in ("asc", "desc") and sort else ""
    status = data.get("status", "") or "active"
    return MonitorFilter(
        mine=str(data.get("mine", "")).lower() in ("1", "true", "on", "yes"),
        q=str(data.get("q", "") or "").strip()[:100],
        group=as_int("group"),
        manager=as_int("manager"),
        status=status if status in STATUSES else "active",
        sort=sort,
        dir=direction,
        page=as_int("page") or 1,
    )


def monitor_dossiers(*, user: User, f: MonitorFilter) -> QuerySet[Dossier]:
    """The dossiers the user may see, after the filters and the search."""
    qs = dossiers_visible_to(user)
    if f.status == "active":
        qs = qs.filter(is_active=True)
    elif f.status == "inactive":
        qs = qs.filter(is_active=False)
    if f.mine:
        mine = Dossier.objects.filter(
            Q(manager=user) | Q(collaborators=user) | Q(support_users=user)
        )
        qs = qs.filter(pk__in=mine.values("pk"))
    if f.group:
        qs = qs.filter(pk__in=Dossier.objects.filter(client_groups=f.group).values("pk"))
    if f.manager:
        qs = qs.filter(manager_id=f.manager)
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q)
            | Q(vat_number__icontains=f.q)
            | Q(enterprise_number__icontains=f.q)
        )
    return qs


def _grouped(qs: QuerySet, dossiers: QuerySet[Dossier]) -> list[dict]:
    """COUNT(*) of `qs` per dossier of `dossiers`, in one query. The dossiers as a sub-query,
    not a list of a thousand ids: binding them cost more than the count (bench/office)."""
    return list(
        qs.filter(dossier_id__in=dossiers.values("pk"))
        .order_by()
        .values("dossier_id")
        .annotate(n=Count("*"))
    )


@dataclass
class Counter:
    count: int
    url: str  # the list that shows exactly these, already filtered ("" when the user has none)
    client: int | None = None  # to validate: the client's share (client and hybrid modes)
    office: int | None = None  # to validate: the office's share (collaborator and hybrid)


@dataclass
class MonitorRow:
    id: int
    name: str
    vat_number: str
    manager: str  # the manager's name, "" when none
    manager_email: str
    mode: str
    allow_unsent: bool
    last_document: datetime | None
    updated_until: Any
    sync_status: str
    accounts_to_review: bool
    n: dict[str, int] = field(default_factory=dict)  # raw counts, for sorting
    counters: dict[str, Counter] = field(default_factory=dict)


_MARK = 987654321  # reverse() once per route and page, not once per cell (bench/office)


def _url(routes: dict[str, str], name: str, dossier_id: int, **query: Any) -> str:
    if name not in routes:
        routes[name] = reverse(name, kwargs={"dossier_id": _MARK})
    base = routes[name].replace(str(_MARK), str(dossier_id))
    return f"{base}?{urlencode(query)}" if query else base


_LAST = Subquery(
    Document.objects.filter(dossier=OuterRef("pk"))
    .order_by("-created_at")
    .values("created_at")[:1],
    output_field=DateTimeField(),
)


def _last_documents(rows: list[MonitorRow]) -> None:
    """The last document of the page's rows: one query, a probe per row."""
    if not rows:
        return
    found = dict(
        Dossier.objects.filter(pk__in=[r.id for r in rows])
        .annotate(last_document=_LAST)
        .values_list("pk", "last_document")
    )
    for r in rows:
        r.last_document = found.get(r.id)


def _rows(user: User, f: MonitorFilter) -> list[MonitorRow]:
    """Every matching row with its counters, in a fixed number of queries: the dossiers
    (with their stored counters, sync state and last document), then one grouped count of
    tasks and of conversations. Sorting a counter needs them all; an office has about a
    thousand dossiers, not millions."""
    dossiers = monitor_dossiers(user=user, f=f)
    # The last document handed in: one probe per dossier on (dossier, created_at), for every
    # dossier only when it is the sort; else for the page's rows (`_last_documents`).
    by_last = f.sort == "last_document" and bool(f.dir)
    listed = dossiers.annotate(last_document=_LAST) if by_last else dossiers
    rows = {
        d["pk"]: MonitorRow(
            id=d["pk"],
            name=d["name"],
            vat_number=d["vat_number"],
            manager=" ".join(x for x in (d["manager__first_name"], d["manager__last_name"]) if x)
            or (d["manager__email"] or ""),
            manager_email=d["manager__email"] or "",
            mode=d["validation_mode"],
            allow_unsent=d["allow_accountant_unsent"],
            last_document=d["last_document"] if by_last else None,
            updated_until=d["ledger_sync__updated_until"] or d["updated_until"],
            sync_status=d["ledger_sync__status"] or "never",
            accounts_to_review=bool(d["ledger_sync__accounts_to_review"]),
            n={
                "sent": d["ledger_sync__sent_counter"] or 0,
                # Kept by triggers in the same transaction as each change (counters.py).
                **{k: d[col] or 0 for k, col in STORED},
                "tasks": 0,
                "conversations": 0,
            },
        )
        for d in listed.values(
            "pk",
            "name",
            "vat_number",
            "validation_mode",
            "allow_accountant_unsent",
            "updated_until",
            *(["last_document"] if by_last else []),
            "manager__first_name",
            "manager__last_name",
            "manager__email",
            "ledger_sync__status",
            "ledger_sync__updated_until",
            "ledger_sync__sent_counter",
            "ledger_sync__accounts_to_review",
            *(col for _k, col in STORED),
        )
    }
    if not rows:
        return []
    for g in _grouped(Task.objects.filter(done=False), dossiers):
        if g["dossier_id"] in rows:
            rows[g["dossier_id"]].n["tasks"] = g["n"]
    for g in _grouped(waiting_for_office(Conversation.objects.all()), dossiers):
        if g["dossier_id"] in rows:
            rows[g["dossier_id"]].n["conversations"] = g["n"]
    return list(rows.values())


def _with_counters(r: MonitorRow, routes: dict[str, str]) -> MonitorRow:
    pk, n = r.id, r.n
    open_total, checked = n["open"], n["checked"]
    if r.mode == ValidationMode.CLIENT:
        client, office = open_total, 0
    elif r.mode == ValidationMode.HYBRID:
        # The client checks first, the office sends what the client checked (C8).
        client, office = open_total - checked, checked
    else:
        client, office = 0, open_total
    tab = "sales" if n["open_sales"] and n["open_sales"] == open_total else "purchase"
    r.counters = {
        # Unsent documents are the client's: the office opens them only with consent (A6).
        "unsent": Counter(
            n["unsent"], _url(routes, "documents", pk, tab="inbox") if r.allow_unsent else ""
        ),
        "to_validate": Counter(
            open_total, _url(routes, "booking_worklist", pk, tab=tab, state="open"), client, office
        ),
        "sent": Counter(n["sent"], _url(routes, "booking_worklist", pk, state="sent")),
        # The office's own misc worklist (C13), already filtered on the dossier.
        "misc": Counter(n["misc"], reverse("office_misc") + f"?dossier={pk}"),
        "to_release": Counter(n["to_release"], reverse("office_release") + f"?dossier={pk}"),
        "tasks": Counter(n["tasks"], _url(routes, "messaging_tasks", pk, state="open")),
        "conversations": Counter(
            n["conversations"],
            _url(routes, "messaging_conversations", pk, state="open", waiting="1"),
        ),
    }
    return r


def _sort_value(r: MonitorRow, key: str) -> Any:
    if key == "name":
        return r.name.casefold()
    if key == "to_validate":
        return r.n["open"]
    if key in r.n:
        return r.n[key]
    if key == "manager":
        return r.manager.casefold() or None
    if key == "sync":
        return r.sync_status
    return getattr(r, key, None)


def _sorted(rows: list[MonitorRow], f: MonitorFilter) -> list[MonitorRow]:
    rows.sort(key=lambda r: (r.name.casefold(), r.id))
    if f.sort and f.dir:
        # Stable sort on the column; empty values last whatever the direction.
        present = [r for r in rows if _sort_value(r, f.sort) is not None]
        empty = [r for r in rows if _sort_value(r, f.sort) is None]
        present.sort(key=lambda r: _sort_value(r, f.sort), reverse=f.dir == "desc")
        rows = present + empty
    return rows


@dataclass
class MonitorPage:
    rows: list[MonitorRow]
    count: int
    page: int
    pages: int
    has_next: bool
    has_previous: bool


def monitor(*, user: User, f: MonitorFilter) -> MonitorPage:
    """One page of the monitor, in the same number of queries whatever the dossiers."""
    rows = _sorted(_rows(user, f), f)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(1, f.page), pages)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    if not (f.sort == "last_document" and f.dir):
        _last_documents(shown)
    routes: dict[str, str] = {}
    return MonitorPage(
        rows=[_with_counters(r, routes) for r in shown],
        count=len(rows),
        page=page,
        pages=pages,
        has_next=page < pages,
        has_previous=page > 1,
    )


# Support users work assigned worklists only (no messages, tasks or the client's inbox).
SUPPORT_COLUMNS = ("to_validate", "misc", "to_release", "last_document")


def columns_for(user: User) -> list[str]:
    """The columns the user may choose from (and sees when they chose none)."""
    member = office_member(user)
    if member is not None and member.role == OfficeRole.SUPPORT:
        return list(SUPPORT_COLUMNS)
    return list(COLUMNS)


def monitor_columns(user: User) -> list[str]:
    prefs = MonitorPrefs.objects.filter(user=user).values_list("columns", flat=True).first()
    allowed = columns_for(user)
    return [c for c in (prefs or []) if c in allowed] or allowed


def monitor_choices(user: User) -> dict[str, list]:
    """What the filter lists offer: the office's client groups and dossier managers."""
    member = office_member(user)
    if member is None:
        return {"groups": [], "managers": []}
    groups = list(ClientGroup.objects.filter(office_id=member.office_id).order_by("name"))
    managers = list(
        User.objects.filter(
            pk__in=Dossier.objects.filter(office_id=member.office_id).values("manager_id")
        ).order_by("last_name", "first_name")
    )
    return {"groups": groups, "managers": managers}


def release_queue(*, user: User, dossier_id: int | None = None) -> QuerySet[Release]:
    """C11: documents held for the office, of the dossiers whose worklist the user works."""
    qs = Release.objects.filter(
        released_at__isnull=True,
        dossier__in=dossiers_visible_to(user),
        document__state__in=[*UNSENT_STATES, DocState.SENT],
    )
    if dossier_id:
        qs = qs.filter(dossier_id=dossier_id)
    return qs.select_related("document", "dossier", "document__uploaded_by").order_by("held_at")


def release_get_for_user(*, user: User, release_id: int) -> Release | None:
    return release_queue(user=user).filter(pk=release_id).first()
