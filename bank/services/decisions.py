"""The office decides on matching proposals (E2): accept, change the target, reject.

Accepting posts the movement in the financial journal of its bank account, the counterpart
on the customer/supplier account of the open items (or on the chosen account, 499 when
nothing matched), and settles the open items. When Fidu does not keep the dossier's books
the decision is recorded and the movement counts as matched, but nothing is posted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bank.models import BankAccount, MatchProposal, MatchProposalLine, MatchRule, MatchStatus
from core.audit import audit_log
from ledger.models import Account, AccountKind, Connector, EntryLine, Journal, JournalKind
from ledger.selectors import books_for, open_amounts
from ledger.services.matching import lines_match
from ledger.services.posting import LineSpec, entry_post
from ledger.services.setup import journal_save


@dataclass
class Decision:
    proposal: MatchProposal
    posted: bool


def bank_journal(*, actor: Any, dossier: Any, account: BankAccount) -> Journal:
    """The financial journal of this bank account: the one carrying its IBAN, else the first
    financial journal on a bank account without an IBAN (it gets this one), else a new one."""
    journals = Journal.objects.filter(dossier=dossier, kind=JournalKind.FINANCIAL).select_related(
        "account"
    )
    number = account.number.replace(" ", "").upper()
    for j in journals:
        if j.iban.replace(" ", "").upper() == number:
            return j
    for j in journals.order_by("code"):
        if not j.iban and j.active and j.account and j.account.kind == AccountKind.BANK:
            return journal_save(actor=actor, dossier=dossier, code=j.code, iban=number)
    used = set(journals.values_list("account_id", flat=True))
    ledger_account = (
        Account.objects.filter(dossier=dossier, kind=AccountKind.BANK, active=True)
        .exclude(pk__in=used)
        .order_by("code")
        .first()
    ) or Account.objects.filter(dossier=dossier, kind=AccountKind.BANK).order_by("code").first()
    codes = set(Journal.objects.filter(dossier=dossier).values_list("code", flat=True))
    code = next(f"BQ{n}" for n in range(1, 100) if f"BQ{n}" not in codes)
    return journal_save(
        actor=actor,
        dossier=dossier,
        code=code,
        kind=JournalKind.FINANCIAL,
        description=(account.description or account.number)[:200],
        iban=number,
        account=ledger_account,
        visible_to_client=False,
    )


def proposal_change(
    *,
    actor: Any,
    proposal: MatchProposal,
    line_ids: Sequence[int] = (),
    account_code: str = "",
) -> MatchProposal:
    """Point a pending proposal at other open items (of one counterparty) or an account."""
    if proposal.status != MatchStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    dossier = proposal.dossier
    with transaction.atomic():
        if line_ids:
            lines = list(
                EntryLine.objects.filter(dossier=dossier, pk__in=line_ids, is_open_item=True)
            )
            if len(lines) != len(set(line_ids)) or len({ln.counterparty_id for ln in lines}) != 1:
                raise ValidationError(_("Choose open items of one counterparty."))
            proposal.items.all().delete()
            MatchProposalLine.objects.bulk_create(
                MatchProposalLine(proposal=proposal, line=ln) for ln in lines
            )
            proposal.account_code = ""
        else:
            account_code = account_code.strip()
            if not account_code:
                raise ValidationError(_("Choose an open item or an account."))
            known = Account.objects.filter(dossier=dossier, code=account_code).exists()
            if not known and books_for(dossier) is not None:
                raise ValidationError(_("Unknown account %(code)s.") % {"code": account_code})
            proposal.items.all().delete()
            proposal.account_code = account_code
        proposal.rule = MatchRule.MANUAL
        proposal.save(update_fields=["rule", "account_code"])
        audit_log(
            actor=actor,
            action="bank.proposal_changed",
            obj=proposal.movement,
            dossier_id=dossier.pk,
            data={"lines": list(line_ids), "account": proposal.account_code},
        )
    return proposal


def movement_assign(
    *, actor: Any, movement: Any, line_ids: Sequence[int] = (), account_code: str = ""
) -> MatchProposal:
    """A target chosen by hand for a movement that has no pending proposal (e.g. rejected)."""
    with transaction.atomic():
        if movement.matched or movement.proposals.filter(status=MatchStatus.PROPOSED).exists():
            raise ValidationError(_("This movement already has a proposal."))
        proposal = MatchProposal.objects.create(
            movement=movement,
            dossier_id=movement.dossier_id,
            rule=MatchRule.MANUAL,
            amount=movement.amount,
        )
        return proposal_change(
            actor=actor, proposal=proposal, line_ids=line_ids, account_code=account_code
        )


def proposal_reject(*, actor: Any, proposal: MatchProposal) -> None:
    if proposal.status != MatchStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status = MatchStatus.REJECTED
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(
        actor=actor,
        action="bank.proposal_rejected",
        obj=proposal.movement,
        dossier_id=proposal.dossier_id,
        data={"proposal": proposal.pk, "rule": proposal.rule},
    )


def proposal_accept(*, actor: Any, proposal: MatchProposal) -> Decision:
    """Post the movement and settle its open items; raises ValidationError with the reason."""
    with transaction.atomic():
        proposal = (
            MatchProposal.objects.select_for_update()
            .select_related("movement", "movement__account", "dossier")
            .get(pk=proposal.pk)
        )
        if proposal.status != MatchStatus.PROPOSED or proposal.movement.matched:
            raise ValidationError(_("This proposal has already been decided."))
        movement, dossier = proposal.movement, proposal.dossier
        books = books_for(dossier)
        posted = books is not None and books.connector == Connector.BUILTIN
        if posted:
            proposal.entry = _post(actor, proposal)
        proposal.status = MatchStatus.ACCEPTED
        proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at", "entry"])
        movement.matched = True
        movement.save(update_fields=["matched"])
        audit_log(
            actor=actor,
            action="bank.movement_matched",
            obj=movement,
            dossier_id=dossier.pk,
            data={
                "proposal": proposal.pk,
                "rule": proposal.rule,
                "lines": list(proposal.items.values_list("line_id", flat=True)),
                "account": proposal.account_code,
                "entry": proposal.entry_id,
                "posted": posted,
            },
        )
    return Decision(proposal, posted)


def _post(actor: Any, proposal: MatchProposal):
    movement, dossier = proposal.movement, proposal.dossier
    amount = Decimal(movement.amount).quantize(Decimal("0.01"))
    if amount == 0:
        raise ValidationError(_("A movement of zero cannot be posted."))
    journal = bank_journal(actor=actor, dossier=dossier, account=movement.account)
    if journal.account is None:
        raise ValidationError(
            _("Journal %(code)s has no bank account to post on.") % {"code": journal.code}
        )
    items = list(
        EntryLine.objects.filter(pk__in=proposal.items.values("line_id")).select_related(
            "account", "counterparty"
        )
    )
    if items:
        still = open_amounts([ln.pk for ln in items])
        if not any(still.values()):
            raise ValidationError(_("These open items are already settled."))
        first = items[0]
        counter = LineSpec(
            first.account,
            credit=amount if amount > 0 else 0,
            debit=-amount if amount < 0 else 0,
            counterparty=first.counterparty,
            description=movement.communication[:200],
        )
        counterparty = first.counterparty
    else:
        counter = LineSpec(
            proposal.account_code or "499000",
            credit=amount if amount > 0 else 0,
            debit=-amount if amount < 0 else 0,
            description=movement.communication[:200],
        )
        counterparty = None
    bank = LineSpec(
        journal.account,
        debit=amount if amount > 0 else 0,
        credit=-amount if amount < 0 else 0,
        description=movement.counterparty_name[:200],
    )
    entry = entry_post(
        actor=actor,
        dossier=dossier,
        journal=journal,
        date=movement.booking_date,
        lines=[bank, counter],
        counterparty=counterparty,
        description=(movement.counterparty_name or movement.communication)[:200],
    )
    if items:
        new = EntryLine.objects.get(entry=entry, counterparty=counterparty, is_open_item=True)
        lines_match(
            actor=actor,
            dossier=dossier,
            lines=[new, *items],
            date=movement.booking_date,
            note=f"bank {movement.pk}",
        )
    return entry


def proposals_accept(*, actor: Any, proposals: Sequence[MatchProposal]) -> list[str]:
    """Accept several; each is its own transaction. Returns the refusals' reasons."""
    errors = []
    for p in proposals:
        try:
            proposal_accept(actor=actor, proposal=p)
        except ValidationError as exc:
            errors.append(f"{p.movement}: {' '.join(exc.messages)}")
    return errors
