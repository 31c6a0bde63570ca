"""Payments pages (G1-G4): the order list with the basket, the form from an invoice, one
order with its EPC QR code and approval, the SEPA files."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bank.models import BankAccount
from documents.models import Document, Mailbox
from payments import approval, indicators, services
from payments import selectors as sel
from payments.epc import EpcRefused, order_payload, qr_png, qr_svg
from payments.forms import AccountForm, DueForm, ExportForm, OrderForm
from payments.models import OrderStatus
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, can

PAGE_SIZE = 50


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@dossier_access(Cap.PAYMENTS)
def payments_view(request, dossier_id: int):
    """The payment basket (G3): tabs to approve, to execute, executed (and drafts)."""
    tab = request.GET.get("tab", "")
    counts = sel.tab_counts(dossier=request.dossier)
    if tab not in sel.TABS:
        tab = "to_approve" if counts["to_approve"] and not counts["to_execute"] else "to_execute"
    rows = sel.basket(dossier=request.dossier, tab=tab)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if tab == "to_approve":  # those the reader may decide first, then the others' (G4)
        for o in page:
            o.mine = approval.may_decide(request.user, o)
            o.waiting = approval.waiting_for(o)
        page.object_list = sorted(page.object_list, key=lambda o: not o.mine)
    return render(
        request,
        "payments/list.html",
        {
            "dossier": request.dossier,
            "tab": tab,
            "tabs": [
                ("to_approve", _("To approve")),
                ("to_execute", _("To execute")),
                ("executed", _("Executed")),
                ("draft", _("Drafts")),
            ],
            "counts": counts,
            "page": page,
            "exports": sel.export_list(dossier=request.dossier)[:50] if tab == "executed" else [],
            "may_approve": can(request.user, Cap.APPROVAL, request.dossier),
            "may_configure": can(request.user, Cap.CLIENT_SETTINGS, request.dossier),
            "approval_on": approval.approval_on(request.dossier),
        },
    )


def _order_data(d: dict, document=None) -> services.OrderData:
    return services.OrderData(
        account=d["account"],
        amount=d["amount"],
        execution_date=d["execution_date"],
        creditor_name=d["creditor_name"],
        creditor_iban=d["creditor_iban"],
        creditor_bic=d["creditor_bic"],
        communication_kind=d["communication_kind"],
        communication=d["communication"],
        document=document,
        idempotency_key=d.get("idempotency_key") or "",
        rule=d.get("rule"),
    )


def _rules(dossier):
    return approval.rules_of(dossier) if approval.approval_on(dossier) else None


def _form_accounts(dossier):
    rows = sel.accounts(dossier=dossier, form_only=True)
    return rows, BankAccount.objects.filter(pk__in=[a.pk for a in rows]).order_by("number")


@dossier_access(Cap.PAYMENTS)
def order_new_view(request, dossier_id: int):
    rows, accounts = _form_accounts(request.dossier)
    document = None
    if request.GET.get("document"):
        document = get_object_or_404(
            Document,
            pk=request.GET["document"],
            dossier=request.dossier,
            mailbox=Mailbox.PURCHASES,
        )
    if request.method == "POST":
        form = OrderForm(request.POST, accounts=accounts, rules=_rules(request.dossier))
        if form.is_valid():
            try:
                order = services.order_create(
                    actor=request.user,
                    dossier=request.dossier,
                    data=_order_data(form.cleaned_data, document),
                    submit="draft" not in request.POST,
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                if order.status == OrderStatus.DRAFT:
                    messages.info(request, _("Payment order saved as a draft."))
                elif order.status == OrderStatus.TO_APPROVE:
                    messages.info(request, _("Payment order created; it waits for approval."))
                else:
                    messages.success(request, _("Payment order created and approved."))
                return redirect("payments_order", order_id=order.pk)
    else:
        initial = {
            "execution_date": timezone.localdate(),
            "idempotency_key": secrets.token_hex(16),
        }
        if rows:
            initial["account"] = rows[0].pk  # the default account comes first
        if document is not None:
            initial.update(sel.prefill_from_document(document=document))
        form = OrderForm(initial=initial, accounts=accounts, rules=_rules(request.dossier))
    return render(
        request,
        "payments/order_form.html",
        {"dossier": request.dossier, "form": form, "document": document, "accounts": rows},
    )


@object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id")
def order_edit_view(request, order_id: int):
    """A draft is edited, then saved again or submitted."""
    order = request.fidu_object
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only a draft payment order can be edited."))
        return redirect("payments_order", order_id=order.pk)
    rows, accounts = _form_accounts(request.dossier)
    accounts = BankAccount.objects.filter(
        pk__in=[a.pk for a in rows] + [order.account_id]
    ).order_by("number")
    if request.method == "POST":
        form = OrderForm(request.POST, accounts=accounts, rules=_rules(request.dossier))
        if form.is_valid():
            try:
                with transaction.atomic():
                    order = services.order_update(
                        actor=request.user, order=order, data=_order_data(form.cleaned_data)
                    )
                    if "draft" not in request.POST:
                        order = services.order_submit(
                            actor=request.user, order=order, rule=form.cleaned_data.get("rule")
                        )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("Payment order saved."))
                return redirect("payments_order", order_id=order.pk)
    else:
        form = OrderForm(
            initial={
                "account": order.account_id,
                "amount": order.amount,
                "execution_date": order.execution_date,
                "creditor_name": order.creditor_name,
                "creditor_iban": order.creditor_iban,
                "creditor_bic": order.creditor_bic,
                "communication_kind": order.communication_kind,
                "communication": order.communication,
            },
            accounts=accounts,
            rules=_rules(request.dossier),
        )
    return render(
        request,
        "payments/order_form.html",
        {
            "dossier": request.dossier,
            "form": form,
            "document": order.document,
            "accounts": rows,
            "order": order,
        },
    )


@dossier_access(Cap.CLIENT_SETTINGS)
def accounts_view(request, dossier_id: int):
    """Per account: BIC, default, shown in the form, bank file format (G1, G3)."""
    rows = sel.accounts(dossier=request.dossier)
    if request.method == "POST":
        account = get_object_or_404(
            BankAccount, pk=request.POST.get("account"), dossier=request.dossier
        )
        form = AccountForm(request.POST, prefix=f"a{account.pk}")
        if form.is_valid():
            try:
                services.account_settings_save(
                    actor=request.user, account=account, **form.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("Bank account saved."))
                return redirect("payments_accounts", dossier_id=dossier_id)
        else:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    forms = [
        (
            a,
            AccountForm(
                prefix=f"a{a.pk}",
                initial={
                    "bic": a.pay.bic,
                    "is_default": a.pay.is_default,
                    "visible": a.pay.visible,
                    "pain_version": a.pay.pain_version,
                },
            ),
        )
        for a in rows
    ]
    return render(request, "payments/accounts.html", {"dossier": request.dossier, "forms": forms})


@object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id")
def order_view(request, order_id: int):
    order = request.fidu_object
    try:
        payload = order_payload(order)
    except EpcRefused:
        payload = ""
    return render(
        request,
        "payments/order.html",
        {
            "dossier": request.dossier,
            "order": order,
            "epc": payload,
            "may_approve": approval.may_decide(request.user, order),
            "waiting": approval.waiting_for(order),
        },
    )


@object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id")
def order_qr_view(request, order_id: int):
    try:
        payload = order_payload(request.fidu_object)
    except EpcRefused:
        return HttpResponse(status=404)
    if request.GET.get("format") == "png":
        return HttpResponse(qr_png(payload), content_type="image/png")
    return HttpResponse(qr_svg(payload), content_type="image/svg+xml")


@require_POST
@object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id")
def order_decide_view(request, order_id: int):
    order = request.fidu_object
    decide = (
        services.order_approve
        if request.POST.get("decision") == "approve"
        else (services.order_refuse)
    )
    try:
        order = decide(actor=request.user, order=order)
    except PermissionDenied:
        messages.error(request, _("You may not approve this payment order."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if order.status == OrderStatus.APPROVED:
            messages.success(request, _("Payment order approved."))
        elif order.status == OrderStatus.TO_APPROVE:
            messages.success(request, _("Your approval is recorded; others must approve too."))
        else:
            messages.success(request, _("Payment order refused."))
    if can(request.user, Cap.PAYMENTS, request.dossier):
        return redirect("payments_order", order_id=order.pk)
    return redirect("dossier_home", dossier_id=request.dossier.pk)


@require_POST
@object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id")
def order_paid_view(request, order_id: int):
    try:
        services.order_mark_paid(actor=request.user, order=request.fidu_object)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Payment order marked as paid."))
    return redirect("payments_order", order_id=order_id)


@require_POST
@dossier_access(Cap.PAYMENTS)
def export_view(request, dossier_id: int):
    approved = sel.order_list(dossier=request.dossier, status=OrderStatus.APPROVED)
    form = ExportForm(request.POST, choices=[o.pk for o in approved])
    if not form.is_valid():
        messages.error(request, _("Choose at least one approved payment order."))
        return redirect("payments", dossier_id=dossier_id)
    orders = list(approved.filter(pk__in=form.cleaned_data["ids"]))
    try:
        exports = services.exports_per_account(
            actor=request.user,
            dossier=request.dossier,
            orders=orders,
            execution_date=form.cleaned_data["execution_date"],
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("payments", dossier_id=dossier_id)
    messages.success(
        request,
        ngettext(
            "SEPA file created: download it and hand it to your bank.",
            "%(count)d SEPA files created, one per account: download them and hand them to your bank.",
            len(exports),
        )
        % {"count": len(exports)},
    )
    return redirect(reverse("payments", args=[dossier_id]) + "?tab=executed")


@object_access("payments.PaymentExport", Cap.PAYMENTS, "export_id")
def export_download_view(request, export_id: int):
    export = request.fidu_object
    response = HttpResponse(export.xml.encode("utf-8"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{export.message_id}.xml"'
    return response


SORTS = ("due", "supplier", "number", "issued", "amount")


@dossier_access(Cap.PAYMENTS)
def due_view(request, dossier_id: int):
    """Invoices to pay (G6): unpaid and undefined ones, overdue in red against a reference
    date, sortable columns."""
    form = DueForm(request.GET or None)
    on = timezone.localdate()
    if form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    sort = request.GET.get("sort", "due")
    if sort.lstrip("-") not in SORTS:
        sort = "due"
    rows = indicators.due_invoices(
        dossier=request.dossier, on=on, sort=sort.lstrip("-"), descending=sort.startswith("-")
    )
    columns = [
        ("supplier", _("Supplier")),
        ("number", _("Invoice number")),
        ("issued", _("Invoice date")),
        ("due", _("Due date")),
        ("amount", _("Amount")),
    ]
    return render(
        request,
        "payments/due.html",
        {
            "dossier": request.dossier,
            "form": form,
            "on": on,
            "rows": rows,
            "sort": sort,
            "columns": [
                (key, label, f"-{key}" if sort == key else key, sort.lstrip("-") == key)
                for key, label in columns
            ],
            "overdue_total": sum((r.amount or 0 for r in rows if r.overdue), Decimal("0")),
            "total": sum((r.amount or 0 for r in rows), Decimal("0")),
        },
    )
