"""The validation status of a proposal (C5), derived from its content and checks.

Nobody types a status in: "checked" (`checked_at`) and "help needed" (`help_needed`)
are a person's acts; everything else follows from the fields, the lines, the books
and the duplicate check. `evaluate()` returns the status and the list of problems
shown next to the fields (errors stop sending; warnings do not).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop

from booking.enrich import period_is_open
from booking.models import ZERO, Proposal, ProposalLine, Status
from core.texts import render, stored

# Message ids: the problems are stored as codes (core.texts) and translated when shown.
MANDATORY = {
    "invoice_date": gettext_noop("Invoice date"),
    "invoice_number": gettext_noop("Invoice number"),
    "counterparty": gettext_noop("Counterparty"),
    "total": gettext_noop("Total incl. VAT"),
    "journal": gettext_noop("Journal"),
    "period": gettext_noop("Period"),
}
_MISSING = gettext_noop("%(field)s is missing.")


def _(msgid: str, **params: Any) -> dict:
    return stored(msgid, **params)


@dataclass(frozen=True)
class Problem:
    field: str
    message: dict  # core.texts.stored(...)
    level: str = "error"  # error | warning

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message, "level": self.level}


def problem_text(problem: dict) -> str:
    """A stored problem in the reader's language (older rows hold a sentence: shown as is)."""
    message = problem.get("message")
    if isinstance(message, dict) and "field" in (message.get("params") or {}):
        params = {**message["params"], "field": gettext(message["params"]["field"])}
        message = {**message, "params": params}
    return render(message)


def problem_texts(problems: list[dict], level: str | None = None) -> list[str]:
    return [problem_text(pr) for pr in problems if level is None or pr.get("level") == level]


def lines_total(lines: list[ProposalLine]) -> Decimal:
    return sum((ln.base + ln.vat for ln in lines), ZERO)


def problems_of(proposal: Proposal, lines: list[ProposalLine], suspense_id: int | None) -> list:
    out: list[Problem] = []
    for name, label in MANDATORY.items():
        if name == "counterparty":
            if proposal.counterparty_id is None and not proposal.new_name.strip():
                out.append(Problem(name, _(_MISSING, field=label)))
            continue
        value = getattr(proposal, f"{name}_id" if name in ("journal", "period") else name)
        if value in (None, ""):
            out.append(Problem(name, _(_MISSING, field=label)))
    for i, line in enumerate(lines, start=1):
        if line.account_id is None:
            out.append(
                Problem(f"line-{i}", _(gettext_noop("Line %(n)s has no GL account."), n=i)),
            )
    if lines and proposal.total is not None and lines_total(lines) != proposal.total:
        out.append(
            Problem(
                "lines",
                _(
                    gettext_noop("The lines add up to %(lines)s but the total is %(total)s."),
                    lines=lines_total(lines),
                    total=proposal.total,
                ),
            )
        )
    if proposal.total is not None and proposal.total == ZERO:
        out.append(Problem("total", _(gettext_noop("The total is zero."))))
    if proposal.period_id and proposal.period is not None:
        period = proposal.period
        if not period_is_open(period, proposal.journal):
            out.append(
                Problem("period", _(gettext_noop("Period %(p)s is closed."), p=period.label)),
            )
        elif proposal.invoice_date and not (period.start <= proposal.invoice_date <= period.end):
            out.append(
                Problem(
                    "invoice_date",
                    _(gettext_noop("The invoice date falls outside period %(p)s."), p=period.label),
                    "warning",
                )
            )
    if proposal.journal_id and proposal.journal is not None:
        want = "sales" if proposal.direction == "sales" else "purchases"
        if proposal.journal.kind != want:
            out.append(
                Problem("journal", _(gettext_noop("This journal is not a %(k)s journal."), k=want))
            )
    if proposal.duplicate_of_id and not proposal.duplicate_dismissed:
        out.append(
            Problem(
                "duplicate",
                _(
                    gettext_noop("A similar invoice is already in this dossier (document %(id)s)."),
                    id=proposal.duplicate_of_id,
                ),
                "warning",
            )
        )
    if proposal.currency != "EUR" and proposal.exchange_rate in (None, ZERO):
        out.append(
            Problem(
                "exchange_rate", _(gettext_noop("No exchange rate for %(c)s."), c=proposal.currency)
            )
        )
    if not lines:
        out.append(
            Problem(
                "lines",
                _(gettext_noop("No detail lines: the total goes to the suspense account.")),
                "warning",
            )
        )
    elif suspense_id and any(ln.account_id == suspense_id for ln in lines):
        out.append(
            Problem("lines", _(gettext_noop("A line is on the suspense account.")), "warning")
        )
    return out


def derive_status(proposal: Proposal, problems: list[Problem], suspense: bool) -> str:
    recognised = proposal.invoice_number or proposal.invoice_date or proposal.total is not None
    if not recognised and proposal.technical_error:
        return Status.TECHNICAL_ERROR
    if proposal.help_needed:
        return Status.HELP
    if not recognised:
        return Status.NOTHING
    if any(p.level == "error" for p in problems):
        return Status.MISSING
    if proposal.checked_at:
        return Status.CHECKED_SUSPENSE if suspense else Status.CHECKED
    if proposal.duplicate_of_id and not proposal.duplicate_dismissed:
        return Status.DUPLICATE
    if proposal.is_new_counterparty:
        return Status.COMPLETE_NEW
    return Status.COMPLETE


def evaluate(proposal: Proposal, lines: list[ProposalLine], suspense_id: int | None):
    """Set status, problems, suspense and the worklist labels on `proposal` (not saved)."""
    problems = problems_of(proposal, lines, suspense_id)
    suspense = not lines or any(ln.account_id == suspense_id for ln in lines if suspense_id)
    proposal.suspense = suspense
    proposal.problems = [p.as_dict() for p in problems]
    proposal.status = derive_status(proposal, problems, suspense)
    codes = []
    for ln in lines:
        code = ln.account.code if ln.account_id and ln.account else "?"
        if code not in codes:
            codes.append(code)
    proposal.accounts_label = ", ".join(codes)[:120]
    rates = []
    for ln in lines:
        if ln.vat_code_id and ln.vat_code:
            r = f"{ln.vat_code.rate.normalize():f}%"
            if r not in rates:
                rates.append(r)
    proposal.vat_label = ", ".join(rates)[:60]
    if proposal.counterparty_id and proposal.counterparty:
        proposal.counterparty_label = proposal.counterparty.name[:200]
    else:
        proposal.counterparty_label = (proposal.new_name or proposal.new_vat)[:200]
    return problems
