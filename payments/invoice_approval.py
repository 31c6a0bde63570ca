"""Purchase-invoice approval (B16).

Switched on by an administrator, with a default rule catching every invoice (its approvers:
that administrator, to begin with). Other rules name approvers and, optionally, suppliers,
labels and an amount from which they apply; every rule that applies to an invoice must be
approved by one of its approvers, the default rule only when no other applies. One
rejection rejects the invoice.

The invoice moves through the documents app's states: *to approve* (AWAITING_APPROVAL),
*approved*, *rejected*. documents asks, through extension points, whether a document may be
sent ("send_blocked") and whether auto-forwarding may run ("document_gates"); only
approved purchase invoices can be sent or paid, rejected ones only opened or deleted.
An invoice is put under approval once recognition read it (event "recognition.extracted"),
so that the rules see its supplier and amount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import extensions
from core.audit import audit_log
from payments.models import InvoiceApprovalStep, InvoiceRule, PaymentSettings
from tenancy.policy import Cap, can


def invoice_approval_on(dossier) -> bool:
    row = PaymentSettings.objects.filter(dossier_id=getattr(dossier, "pk", dossier)).first()
    return bool(row and row.invoice_approval_enabled)


def rules_of(dossier):
    return InvoiceRule.objects.filter(dossier=dossier).prefetch_related("approvers")


def _lines(text: str) -> list[str]:
    return [x.strip().lower() for x in (text or "").splitlines() if x.strip()]


def _is_purchase_invoice(document) -> bool:
    from documents.models import DocType, Mailbox

    return document.mailbox == Mailbox.PURCHASES and document.doc_type in (
        DocType.PURCHASE_INVOICE,
        DocType.PURCHASE_CREDIT_NOTE,
    )


def _facts(document) -> tuple[set[str], Decimal | None]:
    """The invoice's supplier keys (name, VAT number) and amount, as recognition read them."""
    from recognition.selectors import extraction_for_document

    x = extraction_for_document(document=document)
    if x is None:
        return set(), None
    keys = {v.strip().lower() for v in (x.counterparty_name, x.counterparty_vat) if v}
    vat = (x.counterparty_vat or "").replace(" ", "").replace(".", "").lower()
    if vat:
        keys.add(vat)
    amount = x.payable_amount if x.payable_amount is not None else x.total_incl_vat
    return keys, amount


def rules_for(document) -> list[InvoiceRule]:
    suppliers, amount = _facts(document)
    labels = {lbl.strip().lower() for lbl in document.labels or []}
    applying = []
    default = None
    for rule in rules_of(document.dossier):
        if rule.is_default:
            default = rule
            continue
        wanted = _lines(rule.suppliers)
        if wanted and not any(
            w.replace(" ", "").replace(".", "") in {s.replace(" ", "") for s in suppliers}
            or w in suppliers
            for w in wanted
        ):
            continue
        if _lines(rule.labels) and not labels & set(_lines(rule.labels)):
            continue
        if rule.min_amount is not None and (amount is None or amount < rule.min_amount):
            continue
        applying.append(rule)
    if not applying and default is not None:
        applying = [default]
    return applying


def switch(*, actor, dossier, enabled: bool) -> None:
    from documents.models import DocState, Document

    if not can(actor, Cap.CLIENT_SETTINGS, dossier):
        raise PermissionDenied
    with transaction.atomic():
        row, _made = PaymentSettings.objects.select_for_update().get_or_create(dossier=dossier)
        row.invoice_approval_enabled = enabled
        row.save(update_fields=["invoice_approval_enabled"])
        if enabled and not InvoiceRule.objects.filter(dossier=dossier, is_default=True).exists():
            default = InvoiceRule.objects.create(
                dossier=dossier, name=str(_("Every other invoice")), is_default=True
            )
            default.approvers.add(actor)
        waiting = Document.objects.filter(dossier=dossier, state=DocState.AWAITING_APPROVAL)
        if not enabled:  # nothing to wait for any more
            InvoiceApprovalStep.objects.filter(document__in=waiting, decision="").delete()
            waiting.update(state=DocState.INBOX)
        audit_log(
            actor=actor,
            action="payments.invoice_approval_switched",
            obj=dossier,
            data={"on": enabled},
        )
    if enabled:
        for doc in Document.objects.filter(dossier=dossier, state=DocState.INBOX):
            submit(document=doc, actor=actor)


def rule_save(
    *,
    actor,
    dossier,
    name: str,
    approvers: list,
    suppliers: str = "",
    labels: str = "",
    min_amount: Decimal | None = None,
    rule: InvoiceRule | None = None,
) -> InvoiceRule:
    from tenancy.models import DossierMembership

    if not can(actor, Cap.CLIENT_SETTINGS, dossier):
        raise PermissionDenied
    if not name.strip():
        raise ValidationError(_("Give the rule a name."))
    if not approvers:
        raise ValidationError(_("A rule needs at least one approver."))
    members = set(
        DossierMembership.objects.filter(dossier=dossier).values_list("user_id", flat=True)
    )
    if any(u.pk not in members for u in approvers):
        raise ValidationError(_("Choose users of this dossier."))
    if min_amount is not None and min_amount < 0:
        raise ValidationError(_("The amount cannot be negative."))
    with transaction.atomic():
        if rule is None:
            rule = InvoiceRule(dossier=dossier)
        elif rule.dossier_id != dossier.pk:
            raise PermissionDenied
        rule.name = name.strip()[:100]
        if not rule.is_default:  # the catch-all has no criteria
            rule.suppliers, rule.labels, rule.min_amount = suppliers, labels, min_amount
        rule.save()
        rule.approvers.set(approvers)
        audit_log(
            actor=actor,
            action="payments.invoice_rule_saved",
            obj=rule,
            dossier_id=dossier.pk,
            data={"name": rule.name, "approvers": [u.email for u in approvers]},
        )
    return rule


def rule_delete(*, actor, rule: InvoiceRule) -> None:
    if not can(actor, Cap.CLIENT_SETTINGS, rule.dossier):
        raise PermissionDenied
    if rule.is_default:
        raise ValidationError(_("The default rule cannot be deleted."))
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="payments.invoice_rule_deleted",
            obj=rule,
            dossier_id=rule.dossier_id,
            data={"name": rule.name},
        )
        rule.delete()


def submit(*, document, actor=None) -> bool:
    """Put a purchase invoice of the inbox under approval; False when it is not one."""
    from documents.models import DocState, Document

    if not (
        _is_purchase_invoice(document)
        and document.state == DocState.INBOX
        and invoice_approval_on(document.dossier)
    ):
        return False
    rules = rules_for(document)
    if not rules:
        return False
    with transaction.atomic():
        moved = Document.objects.filter(pk=document.pk, state=DocState.INBOX).update(
            state=DocState.AWAITING_APPROVAL
        )
        if not moved:
            return False
        document.state = DocState.AWAITING_APPROVAL
        InvoiceApprovalStep.objects.bulk_create(
            InvoiceApprovalStep(document=document, rule=r) for r in rules
        )
        audit_log(
            actor=actor,
            action="payments.invoice_submitted",
            obj=document,
            data={"rules": [r.name for r in rules]},
        )
        users = {u.pk: u for r in rules for u in r.approvers.all()}
        url = reverse("document_detail", args=[document.pk])
        ids = list(users)
        transaction.on_commit(
            lambda: extensions.notify(
                "payments.approval_requested",
                dossier_id=document.dossier_id,
                user_ids=ids,
                kind="invoice",
                label=str(document),
                url=url,
            )
        )
    return True


def on_extracted(document_id: int) -> None:
    """recognition read an invoice: put it under approval when the dossier wants it."""
    from documents.models import Document

    doc = Document.objects.select_related("dossier", "original").filter(pk=document_id).first()
    if doc is not None:
        submit(document=doc)


def pending_steps(document):
    return InvoiceApprovalStep.objects.filter(document=document, decision="").select_related("rule")


def approvers_waited_for(document) -> list:
    users: dict[int, object] = {}
    for step in pending_steps(document).prefetch_related("rule__approvers"):
        if step.rule is not None:
            for u in step.rule.approvers.all():
                users[u.pk] = u
    return list(users.values())


def may_decide(user, document) -> bool:
    from documents.models import DocState

    return document.state == DocState.AWAITING_APPROVAL and any(
        u.pk == user.pk for u in approvers_waited_for(document)
    )


def decide(*, actor, document, approve: bool) -> str:
    from documents.models import DocState, Document

    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document.pk)
        if doc.state != DocState.AWAITING_APPROVAL:
            raise ValidationError(_("This invoice does not wait for approval."))
        if not may_decide(actor, doc):
            raise PermissionDenied
        now = timezone.now()
        mine = [
            s
            for s in pending_steps(doc).prefetch_related("rule__approvers")
            if s.rule is not None and actor in s.rule.approvers.all()
        ]
        decision = "approved" if approve else "rejected"
        InvoiceApprovalStep.objects.filter(pk__in=[s.pk for s in mine]).update(
            decision=decision, decided_by=actor, decided_at=now
        )
        if not approve:
            doc.state = DocState.REJECTED
        elif not pending_steps(doc).exists():
            doc.state = DocState.APPROVED
        doc.save(update_fields=["state", "updated_at"])
        audit_log(
            actor=actor,
            action="payments.invoice_approved" if approve else "payments.invoice_rejected",
            obj=doc,
            data={"rules": [s.rule.name for s in mine if s.rule]},
        )
        return doc.state


# --- what documents asks (extension points) ----------------------------------------------


def approval_blocks_payment(document) -> bool:
    """Only approved invoices are paid under approval: not those of the inbox, waiting or
    rejected."""
    from documents.models import DocState

    if document.state in (DocState.AWAITING_APPROVAL, DocState.REJECTED):
        return True
    return (
        document.state == DocState.INBOX
        and _is_purchase_invoice(document)
        and invoice_approval_on(document.dossier_id)
    )


def send_blocked(documents) -> dict[Any, Any]:
    """Purchase invoices that may not be sent yet under approval ("send_blocked")."""
    from documents.models import DocState

    if not documents or not invoice_approval_on(documents[0].dossier_id):
        return {}
    return {
        d.pk: gettext("%(doc)s is not approved") % {"doc": d}
        for d in documents
        if _is_purchase_invoice(d) and d.state != DocState.APPROVED
    }


def document_gates(dossier) -> dict[str, str]:
    """Intake settings documents must switch off, with the reason ("document_gates")."""
    if not invoice_approval_on(dossier):
        return {}
    return {
        "auto_forward_purchases": gettext(
            "Off while purchase-invoice approval is on: invoices are sent once approved."
        )
    }


def document_actions(document, user) -> dict[str, dict]:
    if not may_decide(user, document):
        return {}
    url = reverse("payments_invoice_decide", args=[document.pk])
    return {
        "approve": {"url": url, "label": gettext("Approve"), "icon": "check-lg", "post": "approve"},
        "reject": {"url": url, "label": gettext("Reject"), "icon": "x-lg", "post": "reject"},
    }


def document_notices(document, user) -> dict[str, str]:
    from documents.models import DocState

    if document.state != DocState.AWAITING_APPROVAL:
        return {}
    users = approvers_waited_for(document)
    if any(u.pk == user.pk for u in users):
        return {"invoice_approval": gettext("This invoice waits for your approval.")}
    names = ", ".join(u.get_full_name() or u.email for u in users)
    return {
        "invoice_approval": gettext("This invoice waits for approval by %(names)s.")
        % {"names": names}
    }
