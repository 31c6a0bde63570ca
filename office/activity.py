"""I4: client activity and the processing queue per dossier, in a fixed number of queries.

- last login: the latest login of the dossier's client users;
- last upload: the latest document handed in;
- queue: documents sent to the office and not booked yet (state Sent), with the age of the
  oldest one (since it was sent);
- the synchronisation status and its instruction when it failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, Q

from documents.models import DocState, Document
from tenancy.models import DossierMembership, User
from tenancy.policy import dossiers_visible_to

PAGE_SIZE = 50


@dataclass
class ActivityRow:
    id: int
    name: str
    last_login: datetime | None
    last_upload: datetime | None
    queue: int
    oldest: datetime | None
    sync_status: str
    sync_instruction: str


def activity(*, user: User, q: str = "", page: int = 1) -> tuple[list[ActivityRow], int]:
    dossiers = dossiers_visible_to(user).filter(is_active=True)
    if q:
        dossiers = dossiers.filter(Q(name__icontains=q) | Q(vat_number__icontains=q))
    total = dossiers.count()
    start = (max(page, 1) - 1) * PAGE_SIZE
    rows = {
        d["pk"]: ActivityRow(
            id=d["pk"],
            name=d["name"],
            last_login=None,
            last_upload=None,
            queue=0,
            oldest=None,
            sync_status=d["ledger_sync__status"] or "never",
            sync_instruction=d["ledger_sync__instruction"] or "",
        )
        for d in dossiers.order_by("name", "pk").values(
            "pk", "name", "ledger_sync__status", "ledger_sync__instruction"
        )[start : start + PAGE_SIZE]
    }
    ids = list(rows)
    if not ids:
        return [], total
    for g in (
        DossierMembership.objects.filter(dossier_id__in=ids)
        .values("dossier_id")
        .annotate(at=Max("user__last_login"))
    ):
        rows[g["dossier_id"]].last_login = g["at"]
    for g in (
        Document.objects.filter(dossier_id__in=ids)
        .order_by()
        .values("dossier_id")
        .annotate(at=Max("created_at"))
    ):
        rows[g["dossier_id"]].last_upload = g["at"]
    for sent in (
        Document.objects.filter(dossier_id__in=ids, state=DocState.SENT)
        .order_by()
        .values("dossier_id")
        .annotate(n=Count("*"), oldest=Min("sent_at"), first=Min("created_at"))
    ):
        r = rows[sent["dossier_id"]]
        r.queue, r.oldest = sent["n"], sent["oldest"] or sent["first"]
    return list(rows.values()), total
