"""Reads of the payments app."""

from __future__ import annotations

from payments.checks import ogm_clean
from payments.models import PaymentExport, PaymentOrder


def order_list(*, dossier, status: str = "", account_id: int | None = None, q: str = ""):
    rows = PaymentOrder.objects.filter(dossier=dossier).select_related("account", "document")
    if status:
        rows = rows.filter(status=status)
    if account_id:
        rows = rows.filter(account_id=account_id)
    if q:
        rows = rows.filter(creditor_name__icontains=q)
    return rows


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
    for those who may see payments."""
    from django.utils.translation import gettext as _

    from tenancy.policy import Cap, can

    if not can(user, Cap.PAYMENTS, document.dossier):
        return {}
    order = PaymentOrder.objects.filter(document=document).order_by("-pk").first()
    if order is None:
        return {}
    return {
        "payment": _("Payment order of %(amount)s EUR: %(status)s")
        % {"amount": order.amount, "status": order.get_status_display()}
    }
