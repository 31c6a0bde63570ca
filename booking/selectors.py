"""Reads of the booking factory, always scoped to one dossier the caller may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from booking.models import Proposal, Question, State, Status
from core import extensions
from ledger.models import Period
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
    "status": "shown_status",
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


# C5: a checked or complete proposal whose period was closed afterwards cannot be sent any
# more: it shows "mandatory field missing" (the period) from the moment the period closes,
# whatever status was stored when it was last saved. Derived in the query, never stale.
_PERIOD_CLOSED = (
    Q(period__closed=True)
    | Q(period__fiscal_year__closed=True)
    | Exists(
        Period.closed_journals.through.objects.filter(
            period_id=OuterRef("period_id"), journal_id=OuterRef("journal_id")
        )
    )
)
_STATUS_KEPT = [Status.TECHNICAL_ERROR, Status.NOTHING, Status.HELP, Status.MISSING]


def with_shown_status(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate `shown_status`: the stored status, or MISSING once the period is closed."""
    return qs.annotate(
        shown_status=Case(
            When(
                Q(state=State.OPEN, period__isnull=False)
                & ~Q(status__in=_STATUS_KEPT)
                & _PERIOD_CLOSED,
                then=Value(Status.MISSING.value),
            ),
            default=F("status"),
            output_field=CharField(),
        )
    )


def worklist(*, dossier, f: WorklistFilter, client: bool = False) -> QuerySet[Proposal]:
    """`client=True`: the client's worklist (C8), without what awaits verification."""
    qs = with_shown_status(
        Proposal.objects.filter(dossier=dossier, state=f.state, direction=f.direction)
    )
    if client:
        qs = qs.exclude(AWAITING_VERIFICATION)
    elif f.verify:
        qs = qs.filter(AWAITING_VERIFICATION)
    if f.status:
        qs = qs.filter(shown_status=f.status)
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
        with_shown_status(
            Proposal.objects.filter(dossier=dossier, state=State.OPEN, direction=direction)
        )
        .values("shown_status")
        .annotate(n=Count("id"))
    )
    return {r["shown_status"]: r["n"] for r in rows}


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
        with_shown_status(Proposal.objects.filter(dossier_id__in=ids, state=State.OPEN))
        .values("dossier_id", "shown_status")
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
        statuses = by[r["dossier_id"]]["statuses"]
        statuses[r["shown_status"]] = statuses.get(r["shown_status"], 0) + r["n"]
        by[r["dossier_id"]]["open"] += r["n"]
    for r in sent_rows:
        row = by[r["dossier_id"]]
        row["sent"] = r["sent"]
        row["share"] = round(100 * r["untouched"] / r["sent"], 1) if r["sent"] else None
    return list(by.values())


def client_proposals(*, dossier) -> QuerySet[Proposal]:
    return (
        with_shown_status(Proposal.objects.filter(dossier=dossier))
        .exclude(state=State.DELETED)
        .exclude(AWAITING_VERIFICATION)
        .select_related("journal", "period", "document")
        .order_by("state", "-created_at", "-id")
    )


def questions_for(*, dossier, open_only: bool = False) -> QuerySet[Question]:
    qs = Question.objects.filter(dossier=dossier).select_related("document", "asked_by")
    return qs.filter(answered_at__isnull=True) if open_only else qs


def proposals_by_ids(*, dossier, ids: list[int], client: bool = False) -> list[Proposal]:
    qs = with_shown_status(Proposal.objects.filter(dossier=dossier, pk__in=ids))
    if client:
        qs = qs.exclude(AWAITING_VERIFICATION)
    return list(qs.select_related("dossier").order_by("id"))


def live_problems(proposal: Proposal) -> list[dict]:
    """The proposal's problems as of now (a period may have closed since it was saved).

    Sets `proposal.shown_status` to the status derived now; saves nothing. A sent or
    deleted proposal keeps what was stored when it left the worklist.
    """
    from booking.enrich import AccountSuggester
    from booking.rules import derive_status, problems_of

    if proposal.state != State.OPEN:
        return list(proposal.problems)
    lines = list(proposal.lines.select_related("account", "vat_code"))
    suspense = AccountSuggester(proposal.dossier).suspense
    problems = problems_of(proposal, lines, suspense.pk if suspense else None)
    proposal.shown_status = derive_status(proposal, problems, proposal.suspense)
    out = [pr.as_dict() for pr in problems]
    # Checks of later apps, read now and never stored (the office's C12 numbering flags):
    # {provider: [{field, message (core.texts), level}]}; warnings, so the status stays.
    for extra in extensions.collect("proposal_problems", proposal).values():
        out.extend(pr for pr in extra if pr.get("level") == "warning")
    return out
