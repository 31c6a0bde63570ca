"""A document's extraction: fields with confidence and source, and the validation report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.widgets import IsoDateInput
from documents.selectors import document_visible
from tenancy.access import dossier_access, object_access, office_admin
from tenancy.policy import Cap, office_member

from . import quotas
from .models import ProcessingMode, WhenExhausted
from .modes import (
    extraction_for_viewer,
    parse_journal_modes,
    recognition_settings_for,
    recognition_settings_update,
    usage_summary,
)

FIELD_LABELS = {
    "document_type": _("Kind"),
    "direction": _("Direction"),
    "invoice_number": _("Invoice number"),
    "issue_date": _("Invoice date"),
    "due_date": _("Due date"),
    "currency": _("Currency"),
    "seller_name": _("Seller"),
    "seller_vat": _("Seller VAT number"),
    "seller_address": _("Seller address"),
    "buyer_name": _("Buyer"),
    "buyer_vat": _("Buyer VAT number"),
    "buyer_address": _("Buyer address"),
    "iban": _("IBAN"),
    "bic": _("BIC"),
    "payment_reference": _("Payment reference"),
    "order_reference": _("Order reference"),
    "total_excl_vat": _("Total excl. VAT"),
    "total_vat": _("VAT"),
    "total_incl_vat": _("Total incl. VAT"),
    "payable_amount": _("Amount due"),
}
SOURCE_LABELS = {
    "xml": _("e-invoice"),
    "text": _("text"),
    "ocr": _("OCR"),
    "learned": _("learned"),
    "person": _("corrected"),
    "mixed": _("text and OCR"),
    "none": _("nothing readable"),
}
# Recognised values that are codes, as people say them ("Invoice", not `invoice`).
VALUE_LABELS = {
    "document_type": {"invoice": _("Invoice"), "credit_note": _("Credit note")},
    "direction": {"purchase": _("Purchase"), "sales": _("Sales")},
}
# The engine's reasons are written for the operator, in English; people read these instead.
REASONS = (
    ("XML that is not an invoice", _("This XML file is not an invoice.")),
    ("not a PDF, image or XML", _("Only PDFs, images and XML invoices can be read.")),
    ("no field found", _("No field could be read on this document.")),
    ("unreadable PDF", _("The PDF could not be opened.")),
    ("PDF without pages", _("The PDF has no pages.")),
    ("no text and no readable image", _("No text could be read on the pages.")),
    ("unreadable image", _("The image could not be opened.")),
    ("no text found in the image", _("No text could be read in the image.")),
    ("technical error", _("A technical problem stopped the reading; it can be tried again.")),
)


def shown_reason(reason: str) -> str:
    for start, text in REASONS:
        if reason.lower().startswith(start.lower()):
            return str(text)
    return ""  # an unknown operator's note is not shown to people


DATE_FIELDS = {"issue_date", "due_date"}
AMOUNT_FIELDS = {"total_excl_vat", "total_vat", "total_incl_vat", "payable_amount"}


def shown_value(name: str, value):
    """A recognised value as the reader writes it: labels for codes, dd/mm/yyyy dates, amounts
    with the language's separators."""
    if value is None or value == "":
        return None
    if name in VALUE_LABELS:
        return VALUE_LABELS[name].get(str(value), value)
    try:
        if name in DATE_FIELDS:
            return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        if name in AMOUNT_FIELDS:
            return number_format(Decimal(str(value)), 2, use_l10n=True, force_grouping=True)
    except (ValueError, InvalidOperation):
        pass
    return value


def _localized(value, places: int | None = None):
    """A number kept as text in the extraction, with the reader's separators."""
    if value is None or value == "":
        return value
    try:
        return number_format(Decimal(str(value)), places, use_l10n=True, force_grouping=True)
    except (ValueError, InvalidOperation):
        return value


def _shown_tables(extraction) -> tuple[list[dict], list[dict]]:
    breakdown = [
        {
            "rate": _localized(r.get("rate")),
            "base": _localized(r.get("base"), 2),
            "vat": _localized(r.get("vat"), 2),
        }
        for r in extraction.vat_breakdown or []
    ]
    lines = [
        {
            **ln,
            "quantity": _localized(ln.get("quantity")),
            "unit_price": _localized(ln.get("unit_price")),
            "net_amount": _localized(ln.get("net_amount"), 2),
            "vat_rate": _localized(ln.get("vat_rate")),
        }
        for ln in extraction.lines or []
    ]
    return breakdown, lines


@object_access("documents.Document", Cap.VIEW, kwarg="document_id", check=document_visible)
def extraction_view(request: HttpRequest, document_id: int) -> HttpResponse:
    document = request.fidu_object
    rows = []
    # C1: in verified mode the client sees the result once a collaborator checked it.
    extraction, held, notice = extraction_for_viewer(document, request.user)
    breakdown, lines = _shown_tables(extraction) if extraction is not None else ([], [])
    if extraction is not None:
        for name, label in FIELD_LABELS.items():
            field = extraction.fields.get(name)
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "value": shown_value(name, field["value"]) if field else None,
                    "confidence": round(100 * field["confidence"]) if field else None,
                    "source": SOURCE_LABELS.get(field["source"], field["source"]) if field else "",
                    "box": field.get("box") if field else None,
                }
            )
    ctx = {
        "document": document,
        "extraction": extraction,
        "held": held,
        "notice": notice,
        "rows": rows,
        "read_from": SOURCE_LABELS.get(extraction.source, extraction.source) if extraction else "",
        "reason": shown_reason(extraction.reason) if extraction else "",
        "breakdown": breakdown,
        "lines": lines,
        "dossier": request.dossier,
    }
    return render(request, "recognition/extraction.html", ctx)


class ProcessingForm(forms.Form):
    mode = forms.ChoiceField(label=_("Processing mode"), choices=ProcessingMode.choices)
    journal_modes = forms.CharField(
        label=_("Per journal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            'One journal per line, e.g. "ACH: verified". Other journals follow the dossier\'s mode.'
        ),
    )

    def clean_journal_modes(self):
        return parse_journal_modes(self.cleaned_data["journal_modes"])


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def processing_view(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """C1 and C10: how the dossier's documents are processed, and what that used."""

    dossier = request.dossier
    current = recognition_settings_for(dossier)
    form = ProcessingForm(
        request.POST or None,
        initial={
            "mode": current.mode,
            "journal_modes": "\n".join(
                f"{code}: {mode}" for code, mode in sorted(current.journal_modes.items())
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        recognition_settings_update(actor=request.user, dossier=dossier, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("recognition_processing", dossier_id=dossier.pk)

    ctx = {
        "dossier": dossier,
        "form": form,
        "usage": usage_summary(dossier=dossier),
        # C10: the office's cartridges these documents use today, with the share used.
        "cartridges": quotas.cartridges_current(office_id=dossier.office_id),
    }
    return render(request, "recognition/processing.html", ctx)


# -- cartridges (C10), office admins only ----------------------------------------------------


class CartridgeForm(forms.Form):
    mode = forms.ChoiceField(label=_("Processing mode"), choices=ProcessingMode.choices)
    capacity = forms.IntegerField(label=_("Documents"), min_value=1)
    starts_on = forms.DateField(label=_("From"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("Until"), widget=IsoDateInput())


class QuotaSettingsForm(forms.Form):
    notify_admins = forms.BooleanField(label=_("Alert the office admins"), required=False)
    extra_email = forms.EmailField(label=_("Also alert this address"), required=False)
    when_exhausted = forms.ChoiceField(
        label=_("When a cartridge is used up"),
        choices=WhenExhausted.choices,
        widget=forms.RadioSelect,
        help_text=_("Alerts are sent once at 90 % and once at 100 % of each cartridge."),
    )


def _apply(form: forms.Form, save) -> bool:
    """Run a service on a valid form; its ValidationError lands on the form (nothing lost)."""

    if not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@office_admin
@require_http_methods(["GET", "POST"])
def cartridges_view(request: HttpRequest) -> HttpResponse:
    """C10: the office's cartridges with the share used, a new one, who gets the alerts."""

    office = office_member(request.user).office
    action = request.POST.get("action", "")
    current = quotas.quota_settings_for(office)
    add_form = CartridgeForm(request.POST if action == "add" else None, prefix="add")
    settings_form = QuotaSettingsForm(
        request.POST if action == "settings" else None,
        initial={
            "notify_admins": current.notify_admins,
            "extra_email": current.extra_email,
            "when_exhausted": current.when_exhausted,
        },
    )
    if action == "add" and _apply(
        add_form,
        lambda **data: quotas.cartridge_save(actor=request.user, office=office, **data),
    ):
        messages.success(request, _("Cartridge added."))
        return redirect("recognition_cartridges")
    if action == "settings" and _apply(
        settings_form,
        lambda **data: quotas.quota_settings_update(actor=request.user, office=office, **data),
    ):
        messages.success(request, _("Settings saved."))
        return redirect("recognition_cartridges")
    ctx = {
        "cartridges": quotas.cartridges_overview(office=office),
        "today": timezone.localdate(),
        "add_form": add_form,
        "settings_form": settings_form,
    }
    return render(request, "recognition/cartridges.html", ctx)


@office_admin
@require_http_methods(["GET", "POST"])
def cartridge_view(request: HttpRequest, cartridge_id: int) -> HttpResponse:
    """One cartridge: usage per dossier and per date; change or delete it."""

    office = office_member(request.user).office
    cartridge = quotas.cartridge_get_for_office(office=office, cartridge_id=cartridge_id)
    action = request.POST.get("action", "")
    if action == "delete":
        quotas.cartridge_delete(actor=request.user, cartridge=cartridge)
        messages.success(request, _("Cartridge deleted."))
        return redirect("recognition_cartridges")
    form = CartridgeForm(
        request.POST if action == "edit" else None,
        initial={
            "mode": cartridge.mode,
            "capacity": cartridge.capacity,
            "starts_on": cartridge.starts_on,
            "ends_on": cartridge.ends_on,
        },
    )
    if action == "edit" and _apply(
        form,
        lambda **data: quotas.cartridge_save(
            actor=request.user, office=office, cartridge=cartridge, **data
        ),
    ):
        messages.success(request, _("Cartridge saved."))
        return redirect("recognition_cartridge", cartridge_id=cartridge.pk)
    ctx = {
        "use": quotas.CartridgeUse(cartridge, quotas.cartridge_used(cartridge)),
        "by_dossier": quotas.cartridge_usage_by_dossier(cartridge),
        "by_day": quotas.cartridge_usage_by_day(cartridge),
        "alerts": cartridge.alerts.order_by("threshold"),
        "form": form,
    }
    return render(request, "recognition/cartridge.html", ctx)
