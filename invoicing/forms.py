"""Forms of the invoicing pages; the services check and clean what they hold."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import IsoDateInput
from invoicing.models import Language, Unit, VatCase
from invoicing.peppol.registry import PROVIDERS


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    vat_number = forms.CharField(label=_("VAT number"), max_length=20, required=False)
    peppol_id = forms.CharField(
        label=_("Peppol ID"),
        max_length=60,
        required=False,
        help_text=_("Left empty, derived from a Belgian VAT number (0208:enterprise number)."),
    )
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, initial="BE")
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    email = forms.EmailField(label=_("E-mail"), required=False)
    payment_days = forms.IntegerField(
        label=_("Payment terms (days)"), min_value=0, max_value=365, initial=30
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
            )


class ItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=200)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=14, decimal_places=4)
    vat_case = forms.ChoiceField(label=_("VAT"), choices=VatCase.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
            )


class InvoiceHeaderForm(forms.Form):
    customer = forms.ChoiceField(label=_("Customer"))
    issue_date = forms.DateField(label=_("Issue date"), widget=IsoDateInput())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=IsoDateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["customer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(c.pk), c.name) for c in customers]
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
            )


class SettingsForm(forms.Form):
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, initial="BE")
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    ap_provider = forms.ChoiceField(
        label=_("Peppol access point"),
        choices=[("", _("None (send by e-mail)")), *PROVIDERS.items()],
        required=False,
    )
    ap_base_url = forms.URLField(
        label=_("Access point address"), required=False, assume_scheme="https"
    )
    ap_company_id = forms.CharField(
        label=_("Company id at the access point"), max_length=100, required=False
    )
    ap_key = forms.CharField(
        label=_("API key"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted; left empty, the current one is kept."),
    )
    ap_secret = forms.CharField(
        label=_("API secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted; left empty, the current one is kept."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
            )
