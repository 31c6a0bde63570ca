"""A document's extraction: fields with confidence and source, and the validation report."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from documents.selectors import document_visible
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap

from .models import ProcessingMode
from .selectors import extraction_for_document

FIELD_LABELS = {
    "document_type": _("Kind"),
    "direction": _("Direction"),
    "invoice_number": _("Invoice number"),
    "issue_date": _("Invoice date"),
    "due_date": _("Due date"),
    "currency": _("Currency"),
    "seller_name": _("Seller"),
    "seller_vat": _("Seller VAT number"),
    "buyer_name": _("Buyer"),
    "buyer_vat": _("Buyer VAT number"),
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
}


@object_access("documents.Document", Cap.VIEW, kwarg="document_id", check=document_visible)
def extraction_view(request: HttpRequest, document_id: int) -> HttpResponse:
    document = request.fidu_object
    extraction = extraction_for_document(document=document)
    rows = []
    if extraction is not None:
        for name, label in FIELD_LABELS.items():
            field = extraction.fields.get(name)
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "value": field["value"] if field else None,
                    "confidence": round(100 * field["confidence"]) if field else None,
                    "source": SOURCE_LABELS.get(field["source"], field["source"]) if field else "",
                    "box": field.get("box") if field else None,
                }
            )
    ctx = {"document": document, "extraction": extraction, "rows": rows, "dossier": request.dossier}
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
        from .modes import parse_journal_modes

        return parse_journal_modes(self.cleaned_data["journal_modes"])


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def processing_view(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """C1 and C10: how the dossier's documents are processed, and what that used."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .modes import recognition_settings_for, recognition_settings_update, usage_summary

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
    ctx = {"dossier": dossier, "form": form, "usage": usage_summary(dossier=dossier)}
    return render(request, "recognition/processing.html", ctx)
