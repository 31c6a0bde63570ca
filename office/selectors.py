"""Reads of the office's cockpit: the active-clients monitor (I1) and the C11 queue.

The monitor is one SQL query for the page (every counter a correlated sub-query on an
indexed column) plus one for the total, whatever the number of dossiers: the counters
are never computed row by row in Python (see tests/test_monitor.py, the query count).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from booking.models import Proposal
from booking.models import State as ProposalState
from booking.models import Status as ProposalStatus
from documents.models import DocState, Document, Mailbox
from ledger.models import SyncState
from messaging.models import Conversation, Task
from messaging.selectors import waiting_for_office
from office.models import MonitorPrefs, Release
from tenancy.models import ClientGroup, Dossier, OfficeRole, User, ValidationMode
from tenancy.policy import dossiers_visible_to, office_member

PAGE_SIZE = 50

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


def _count(qs: QuerySet, dossier_field: str = "dossier") -> Any:
    """A correlated COUNT(*) of `qs` per dossier row, 0 when none."""
    sub = (
        qs.filter(**{dossier_field: OuterRef("pk")})
        .order_by()
        .values(dossier_field)
        .annotate(c=Count("*"))
        .values("c")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def monitor_queryset(*, user: User, f: MonitorFilter) -> QuerySet[Dossier]:
    """The dossiers the user may see, filtered, each annotated with its counters."""
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
    waiting = waiting_for_office(Conversation.objects.all())
    open_proposals = Proposal.objects.filter(state=ProposalState.OPEN)
    qs = qs.annotate(
        n_unsent=_count(Document.objects.filter(state__in=UNSENT_STATES)),
        n_open=_count(open_proposals),
        n_checked=_count(open_proposals.filter(status__in=CHECKED)),
        n_open_sales=_count(open_proposals.filter(direction="sales")),
        n_misc=_count(Document.objects.filter(state=DocState.SENT, mailbox=Mailbox.MISC)),
        n_release=_count(Release.objects.filter(released_at__isnull=True)),
        n_tasks=_count(Task.objects.filter(done=False)),
        n_waiting=_count(waiting),
        n_sent=Coalesce(
            Subquery(SyncState.objects.filter(dossier=OuterRef("pk")).values("sent_counter")[:1]),
            Value(0),
        ),
        sync_status=Subquery(SyncState.objects.filter(dossier=OuterRef("pk")).values("status")[:1]),
        sync_updated_until=Coalesce(
            Subquery(SyncState.objects.filter(dossier=OuterRef("pk")).values("updated_until")[:1]),
            F("updated_until"),
        ),
        accounts_to_review=Exists(
            SyncState.objects.filter(dossier=OuterRef("pk"), accounts_to_review=True)
        ),
        last_document=Subquery(
            Document.objects.filter(dossier=OuterRef("pk"))
            .exclude(state__in=[DocState.DELETED, DocState.REPLACED])
            .order_by("-created_at")
            .values("created_at")[:1],
            output_field=DateTimeField(),
        ),
    ).select_related("manager")
    if f.sort and f.dir:
        field = F(SORTS[f.sort])
        order = field.desc(nulls_last=True) if f.dir == "desc" else field.asc(nulls_first=True)
        return qs.order_by(order, "name", "pk")
    return qs.order_by("name", "pk")


@dataclass
class Counter:
    count: int
    url: str  # the list that shows exactly these, already filtered ("" when the user has none)
    client: int | None = None  # to validate: the client's share (client and hybrid modes)
    office: int | None = None  # to validate: the office's share (collaborator and hybrid)


@dataclass
class MonitorRow:
    dossier: Dossier
    counters: dict[str, Counter]
    last_document: datetime | None
    updated_until: Any
    sync_status: str
    accounts_to_review: bool
    mode: str


def _url(name: str, dossier_id: int, **query: Any) -> str:
    base = reverse(name, kwargs={"dossier_id": dossier_id})
    return f"{base}?{urlencode(query)}" if query else base


def _row(d: Any) -> MonitorRow:
    pk = d.pk
    mode = d.validation_mode
    open_total, checked = d.n_open, d.n_checked
    if mode == ValidationMode.CLIENT:
        client, office = open_total, 0
    elif mode == ValidationMode.HYBRID:
        # The client checks first, the office sends what the client checked (C8).
        client, office = open_total - checked, checked
    else:
        client, office = 0, open_total
    tab = "sales" if d.n_open_sales and d.n_open_sales == open_total else "purchase"
    counters = {
        # Unsent documents are the client's: the office opens them only with consent (A6).
        "unsent": Counter(
            d.n_unsent,
            _url("documents", pk, tab="inbox") if d.allow_accountant_unsent else "",
        ),
        "to_validate": Counter(
            open_total, _url("booking_worklist", pk, tab=tab, state="open"), client, office
        ),
        "sent": Counter(d.n_sent, _url("booking_worklist", pk, state="sent")),
        "misc": Counter(d.n_misc, _url("documents", pk, tab="sent", mailbox="misc")),
        "to_release": Counter(d.n_release, reverse("office_release") + f"?dossier={pk}"),
        "tasks": Counter(d.n_tasks, _url("messaging_tasks", pk, state="open")),
        "conversations": Counter(
            d.n_waiting, _url("messaging_conversations", pk, state="open", waiting="1")
        ),
    }
    return MonitorRow(
        dossier=d,
        counters=counters,
        last_document=d.last_document,
        updated_until=d.sync_updated_until,
        sync_status=d.sync_status or "never",
        accounts_to_review=bool(d.accounts_to_review),
        mode=mode,
    )


@dataclass
class MonitorPage:
    rows: list[MonitorRow]
    count: int
    page: int
    pages: int
    has_next: bool
    has_previous: bool


def monitor(*, user: User, f: MonitorFilter) -> MonitorPage:
    """One page of the monitor: two queries (total, page) whatever the number of dossiers."""
    paginator = Paginator(monitor_queryset(user=user, f=f), PAGE_SIZE)
    page = paginator.get_page(f.page)
    return MonitorPage(
        rows=[_row(d) for d in page.object_list],
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        has_next=page.has_next(),
        has_previous=page.has_previous(),
    )


# Support users work assigned worklists only (no messages, tasks or the client's inbox).
SUPPORT_COLUMNS = ("to_validate", "misc", "to_release", "last_document")


def monitor_columns(user: User) -> list[str]:
    prefs = MonitorPrefs.objects.filter(user=user).values_list("columns", flat=True).first()
    chosen = [c for c in (prefs or []) if c in COLUMNS] or list(COLUMNS)
    member = office_member(user)
    if member is not None and member.role == OfficeRole.SUPPORT:
        chosen = [c for c in chosen if c in SUPPORT_COLUMNS] or list(SUPPORT_COLUMNS)
    return chosen


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
