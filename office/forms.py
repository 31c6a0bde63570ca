"""Forms of the dossier activation and configuration page (I3/A3), one per section."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models import Connector
from tenancy.models import Module, OfficeRole, User, ValidationMode


class StartForm(forms.Form):
    dossier = forms.IntegerField(widget=forms.HiddenInput)
    connector = forms.ChoiceField(
        label=_("Accounting software"), choices=Connector.choices, initial=Connector.BUILTIN
    )


class ModulesForm(forms.Form):
    modules = forms.MultipleChoiceField(
        label=_("Modules"),
        choices=Module.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ValidationForm(forms.Form):
    validation_mode = forms.ChoiceField(
        label=_("Who validates the booking proposals"),
        choices=ValidationMode.choices,
        widget=forms.RadioSelect,
    )


class ManagerForm(forms.Form):
    manager: Any = forms.ModelChoiceField(label=_("Dossier manager"), queryset=None, required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["manager"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            office_member__office=office, office_member__is_active=True
        ).exclude(office_member__role=OfficeRole.SUPPORT)


class VatForm(forms.Form):
    vat_exempt = forms.BooleanField(label=_("VAT exempt"), required=False)
    vat_filing = forms.ChoiceField(label=_("VAT regime"), choices=[])

    def __init__(self, *args, **kwargs):
        from messaging.models import VatFiling

        super().__init__(*args, **kwargs)
        field = self.fields["vat_filing"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = VatFiling.choices


class JournalsForm(forms.Form):
    """The dossier's processing mode, then per journal its mode and whether the client sees it."""

    mode = forms.ChoiceField(label=_("Processing mode of the dossier"), choices=[])

    def __init__(self, *args, journals, **kwargs):
        from recognition.models import ProcessingMode

        super().__init__(*args, **kwargs)
        mode = self.fields["mode"]
        assert isinstance(mode, forms.ChoiceField)
        mode.choices = ProcessingMode.choices
        self.journals = journals
        for j in journals:
            self.fields[f"mode_{j.code}"] = forms.ChoiceField(
                label=_("Processing mode of %(journal)s") % {"journal": j.code},
                choices=[("", _("As the dossier")), *ProcessingMode.choices],
                required=False,
            )
            self.fields[f"visible_{j.code}"] = forms.BooleanField(
                label=_("The client sees %(journal)s") % {"journal": j.code}, required=False
            )

    def rows(self):
        return [(j, self[f"mode_{j.code}"], self[f"visible_{j.code}"]) for j in self.journals]

    def journal_modes(self) -> dict[str, str]:
        return {
            j.code: self.cleaned_data[f"mode_{j.code}"]
            for j in self.journals
            if self.cleaned_data.get(f"mode_{j.code}")
        }

    def visible(self) -> set[str]:
        return {j.code for j in self.journals if self.cleaned_data.get(f"visible_{j.code}")}
