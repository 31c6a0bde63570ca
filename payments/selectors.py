"""Reads of the payments app."""

from __future__ import annotations

from django.db.models import Count

from payments.checks import ogm_clean
from payments.models import OrderStatus, PaymentAccount, PaymentExport, PaymentOrder


def order_list(*, dossier, status: str = "", account_id: int | None = None, q: str = ""):
    rows = PaymentOrder.objects.filter(dossier=dossier).select_related("account", "document")
    if status:
        rows = rows.filter(status=status)
    if account_id:
        rows = rows.filter(account_id=account_id)
    if q:
        rows = rows.filter(creditor_name__icontains=q)
    return rows


TABS = {
    "draft": [OrderStatus.DRAFT],
    "to_approve": [OrderStatus.TO_APPROVE],
    "to_execute": [OrderStatus.APPROVED],
    "executed": [OrderStatus.EXPORTED, OrderStatus.PAID],
}


def basket(*, dossier, tab: str):
    """One tab of the payment basket (G3)."""
    statuses = TABS.get(tab, TABS["to_execute"])
    return (
        PaymentOrder.objects.filter(dossier=dossier, status__in=statuses)
        .select_related("account", "document", "export")
        .order_by("execution_date", "pk")
    )


def tab_counts(*, dossier) -> dict[str, int]:
    counts = dict(
        PaymentOrder.objects.filter(dossier=dossier)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {tab: sum(counts.get(s, 0) for s in statuses) for tab, statuses in TABS.items()}


def accounts(*, dossier, form_only: bool = False) -> list:
    """The dossier's bank accounts with their payment settings (`.pay`), the default first;
    `form_only` keeps the subset chosen for the payment form."""
    from bank.models import BankAccount
    from payments.services import account_settings

    rows: list[tuple[BankAccount, PaymentAccount]] = []
    for account in BankAccount.objects.filter(dossier=dossier).order_by("number"):
        pay = account_settings(account)
        if form_only and not pay.visible:
            continue
        setattr(account, "pay", pay)  # noqa: B010 (read by templates and the API)
        rows.append((account, pay))
    rows.sort(key=lambda row: not row[1].is_default)
    return [account for account, _pay in rows]


def export_list(*, dossier):
    return PaymentExport.objects.filter(dossier=dossier).select_related("account").order_by("-pk")


def prefill_from_document(*, document) -> dict:
    """The form's initial values from the invoice's recognised fields (G1)."""
    from recognition.selectors import extraction_for_document

    x = extraction_for_document(document=document)
    if x is None:
        return {}
    initial: dict = {
        "creditor_name": x.counterparty_name[:70],
        "creditor_iban": x.counterparty_iban,
        "amount": x.payable_amount if x.payable_amount is not None else x.total_incl_vat,
    }
    if x.due_date:
        initial["execution_date"] = x.due_date
    bic = (x.fields or {}).get("bic") or (x.fields or {}).get("counterparty_bic")
    if isinstance(bic, dict) and bic.get("value"):
        initial["creditor_bic"] = str(bic["value"])
    ref = x.payment_reference
    if ref:
        try:
            initial["communication"] = ogm_clean(ref)
            initial["communication_kind"] = "structured"
        except Exception:
            initial["communication"] = ref[:140]
            initial["communication_kind"] = "free"
    return {k: v for k, v in initial.items() if v not in (None, "")}


def document_notices(document, user) -> dict[str, str]:
    """G5 on the invoice page ("document_notices"): where its latest payment order stands,
    and whether it is paid, for those who may see payments."""
    from django.utils.translation import gettext as _

    from payments.indicators import DONE, LABELS, payment_states
    from tenancy.policy import Cap, can

    if not can(user, Cap.PAYMENTS, document.dossier):
        return {}
    notices = {}
    order = PaymentOrder.objects.filter(document=document).order_by("-pk").first()
    if order is not None:
        notices["payment"] = _("Payment order of %(amount)s EUR: %(status)s") % {
            "amount": order.amount,
            "status": order.get_status_display(),
        }
    if payment_states([document]).get(document.pk) == DONE:
        notices["payment_state"] = str(LABELS[DONE]).capitalize()
    return notices
