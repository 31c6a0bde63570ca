"""Invoicing pages (J1-J2): invoices, the invoice form with htmx lines, the preview with
its PDF, sending and delivery status; customers, items, the seller's settings."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from invoicing import delivery, pdf, selectors, services, ubl
from invoicing.forms import CustomerForm, InvoiceHeaderForm, ItemForm, SettingsForm
from invoicing.models import Invoice, Kind, Status, Unit, VatCase
from invoicing.peppol.base import AccessPointError
from invoicing.services import LineData
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, can

PAGE_SIZE = 50


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(" ".join(v) for v in exc.message_dict.values())
    return " ".join(str(m) for m in exc.messages)


@dossier_access(Cap.INVOICING)
def invoices_view(request, dossier_id: int):
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    rows = selectors.invoice_list(dossier=request.dossier, q=q, kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "invoicing/list.html",
        {
            "dossier": request.dossier,
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": Kind.choices,
            "may_configure": can(request.user, Cap.CLIENT_SETTINGS, request.dossier),
        },
    )


# --- customers and items


@dossier_access(Cap.INVOICING)
def customers_view(request, dossier_id: int):
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.customer_save(
                actor=request.user, dossier=request.dossier, values=form.cleaned_data
            )
            messages.success(request, _("Customer %(name)s saved.") % {"name": c.name})
            return redirect("invoicing_customers", request.dossier.pk)
        except ValidationError as exc:
            _attach(form, exc)
    return render(
        request,
        "invoicing/customers.html",
        {
            "dossier": request.dossier,
            "form": form,
            "customers": selectors.customer_list(
                dossier=request.dossier, q=request.GET.get("q", "")[:100]
            ),
        },
    )


def _attach(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


@object_access("invoicing.Customer", Cap.INVOICING, "customer_id")
def customer_edit_view(request, customer_id: int):
    c = request.fidu_object
    initial = {k: getattr(c, k) for k in services.CUSTOMER_FIELDS}
    form = CustomerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_save(
                actor=request.user, dossier=request.dossier, values=form.cleaned_data, customer=c
            )
            messages.success(request, _("Customer %(name)s saved.") % {"name": c.name})
            return redirect("invoicing_customers", request.dossier.pk)
        except ValidationError as exc:
            _attach(form, exc)
    return render(
        request,
        "invoicing/customer_form.html",
        {"dossier": request.dossier, "form": form, "customer": c},
    )


@dossier_access(Cap.INVOICING)
def items_view(request, dossier_id: int):
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(
                actor=request.user, dossier=request.dossier, values=form.cleaned_data
            )
            return redirect("invoicing_items", request.dossier.pk)
        except ValidationError as exc:
            _attach(form, exc)
    return render(
        request,
        "invoicing/items.html",
        {
            "dossier": request.dossier,
            "form": form,
            "items": selectors.item_list(dossier=request.dossier),
        },
    )


@object_access("invoicing.Item", Cap.INVOICING, "item_id")
def item_edit_view(request, item_id: int):
    item = request.fidu_object
    initial = {
        "description": item.description,
        "unit": item.unit,
        "unit_price": item.unit_price,
        "vat_case": item.vat_case,
    }
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(
                actor=request.user, dossier=request.dossier, values=form.cleaned_data, item=item
            )
            return redirect("invoicing_items", request.dossier.pk)
        except ValidationError as exc:
            _attach(form, exc)
    return render(
        request,
        "invoicing/item_form.html",
        {"dossier": request.dossier, "form": form, "item": item},
    )


# --- the invoice form


def _posted_lines(post) -> list[dict]:
    keys = ("description", "quantity", "unit", "unit_price", "discount", "vat_case")
    columns = {k: post.getlist(f"line_{k}") for k in keys}
    n = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(n):
        row = {k: (columns[k][i] if i < len(columns[k]) else "") for k in keys}
        if any(str(row[k]).strip() for k in ("description", "quantity", "unit_price")):
            rows.append(row)
    return rows


def _line_rows(invoice: Invoice | None) -> list[dict]:
    if invoice is None:
        return [{"quantity": "1", "unit": Unit.C62, "vat_case": VatCase.S21}]
    return [
        {
            "description": ln.description,
            "quantity": f"{ln.quantity.normalize():f}",
            "unit": ln.unit,
            "unit_price": f"{ln.unit_price.normalize():f}",
            "discount": f"{ln.discount.normalize():f}" if ln.discount else "",
            "vat_case": ln.vat_case,
        }
        for ln in invoice.lines.all()
    ]


def _form_ctx(request, form, rows, invoice=None, credit_of=None) -> dict:
    return {
        "dossier": request.dossier,
        "form": form,
        "rows": rows,
        "invoice": invoice,
        "credit_of": credit_of,
        "units": Unit.choices,
        "vat_cases": VatCase.choices,
        "items": selectors.item_list(dossier=request.dossier),
    }


def _save_from_post(request, form, rows, invoice=None, credit_of=None):
    customer = selectors.customer_list(dossier=request.dossier).get(
        pk=form.cleaned_data["customer"]
    )
    return services.invoice_save(
        actor=request.user,
        dossier=request.dossier,
        customer=customer,
        issue_date=form.cleaned_data["issue_date"],
        due_date=form.cleaned_data["due_date"],
        note=form.cleaned_data["note"],
        credit_note_of=credit_of,
        invoice=invoice,
        lines=[
            LineData(
                description=r["description"],
                quantity=r["quantity"],
                unit_price=r["unit_price"],
                vat_case=r["vat_case"],
                discount=r["discount"],
                unit=r["unit"],
            )
            for r in rows
        ],
    )


@dossier_access(Cap.INVOICING)
def invoice_new_view(request, dossier_id: int):
    customers = list(selectors.customer_list(dossier=request.dossier))
    credit_of = None
    if request.GET.get("credit"):
        credit_of = (
            selectors.invoice_list(dossier=request.dossier, kind=Kind.INVOICE, status=Status.ISSUED)
            .filter(pk=request.GET["credit"])
            .first()
        )
    if not customers:
        messages.info(request, _("Add a customer first."))
        return redirect("invoicing_customers", request.dossier.pk)
    initial: dict[str, object] = {"issue_date": date.today()}
    rows = _line_rows(credit_of) if credit_of else _line_rows(None)
    if credit_of:
        initial["customer"] = str(credit_of.customer_id)
    form = InvoiceHeaderForm(request.POST or None, customers=customers, initial=initial)
    if request.method == "POST":
        rows = _posted_lines(request.POST) or rows
        if form.is_valid():
            try:
                inv = _save_from_post(request, form, rows, credit_of=credit_of)
                return redirect("invoicing_invoice", inv.pk)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
    return render(
        request, "invoicing/invoice_form.html", _form_ctx(request, form, rows, credit_of=credit_of)
    )


@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_edit_view(request, invoice_id: int):
    inv = request.fidu_object
    if inv.status != Status.DRAFT:
        return redirect("invoicing_invoice", inv.pk)
    customers = list(selectors.customer_list(dossier=request.dossier))
    initial = {
        "customer": str(inv.customer_id),
        "issue_date": inv.issue_date,
        "due_date": inv.due_date,
        "note": inv.note,
    }
    form = InvoiceHeaderForm(request.POST or None, customers=customers, initial=initial)
    rows = _line_rows(inv)
    if request.method == "POST":
        rows = _posted_lines(request.POST) or rows
        if form.is_valid():
            try:
                _save_from_post(request, form, rows, invoice=inv, credit_of=inv.credit_note_of)
                return redirect("invoicing_invoice", inv.pk)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
    return render(
        request, "invoicing/invoice_form.html", _form_ctx(request, form, rows, invoice=inv)
    )


@dossier_access(Cap.INVOICING)
def line_row_view(request, dossier_id: int):
    """htmx: one more empty line (or an item's line) for the form; an empty answer removes one."""
    if request.GET.get("remove"):
        return HttpResponse("")
    row = {"quantity": "1", "unit": Unit.C62, "vat_case": VatCase.S21}
    item_id = request.GET.get("item", "")
    if item_id.isdigit():
        item = selectors.item_list(dossier=request.dossier).filter(pk=int(item_id)).first()
        if item is not None:
            row.update(
                description=item.description,
                unit=item.unit,
                unit_price=f"{item.unit_price.normalize():f}",
                vat_case=item.vat_case,
            )
    return render(
        request,
        "invoicing/_line.html",
        {
            "row": row,
            "units": Unit.choices,
            "vat_cases": VatCase.choices,
            "dossier": request.dossier,
        },
    )


# --- one invoice


@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_view(request, invoice_id: int):
    inv = selectors.invoice_get(dossier=request.dossier, invoice_id=invoice_id)
    config = services.settings_for(inv.dossier)
    ctx = pdf.context(inv, config)
    ctx.update(
        {
            "dossier": request.dossier,
            "deliveries": list(inv.deliveries.all()),
            "credit_notes": list(inv.credit_notes.all()),
            "may_credit": inv.kind == Kind.INVOICE and inv.status == Status.ISSUED,
        }
    )
    return render(request, "invoicing/invoice.html", ctx)


@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_pdf_view(request, invoice_id: int):
    inv = selectors.invoice_get(dossier=request.dossier, invoice_id=invoice_id)
    data = pdf.render_pdf(inv, services.settings_for(inv.dossier))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{inv.number or inv.pk}.pdf"'
    return response


@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_ubl_view(request, invoice_id: int):
    inv = selectors.invoice_get(dossier=request.dossier, invoice_id=invoice_id)
    try:
        xml = ubl.write(inv, services.settings_for(inv.dossier))
    except ubl.UblRefused as exc:
        messages.error(request, str(exc))
        return redirect("invoicing_invoice", inv.pk)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{inv.number}.xml"'
    return response


@require_POST
@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_send_view(request, invoice_id: int):
    inv = request.fidu_object
    try:
        if inv.status == Status.ISSUED and inv.deliveries.exists():
            d = delivery.delivery_retry(actor=request.user, invoice=inv)
        else:
            d = delivery.invoice_send(actor=request.user, invoice_id=inv.pk)
        d.refresh_from_db()
        messages.success(
            request,
            _("Invoice handed over for sending (%(channel)s to %(to)s).")
            % {"channel": d.get_channel_display(), "to": d.recipient},
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("invoicing_invoice", inv.pk)


@require_POST
@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_refresh_view(request, invoice_id: int):
    delivery.delivery_refresh(invoice=request.fidu_object)
    return redirect("invoicing_invoice", invoice_id)


@require_POST
@object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")
def invoice_delete_view(request, invoice_id: int):
    inv = request.fidu_object
    try:
        services.invoice_delete_draft(actor=request.user, invoice=inv)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("invoicing_invoice", inv.pk)
    return redirect("invoicing", request.dossier.pk)


# --- settings and reception


@dossier_access(Cap.CLIENT_SETTINGS)
def settings_view(request, dossier_id: int):
    config = services.settings_for(request.dossier)
    initial = {
        k: getattr(config, k)
        for k in (
            "street",
            "postcode",
            "city",
            "country",
            "iban",
            "bic",
            "ap_provider",
            "ap_base_url",
            "ap_company_id",
        )
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            services.settings_save(
                actor=request.user,
                dossier=request.dossier,
                values=d,
                key=d.pop("ap_key", ""),
                secret=d.pop("ap_secret", ""),
            )
            messages.success(request, _("Invoicing settings saved."))
            return redirect("invoicing_settings", request.dossier.pk)
        except (ValidationError, AccessPointError) as exc:
            form.add_error(None, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
    return render(
        request,
        "invoicing/settings.html",
        {
            "dossier": request.dossier,
            "form": form,
            "has_key": bool(config.ap_key_sealed),
            "peppol_id": f"0208:{request.dossier.enterprise_number}"
            if request.dossier.enterprise_number
            else "",
        },
    )


@require_POST
@dossier_access(Cap.INVOICING)
def receive_view(request, dossier_id: int):
    try:
        n = delivery.peppol_receive(dossier=request.dossier)
        messages.success(
            request, _("%(n)s invoice(s) received into the Purchases mailbox.") % {"n": n}
        )
    except AccessPointError as exc:
        messages.error(request, str(exc))
    return redirect("invoicing", request.dossier.pk)
