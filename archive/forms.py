"""The archive's filter form (F5): every filter optional, combined with AND."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.search.service import ArchiveFilters


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    amount = forms.CharField(label=_("Amount"), required=False, max_length=30)
    amount_min = forms.DecimalField(label=_("Amount from"), required=False, decimal_places=2)
    amount_max = forms.DecimalField(label=_("Amount to"), required=False, decimal_places=2)
    date_from = forms.DateField(
        label=_("Booked from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Booked until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None
    )
    period = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None)
    journal = forms.ChoiceField(label=_("Journal"), required=False)
    counterparty = forms.CharField(label=_("Counterparty"), required=False, max_length=200)
    label = forms.ChoiceField(label=_("Label"), required=False)

    def __init__(self, data, *, years, periods, journals, labels):
        super().__init__(data)
        every = [("", _("All"))]
        choices = {
            "year": [(y.pk, y.name) for y in years],
            "period": [(p.pk, f"{p.fiscal_year.name} / {p.number:02d}") for p in periods],
            "journal": [(j.code, f"{j.code} {j.description}") for j in journals],
            "label": [(x, x) for x in labels],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = every + options

    def filters(self) -> ArchiveFilters:
        d = self.cleaned_data
        return ArchiveFilters(
            q=d["q"].strip(),
            amount=d["amount"].strip(),
            amount_min=d["amount_min"],
            amount_max=d["amount_max"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            fiscal_year_id=d["year"],
            period_id=d["period"],
            journal=d["journal"],
            counterparty=d["counterparty"].strip(),
            label=d["label"],
        )
