"""Background work of the office app. Tasks take ids, load, call one service."""

from __future__ import annotations

from django_tasks import task


@task()
def proposal_lookup_task(proposal_id: int) -> str:
    """C14: complete a new proposal's new counterparty from its VAT number (safe to rerun)."""
    from booking.models import Proposal
    from office.lookups.services import proposal_counterparty_lookup

    proposal = Proposal.objects.select_related("dossier", "counterparty").filter(pk=proposal_id)
    p = proposal.first()
    if p is None or not p.is_open or not p.is_new_counterparty or not p.new_vat:
        return "skipped"
    outcome = proposal_counterparty_lookup(actor=None, proposal=p)
    return outcome.message or ",".join(outcome.changed or []) or "unchanged"


def lookup_new_counterparty(proposal_id: int) -> None:
    """Subscriber of "booking.proposal_created": queue the lookup when lookups are on."""
    from office.lookups import lookup_enabled

    if lookup_enabled():
        proposal_lookup_task.enqueue(proposal_id)
