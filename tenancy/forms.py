from __future__ import annotations

import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from core.widgets import IsoDateInput
from tenancy.models import BannerLayout, ClientProfile, Language, Module, OfficeRole, ValidationMode

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class LoginForm(forms.Form):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SetPasswordForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("The two passwords differ."))
        if p1:
            from tenancy.models import User

            validate_password(
                p1,
                User(
                    email=self.email,
                    first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""),
                ),
            )
        return data


class InviteClientForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    profile = forms.ChoiceField(label=_("Profile"), choices=ClientProfile.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class InviteCollaboratorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    office_role = forms.ChoiceField(label=_("Profile"), choices=OfficeRole.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class MembershipForm(forms.Form):
    profile = forms.ChoiceField(label=_("Profile"), choices=ClientProfile.choices)


NOTIFICATIONS = [
    ("shared_document", _("E-mail me when my accountant shares a document")),
    ("message", _("E-mail me when I receive a message")),
    ("task", _("E-mail me about new tasks and deadlines")),
    ("dossier_updated", _("E-mail me when the accounting is updated")),
    ("approval", _("E-mail me when an approval is asked of me")),
]


class PreferencesForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args, prefs: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        prefs = prefs or {}
        for key, label in NOTIFICATIONS:
            self.fields[f"notify_{key}"] = forms.BooleanField(
                label=label, required=False, initial=prefs.get(key, True)
            )

    def notification_prefs(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(f"notify_{key}")) for key, _label in NOTIFICATIONS}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("For example the scanner or app that will use it."),
    )


class DossierCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    vat_number = forms.CharField(label=_("VAT number"), max_length=20, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def clean_vat_number(self):
        from stdnum.eu import vat

        value = self.cleaned_data["vat_number"].strip()
        if value and not vat.is_valid(value):
            raise forms.ValidationError(_("This VAT number is not valid."))
        return vat.compact(value) if value else ""


class DossierAssignmentForm(forms.Form):
    """Who works on the dossier (A2): manager, collaborators, support worklists, client groups."""

    manager = forms.ModelChoiceField(label=_("Dossier manager"), queryset=None, required=False)
    collaborators = forms.ModelMultipleChoiceField(
        label=_("Collaborators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    support_users = forms.ModelMultipleChoiceField(
        label=_("Support (worklist only)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    client_groups = forms.ModelMultipleChoiceField(
        label=_("Client groups"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        from tenancy.models import ClientGroup, User

        staff = User.objects.filter(office_member__office=office, office_member__is_active=True)
        self.fields["manager"].queryset = staff.exclude(office_member__role=OfficeRole.SUPPORT)
        self.fields["collaborators"].queryset = staff.filter(
            office_member__role=OfficeRole.COLLABORATOR
        )
        self.fields["support_users"].queryset = staff.filter(office_member__role=OfficeRole.SUPPORT)
        self.fields["client_groups"].queryset = ClientGroup.objects.filter(office=office)


class ClientGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    collaborators = forms.ModelMultipleChoiceField(
        label=_("Collaborators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    collaborator_groups = forms.ModelMultipleChoiceField(
        label=_("Collaborator groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        from tenancy.models import CollaboratorGroup, Dossier, User

        self.fields["dossiers"].queryset = Dossier.objects.filter(office=office)
        self.fields["collaborators"].queryset = User.objects.filter(
            office_member__office=office, office_member__role=OfficeRole.COLLABORATOR
        )
        self.fields["collaborator_groups"].queryset = CollaboratorGroup.objects.filter(
            office=office
        )


class CollaboratorGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        from tenancy.models import User

        self.fields["members"].queryset = User.objects.filter(office_member__office=office)


class DossierOfficeSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    enterprise_number = forms.CharField(label=_("Enterprise number"), max_length=12, required=False)
    vat_number = forms.CharField(label=_("VAT number"), max_length=20, required=False)
    vat_exempt = forms.BooleanField(label=_("VAT exempt"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    updated_until = forms.DateField(
        label=_("Accounting updated until"),
        required=False,
        widget=IsoDateInput(),
    )
    validation_mode = forms.ChoiceField(label=_("Validation mode"), choices=ValidationMode.choices)
    modules = forms.MultipleChoiceField(
        label=_("Modules"),
        choices=Module.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_vat_number(self):
        from stdnum.eu import vat

        value = self.cleaned_data["vat_number"].strip()
        if value and not vat.is_valid(value):
            raise forms.ValidationError(_("This VAT number is not valid."))
        return vat.compact(value) if value else ""

    def clean_enterprise_number(self):
        from stdnum.be import vat as be_vat

        # The Belgian enterprise number and the VAT number share one format and check.
        value = self.cleaned_data["enterprise_number"].strip()
        if value and not be_vat.is_valid(value):
            raise forms.ValidationError(_("This enterprise number is not valid."))
        return be_vat.compact(value) if value else ""


class DossierClientSettingsForm(forms.Form):
    allow_accountant_unsent = forms.BooleanField(
        label=_("My accountant may open the invoices and documents I have not sent yet"),
        required=False,
    )


class AccessRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    profile = forms.ChoiceField(label=_("Profile"), choices=ClientProfile.choices)


class BrandingForm(forms.Form):
    portal_name = forms.CharField(label=_("Portal name"), max_length=200, required=False)
    banner_layout = forms.ChoiceField(label=_("Banner layout"), choices=BannerLayout.choices)
    color_background = forms.CharField(
        label=_("Background colour"), max_length=7, widget=forms.TextInput(attrs={"type": "color"})
    )
    color_app = forms.CharField(
        label=_("Application colour"), max_length=7, widget=forms.TextInput(attrs={"type": "color"})
    )
    color_button = forms.CharField(
        label=_("Button colour"), max_length=7, widget=forms.TextInput(attrs={"type": "color"})
    )
    logo = forms.ImageField(
        label=_("Logo"), required=False, help_text=_("PNG or JPEG, at most 1 MB.")
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def _colour(self, name: str) -> str:
        value = self.cleaned_data[name]
        if not HEX_COLOUR.match(value):
            raise forms.ValidationError(_("Use a colour like #1f3a5f."))
        return value.lower()

    def clean_color_background(self):
        return self._colour("color_background")

    def clean_color_app(self):
        return self._colour("color_app")

    def clean_color_button(self):
        return self._colour("color_button")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > 1024 * 1024:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        return logo
