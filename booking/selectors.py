"""Reads of the booking factory, always scoped to one dossier the caller may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from booking.models import Kind, Proposal, Question, State, Status
from recognition.models import ProcessingMode

# C1 verified mode: recognised, not yet checked by a collaborator; the client sees it after.
AWAITING_VERIFICATION = Q(
    extraction__mode=ProcessingMode.VERIFIED, extraction__verified_at__isnull=True
)

SORTS = {
    "type": "kind",
    "journal": "journal__code",
    "date": "invoice_date",
    "period": "period__start",
    "number": "invoice_number",
    "counterparty": "counterparty_label",
    "accounts": "accounts_label",
    "vat": "vat_label",
    "total": "total",
    "processed": "created_at",
    "pages": "pages",
    "notes": "instruction",
    "status": "status",
}


@dataclass(frozen=True)
class WorklistFilter:
    direction: str = "purchase"
    state: str = State.OPEN
    status: str = ""
    kind: str = ""
    journal_id: int | None = None
    period_id: int | None = None
    q: str = ""
    sort: str = ""
    dir: str = ""
    verify: bool = False  # only what awaits a collaborator's check (verified mode)

    @classmethod
    def from_query(cls, get) -> WorklistFilter:
        def as_int(name):
            try:
                return int(get.get(name) or 0) or None
            except ValueError:
                return None

        direction = get.get("tab", "purchase")
        state = get.get("state", State.OPEN)
        return cls(
            direction=direction if direction in ("purchase", "sales") else "purchase",
            state=state if state in State.values else State.OPEN,
            status=get.get("status", "") if get.get("status", "") in Status.values else "",
            kind=get.get("kind", "") if get.get("kind", "") in Kind.values else "",
            journal_id=as_int("journal"),
            period_id=as_int("period"),
            q=(get.get("q") or "").strip()[:100],
            sort=get.get("sort", "") if get.get("sort", "") in SORTS else "",
            dir="desc" if get.get("dir") == "desc" else ("asc" if get.get("sort") else ""),
            verify=get.get("verify") == "1",
        )


def worklist(*, dossier, f: WorklistFilter, client: bool = False) -> QuerySet[Proposal]:
    """`client=True`: the client's worklist (C8), without what awaits verification."""
    qs = Proposal.objects.filter(dossier=dossier, state=f.state, direction=f.direction)
    if client:
        qs = qs.exclude(AWAITING_VERIFICATION)
    elif f.verify:
        qs = qs.filter(AWAITING_VERIFICATION)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.journal_id:
        qs = qs.filter(journal_id=f.journal_id)
    if f.period_id:
        qs = qs.filter(period_id=f.period_id)
    if f.q:
        qs = qs.filter(
            Q(invoice_number__icontains=f.q)
            | Q(counterparty_label__icontains=f.q)
            | Q(document__file_name__icontains=f.q)
        )
    if f.sort:
        field = F(SORTS[f.sort])
        qs = qs.order_by(
            field.desc(nulls_last=True) if f.dir == "desc" else field.asc(nulls_last=True), "-id"
        )
    else:
        qs = qs.order_by("-created_at", "-id")
    return qs.select_related("journal", "period", "document")


def neighbours(
    *, proposal: Proposal, f: WorklistFilter, client: bool = False
) -> tuple[int | None, int | None, int | None]:
    """Previous, next and first proposal ids in the worklist order (for the shortcuts)."""
    ids = list(
        worklist(dossier=proposal.dossier, f=f, client=client).values_list("pk", flat=True)[:5000]
    )  # the ids only: one index scan
    first = ids[0] if ids else None
    if proposal.pk not in ids:
        return None, first if first != proposal.pk else None, first
    i = ids.index(proposal.pk)
    prev_id = ids[i - 1] if i > 0 else None
    next_id = ids[i + 1] if i + 1 < len(ids) else None
    return prev_id, next_id, first


def status_counts(*, dossier, direction: str) -> dict[str, int]:
    rows = (
        Proposal.objects.filter(dossier=dossier, state=State.OPEN, direction=direction)
        .values("status")
        .annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}


def verify_count(*, dossier, direction: str) -> int:
    return (
        Proposal.objects.filter(dossier=dossier, state=State.OPEN, direction=direction)
        .filter(AWAITING_VERIFICATION)
        .count()
    )


def learning_stats(*, dossier) -> dict[str, int | float | None]:
    """C9: how many sent proposals needed no correction."""
    agg = Proposal.objects.filter(dossier=dossier, state=State.SENT).aggregate(
        sent=Count("id"), untouched=Count("id", filter=Q(corrections=0))
    )
    share = round(100 * agg["untouched"] / agg["sent"], 1) if agg["sent"] else None
    return {"sent": agg["sent"], "untouched": agg["untouched"], "share": share}


def office_overview(*, dossiers) -> list[dict]:
    """Per dossier: proposals to process by status, and the no-correction share."""
    ids = [d.pk for d in dossiers]
    open_rows = (
        Proposal.objects.filter(dossier_id__in=ids, state=State.OPEN)
        .values("dossier_id", "status")
        .annotate(n=Count("id"))
    )
    sent_rows = (
        Proposal.objects.filter(dossier_id__in=ids, state=State.SENT)
        .values("dossier_id")
        .annotate(sent=Count("id"), untouched=Count("id", filter=Q(corrections=0)))
    )
    by = {
        d.pk: {"dossier": d, "open": 0, "statuses": {}, "sent": 0, "share": None} for d in dossiers
    }
    for r in open_rows:
        by[r["dossier_id"]]["statuses"][r["status"]] = r["n"]
        by[r["dossier_id"]]["open"] += r["n"]
    for r in sent_rows:
        row = by[r["dossier_id"]]
        row["sent"] = r["sent"]
        row["share"] = round(100 * r["untouched"] / r["sent"], 1) if r["sent"] else None
    return list(by.values())


def client_proposals(*, dossier) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(dossier=dossier)
        .exclude(state=State.DELETED)
        .exclude(AWAITING_VERIFICATION)
        .select_related("journal", "period", "document")
        .order_by("state", "-created_at", "-id")
    )


def questions_for(*, dossier, open_only: bool = False) -> QuerySet[Question]:
    qs = Question.objects.filter(dossier=dossier).select_related("document", "asked_by")
    return qs.filter(answered_at__isnull=True) if open_only else qs


def proposals_by_ids(*, dossier, ids: list[int], client: bool = False) -> list[Proposal]:
    qs = Proposal.objects.filter(dossier=dossier, pk__in=ids)
    if client:
        qs = qs.exclude(AWAITING_VERIFICATION)
    return list(qs.select_related("dossier").order_by("id"))
