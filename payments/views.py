"""Payments pages (G1-G4): the order list with the basket, the form from an invoice, one
order with its EPC QR code and approval, the SEPA files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bank.models import BankAccount
from documents.models import Document, Mailbox
from payments import selectors as sel
from payments import services
from payments.epc import EpcRefused, order_payload, qr_png, qr_svg
from payments.forms import ExportForm, OrderFilterForm, OrderForm, ThresholdForm
from payments.models import OrderStatus
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, can

PAGE_SIZE = 50


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@dossier_access(Cap.PAYMENTS)
def payments_view(request, dossier_id: int):
    form = OrderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = sel.order_list(
        dossier=request.dossier, status=filters.get("status", ""), q=filters.get("q", "")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/list.html",
        {
            "dossier": request.dossier,
            "form": form,
            "page": page,
            "exports": sel.export_list(dossier=request.dossier)[:20],
            "may_approve": can(request.user, Cap.APPROVAL, request.dossier),
            "threshold": ThresholdForm(
                initial={"approval_threshold": services.approval_threshold(request.dossier)}
            )
            if can(request.user, Cap.CLIENT_SETTINGS, request.dossier)
            else None,
        },
    )


@dossier_access(Cap.PAYMENTS)
def order_new_view(request, dossier_id: int):
    accounts = BankAccount.objects.filter(dossier=request.dossier).order_by("number")
    document = None
    if request.GET.get("document"):
        document = get_object_or_404(
            Document,
            pk=request.GET["document"],
            dossier=request.dossier,
            mailbox=Mailbox.PURCHASES,
        )
    if request.method == "POST":
        form = OrderForm(request.POST, accounts=accounts)
        if form.is_valid():
            d = form.cleaned_data
            try:
                order = services.order_create(
                    actor=request.user,
                    dossier=request.dossier,
                    data=services.OrderData(
                        account=d["account"],
                        amount=d["amount"],
                        execution_date=d["execution_date"],
                        creditor_name=d["creditor_name"],
                        creditor_iban=d["creditor_iban"],
                        creditor_bic=d["creditor_bic"],
                        communication_kind=d["communication_kind"],
                        communication=d["communication"],
                        document=document,
                    ),
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                if order.status == OrderStatus.TO_APPROVE:
                    messages.info(request, _("Payment order created; it waits for approval."))
                else:
                    messages.success(request, _("Payment order created and approved."))
                return redirect("payments_order", order_id=order.pk)
    else:
        initial = {"execution_date": timezone.localdate()}
        if document is not None:
            initial.update(sel.prefill_from_document(document=document))
        form = OrderForm(initial=initial, accounts=accounts)
    return render(
        request,
        "payments/order_form.html",
        {"dossier": request.dossier, "form": form, "document": document, "accounts": accounts},
    )


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
            "may_approve": order.status == OrderStatus.TO_APPROVE
            and can(request.user, Cap.APPROVAL, request.dossier),
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
@object_access("payments.PaymentOrder", Cap.APPROVAL, "order_id")
def order_decide_view(request, order_id: int):
    order = request.fidu_object
    decide = (
        services.order_approve
        if request.POST.get("decision") == "approve"
        else (services.order_refuse)
    )
    try:
        order = decide(actor=request.user, order=order)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if order.status == OrderStatus.APPROVED:
            messages.success(request, _("Payment order approved."))
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
    return redirect("payments", dossier_id=dossier_id)


@object_access("payments.PaymentExport", Cap.PAYMENTS, "export_id")
def export_download_view(request, export_id: int):
    export = request.fidu_object
    response = HttpResponse(export.xml.encode("utf-8"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{export.message_id}.xml"'
    return response


@require_POST
@dossier_access(Cap.CLIENT_SETTINGS)
def threshold_view(request, dossier_id: int):
    form = ThresholdForm(request.POST)
    if form.is_valid():
        services.threshold_set(
            actor=request.user,
            dossier=request.dossier,
            threshold=form.cleaned_data["approval_threshold"],
        )
        messages.success(request, _("Approval threshold saved."))
    else:
        messages.error(request, _("Type an amount, or leave it empty."))
    return redirect("payments", dossier_id=dossier_id)
