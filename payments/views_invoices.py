"""Purchase-invoice approval pages (B16): the approvals list with its tabs, the decision,
and the administrators' switch and rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import document_visible
from payments import invoice_approval as ia
from payments.forms import InvoiceRuleForm
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, can

TABS = ("mine", "others", "approved", "rejected")


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _users(dossier):
    from tenancy.models import User

    return User.objects.filter(memberships__dossier=dossier).order_by("email")


@dossier_access(Cap.APPROVAL)
def approvals_view(request, dossier_id: int):
    """Purchase invoices: to approve by me, by others, approved, rejected."""
    from documents.models import DocState, DocType, Document, Mailbox

    tab = request.GET.get("tab", "mine")
    if tab not in TABS:
        tab = "mine"
    docs = Document.objects.filter(
        dossier=request.dossier,
        mailbox=Mailbox.PURCHASES,
        doc_type__in=[DocType.PURCHASE_INVOICE, DocType.PURCHASE_CREDIT_NOTE],
    ).select_related("original", "dossier")
    counts = {}
    waiting = list(docs.filter(state=DocState.AWAITING_APPROVAL)[:500])
    mine = [d for d in waiting if ia.may_decide(request.user, d)]
    others = [d for d in waiting if d not in mine]
    for d in others:
        names = ", ".join(u.get_full_name() or u.email for u in ia.approvers_waited_for(d))
        setattr(d, "waiting_for", names)  # noqa: B010 (a template-only attribute)
    lists = {
        "mine": mine,
        "others": others,
        "approved": list(docs.filter(state=DocState.APPROVED)[:500]),
        "rejected": list(docs.filter(state=DocState.REJECTED)[:500]),
    }
    counts = {k: len(v) for k, v in lists.items()}
    return render(
        request,
        "payments/invoice_approvals.html",
        {
            "dossier": request.dossier,
            "tab": tab,
            "tabs": [
                ("mine", _("To approve by me")),
                ("others", _("To approve by others")),
                ("approved", _("Approved")),
                ("rejected", _("Rejected")),
            ],
            "counts": counts,
            "rows": lists[tab],
            "approval_on": ia.invoice_approval_on(request.dossier),
            "may_configure": can(request.user, Cap.CLIENT_SETTINGS, request.dossier),
        },
    )


@require_POST
@object_access("documents.Document", Cap.APPROVAL, "document_id", check=document_visible)
def decide_view(request, document_id: int):
    doc = request.fidu_object
    approve = request.POST.get("decision") == "approve"
    try:
        state = ia.decide(actor=request.user, document=doc, approve=approve)
    except PermissionDenied:
        messages.error(request, _("You may not approve this invoice."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if state == "approved":
            messages.success(request, _("Invoice approved."))
        elif state == "rejected":
            messages.success(request, _("Invoice rejected."))
        else:
            messages.success(request, _("Your approval is recorded; others must approve too."))
    if request.POST.get("next") == "list":
        return redirect("payments_invoice_approvals", dossier_id=doc.dossier_id)
    return redirect("document_detail", document_id=doc.pk)


@dossier_access(Cap.CLIENT_SETTINGS)
def settings_view(request, dossier_id: int):
    form = InvoiceRuleForm(request.POST or None, users=_users(request.dossier))
    if request.method == "POST" and form.is_valid():
        try:
            ia.rule_save(actor=request.user, dossier=request.dossier, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Approval rule saved."))
            return redirect("payments_invoice_settings", dossier_id=dossier_id)
    return render(
        request,
        "payments/invoice_settings.html",
        {
            "dossier": request.dossier,
            "rules": ia.rules_of(request.dossier),
            "form": form,
            "approval_on": ia.invoice_approval_on(request.dossier),
        },
    )


@require_POST
@dossier_access(Cap.CLIENT_SETTINGS)
def switch_view(request, dossier_id: int):
    enabled = request.POST.get("enabled") == "1"
    ia.switch(actor=request.user, dossier=request.dossier, enabled=enabled)
    messages.success(
        request, _("Invoice approval is on.") if enabled else _("Invoice approval is off.")
    )
    return redirect("payments_invoice_settings", dossier_id=dossier_id)


@object_access("payments.InvoiceRule", Cap.CLIENT_SETTINGS, "rule_id")
def rule_edit_view(request, rule_id: int):
    rule = request.fidu_object
    initial = {
        "name": rule.name,
        "approvers": list(rule.approvers.all()),
        "suppliers": rule.suppliers,
        "labels": rule.labels,
        "min_amount": rule.min_amount,
    }
    form = InvoiceRuleForm(
        request.POST or None,
        initial=initial,
        users=_users(request.dossier),
        default=rule.is_default,
    )
    if request.method == "POST" and form.is_valid():
        try:
            ia.rule_save(
                actor=request.user, dossier=request.dossier, rule=rule, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Approval rule saved."))
            return redirect("payments_invoice_settings", dossier_id=request.dossier.pk)
    return render(
        request,
        "payments/invoice_rule_edit.html",
        {"dossier": request.dossier, "rule": rule, "form": form},
    )


@require_POST
@object_access("payments.InvoiceRule", Cap.CLIENT_SETTINGS, "rule_id")
def rule_delete_view(request, rule_id: int):
    try:
        ia.rule_delete(actor=request.user, rule=request.fidu_object)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Approval rule deleted."))
    return redirect("payments_invoice_settings", dossier_id=request.dossier.pk)
