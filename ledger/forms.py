"""Forms of the books pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import IsoDateInput
from ledger.interchange.schema import SECTIONS
from ledger.interchange.wording import SECTION_NAMES
from ledger.models import (
    AccountKind,
    Connector,
    CounterpartyKind,
    JournalKind,
)
from tenancy.models import Language


class ActivateForm(forms.Form):
    connector = forms.ChoiceField(label=_("Accounting software"), choices=Connector.choices)
    year = forms.IntegerField(label=_("First fiscal year"), min_value=2000, max_value=2100)


class SyncForm(forms.Form):
    updated_until = forms.DateField(
        label=_("Accounting updated until"),
        required=False,
        widget=IsoDateInput(),
    )
    reset_counter = forms.BooleanField(label=_("Reset the sent-proposals counter"), required=False)
    notify_client = forms.BooleanField(label=_("E-mail the client"), required=False)


class AccountForm(forms.Form):
    code = forms.RegexField(label=_("Code"), regex=r"^\d{1,12}$", max_length=12)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_de = forms.CharField(label=_("Name (German)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=AccountKind.choices)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not any(data.get(f"name_{c}") for c in ("fr", "nl", "en", "de")):
            raise forms.ValidationError(_("Give the account a name."))
        return data


class JournalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=JournalKind.choices)
    alias = forms.CharField(label=_("Alias"), max_length=8, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    credit_note_only = forms.BooleanField(label=_("Credit notes only"), required=False)
    currency = forms.RegexField(label=_("Currency"), regex=r"^[A-Za-z]{3}$", initial="EUR")
    number_format = forms.CharField(
        label=_("Document number format"), max_length=40, initial="{year}-{seq:05d}"
    )
    next_number = forms.IntegerField(
        label=_("Next number (active fiscal year)"), min_value=1, required=False
    )
    visible_to_client = forms.BooleanField(label=_("Visible to the client"), required=False)
    iban = forms.CharField(label=_("Bank account (IBAN)"), max_length=40, required=False)
    account = forms.CharField(
        label=_("Counterpart account (financial journals)"), max_length=12, required=False
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class NewJournalForm(JournalForm):
    code = forms.RegexField(label=_("Code"), regex=r"^[A-Za-z0-9]{1,8}$", max_length=8)
    field_order = ["code"]


class CounterpartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CounterpartyKind.choices)
    reference = forms.CharField(label=_("Reference"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    vat_number = forms.CharField(label=_("VAT number"), max_length=20, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, initial="BE")
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class FiscalYearForm(forms.Form):
    year = forms.IntegerField(label=_("Calendar year"), min_value=2000, max_value=2100)


class EntryLineForm(forms.Form):
    account = forms.CharField(label=_("Account"), max_length=12, required=False)
    counterparty = forms.CharField(label=_("Counterparty reference"), max_length=20, required=False)
    vat_code = forms.CharField(label=_("VAT code"), max_length=12, required=False)
    debit = forms.DecimalField(
        label=_("Debit"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    credit = forms.DecimalField(
        label=_("Credit"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=IsoDateInput())
    structured_ref = forms.CharField(
        label=_("Structured communication"), max_length=20, required=False
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


EntryLineFormSet = forms.formset_factory(EntryLineForm, extra=4, max_num=40)


class EntryForm(forms.Form):
    journal = forms.ChoiceField(label=_("Journal"))
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, journals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journal"].choices = [(j.code, str(j)) for j in journals]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, XLSX or JSON)"))
    section = forms.ChoiceField(
        label=_("A CSV file holds"),
        required=False,
        choices=[("", _("detect from the columns"))]
        + [(s, SECTION_NAMES.get(s, s)) for s in SECTIONS],
    )


class RubricForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120, required=False)
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    name_de = forms.CharField(label=_("Name (German)"), max_length=120, required=False)
    prefixes = forms.RegexField(label=_("Account prefixes"), regex=r"^[\d,\s]+$", max_length=200)
