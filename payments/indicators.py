"""Where an invoice's payment stands (G5) and the list of invoices to pay (G6).

A purchase invoice is *initiated* once a payment order exists for it (draft, waiting for
approval or in the basket), *in processing* once its order went out in a SEPA file, and
*done* once the order is marked paid, the invoice says it was paid, or the books show its
open item settled (bank matching of a CODA statement settles it in the ledger).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payments.models import OrderStatus, PaymentOrder
from tenancy.policy import Cap, can

INITIATED, PROCESSING, DONE = "initiated", "processing", "done"
LABELS = {
    INITIATED: gettext_lazy("payment initiated"),
    PROCESSING: gettext_lazy("payment in processing"),
    DONE: gettext_lazy("paid"),
}
CSS = {INITIATED: "text-bg-info", PROCESSING: "text-bg-primary", DONE: "text-bg-success"}
_ORDER_STATE: dict[str, str] = {
    OrderStatus.DRAFT: INITIATED,
    OrderStatus.TO_APPROVE: INITIATED,
    OrderStatus.APPROVED: INITIATED,
    OrderStatus.EXPORTED: PROCESSING,
    OrderStatus.PAID: DONE,
}


def settled_in_books(doc_ids: Iterable[int]) -> set[int]:
    """Documents whose open items in the ledger are all matched in full (by bank matching of a
    CODA statement, or by hand)."""
    from ledger.models import EntryLine
    from ledger.selectors import open_amounts

    lines = list(
        EntryLine.objects.filter(entry__document_id__in=list(doc_ids), is_open_item=True)
        .filter(matches__isnull=False)
        .values_list("pk", "entry__document_id")
        .distinct()
    )
    if not lines:
        return set()
    all_lines: dict[int, int] = {
        pk: doc_id
        for pk, doc_id in EntryLine.objects.filter(
            entry__document_id__in={d for _pk, d in lines}, is_open_item=True
        ).values_list("pk", "entry__document_id")
        if doc_id is not None
    }
    remaining = open_amounts(all_lines)
    docs: dict[int, bool] = {}
    for pk, doc_id in all_lines.items():
        docs[doc_id] = docs.get(doc_id, True) and remaining.get(pk, Decimal(1)) <= 0
    return {d for d, paid in docs.items() if paid}


def payment_states(documents: list) -> dict[int, str]:
    """document id -> initiated | processing | done, for those with a payment state."""
    ids = [d.pk for d in documents]
    states: dict[int, str] = {}
    rank = {INITIATED: 1, PROCESSING: 2, DONE: 3}
    for doc_id, status in (
        PaymentOrder.objects.filter(document_id__in=ids)
        .exclude(status=OrderStatus.REFUSED)
        .values_list("document_id", "status")
    ):
        state = _ORDER_STATE.get(status)
        if state and rank[state] > rank.get(states.get(doc_id, ""), 0):
            states[doc_id] = state
    for d in documents:
        if d.payment_status == "paid":
            states[d.pk] = DONE
    for doc_id in settled_in_books([i for i in ids if states.get(i) != DONE]):
        states[doc_id] = DONE
    return states


def _payable(document, user) -> bool:
    from documents.models import DocState, DocType, Mailbox
    from payments.invoice_approval import approval_blocks_payment

    return (
        not approval_blocks_payment(document)
        and document.mailbox == Mailbox.PURCHASES
        and document.doc_type == DocType.PURCHASE_INVOICE
        # Under invoice approval (B16) only approved invoices are paid.
        and document.state
        not in (
            DocState.DELETED,
            DocState.REPLACED,
            DocState.REJECTED,
            DocState.AWAITING_APPROVAL,
        )
        and can(user, Cap.PAYMENTS, document.dossier)
    )


def document_payment_rows(documents: list, user) -> dict[Any, Any]:
    """Per row of a document list ("document_payment_rows"): the payment indicator and, for a
    purchase invoice not paid yet, the link to pay it."""
    if not documents or not can(user, Cap.PAYMENTS, documents[0].dossier):
        return {}
    states = payment_states(documents)
    rows: dict[int, dict] = {}
    for d in documents:
        state = states.get(d.pk, "")
        row = {}
        if state:
            row = {"label": str(LABELS[state]), "css": CSS[state], "state": state}
        if state in ("", INITIATED) and _payable(d, user):
            row["pay_url"] = pay_url(d)
        if row:
            rows[d.pk] = row
    return rows


def pay_url(document) -> str:
    return reverse("payments_new", args=[document.dossier_id]) + f"?document={document.pk}"


def document_actions(document, user) -> dict[str, dict]:
    """Buttons on the invoice page ("document_actions"): Pay, when it can be paid."""
    if not _payable(document, user):
        return {}
    if payment_states([document]).get(document.pk) in (PROCESSING, DONE):
        return {}
    return {"pay": {"url": pay_url(document), "label": _("Pay"), "icon": "bank"}}


@dataclass
class DueRow:
    doc: Any  # documents.Document
    supplier: str
    invoice_number: str
    issue_date: date | None
    due_date: date | None
    amount: Decimal | None
    overdue: bool
    days_overdue: int
    pay_state: str
    pay_label: str


def due_invoices(*, dossier, on: date, sort: str = "due", descending: bool = False) -> list[DueRow]:
    """Purchase invoices not paid (unpaid or undefined) with what recognition read: supplier,
    number, due date, amount; `overdue` against the reference date `on` (G6)."""
    from documents.models import DocState, DocType, Document, Mailbox
    from recognition.models import Extraction

    docs = list(
        Document.objects.filter(
            dossier=dossier,
            mailbox=Mailbox.PURCHASES,
            doc_type=DocType.PURCHASE_INVOICE,
            payment_status__in=["unpaid", "undefined"],
        )
        .exclude(state__in=[DocState.DELETED, DocState.REPLACED])
        .select_related("original", "dossier")
    )
    current = {d.pk: d.original_id for d in docs}
    extractions = {
        x.document_id: x
        for x in Extraction.objects.filter(document__in=docs).only(
            "document_id",
            "version",
            "counterparty_name",
            "invoice_number",
            "due_date",
            "issue_date",
            "payable_amount",
            "total_incl_vat",
        )
        if x.version == current[x.document_id]
    }
    states = payment_states(docs)
    rows = []
    for d in docs:
        if states.get(d.pk) == DONE:
            continue
        x = extractions.get(d.pk)
        amount = None
        if x is not None:
            amount = x.payable_amount if x.payable_amount is not None else x.total_incl_vat
        due = x.due_date if x else None
        overdue = due is not None and due < on
        state = states.get(d.pk, "")
        rows.append(
            DueRow(
                doc=d,
                supplier=(x.counterparty_name if x else "") or str(d),
                invoice_number=x.invoice_number if x else "",
                issue_date=x.issue_date if x else None,
                due_date=due,
                amount=amount,
                overdue=overdue,
                days_overdue=(on - due).days if due is not None and overdue else 0,
                pay_state=state,
                pay_label=str(LABELS[state]) if state else "",
            )
        )
    keys: dict[str, Any] = {
        "due": lambda d: (d.due_date is None, d.due_date or date.max),
        "supplier": lambda d: d.supplier.lower(),
        "amount": lambda d: (d.amount is None, d.amount or Decimal(0)),
        "issued": lambda d: (d.issue_date is None, d.issue_date or date.max),
        "number": lambda d: d.invoice_number,
    }
    rows.sort(key=keys.get(sort, keys["due"]), reverse=descending)
    return rows
