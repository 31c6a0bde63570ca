"""Forms of the office settings (I2); the table tabs (journals, VAT, videos, links) read
their indexed rows in the views and validate in `office.office_settings`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from office.models import ActivationBy
from tenancy.models import ClientGroup, Dossier, OfficeRole


class GeneralForm(forms.Form):
    portal_name = forms.CharField(
        label=_("Portal name"),
        max_length=200,
        required=False,
        help_text=_("Shown on the login page and in the application; the office's name if empty."),
    )
    key_figures_closed_only = forms.BooleanField(
        label=_("Key figures on closed periods only"),
        required=False,
        help_text=_(
            "The dashboard's key figures count only the periods up to the date the books are "
            "updated to; later periods are shown in grey."
        ),
    )
    activation_by = forms.ChoiceField(
        label=_("Who may activate dossiers"), choices=ActivationBy.choices
    )
    payments_enabled = forms.BooleanField(
        label=_("Payment module"),
        required=False,
        help_text=_("Clients of the office may prepare SEPA payments and EPC QR codes."),
    )


class CollaboratorForm(forms.Form):
    role = forms.ChoiceField(label=_("Profile"), choices=OfficeRole.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False)
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers"),
        queryset=Dossier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    client_groups = forms.ModelMultipleChoiceField(
        label=_("Client groups"),
        queryset=ClientGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = Dossier.objects.filter(office=office, is_active=True)  # type: ignore[attr-defined]
        self.fields["client_groups"].queryset = ClientGroup.objects.filter(office=office)  # type: ignore[attr-defined]
