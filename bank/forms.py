from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class IsoDateInput(forms.DateInput):
    """<input type=date> takes ISO values whatever the reader's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: cleaned to a list (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".cod,.coda,.txt,.cod2"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class CodaUploadForm(forms.Form):
    files = MultipleFileField(label=_("CODA files"))


class MovementFilterForm(forms.Form):
    MATCHED = (("", _("All")), ("no", _("Not matched")), ("yes", _("Matched")))

    account = forms.ChoiceField(label=_("Account"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    amount_min = forms.DecimalField(label=_("Amount from"), required=False, decimal_places=2)
    amount_max = forms.DecimalField(label=_("Amount to"), required=False, decimal_places=2)
    counterparty = forms.CharField(label=_("Counterparty"), required=False, max_length=100)
    communication = forms.CharField(label=_("Communication"), required=False, max_length=100)
    matched = forms.ChoiceField(label=_("Matched"), required=False, choices=MATCHED)

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", _("All accounts"))] + [
            (str(a.pk), a.number) for a in accounts
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = (
                f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"
            )
