from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import IsoDateInput
from payments.checks import bic_clean, iban_clean, ogm_clean, sepa_clean
from payments.models import CommunicationKind, PainVersion


class OrderForm(forms.Form):
    account: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("From account"), empty_label=None
    )
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("999999999.99"),
    )
    execution_date = forms.DateField(label=_("Execution date"), widget=IsoDateInput())
    creditor_name = forms.CharField(label=_("Creditor name"), max_length=70)
    creditor_iban = forms.CharField(label=_("IBAN"), max_length=42)
    creditor_bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    communication_kind = forms.ChoiceField(
        label=_("Communication"), choices=CommunicationKind.choices, initial="none"
    )
    communication = forms.CharField(label=_("Communication text"), max_length=140, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, accounts=None, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = accounts
        if rules is not None:  # payment approval is on (G4)
            self.fields["rule"] = forms.ModelChoiceField(
                queryset=rules,
                required=False,
                label=_("Approval rule"),
                empty_label=_("The one that fits"),
                help_text=_("Who must approve this payment; not needed if you may approve it."),
            )
        # The text field says how many characters SEPA allows (G1).
        self.fields["communication"].help_text = _("At most 140 characters.")

    def clean_creditor_name(self):
        return sepa_clean(self.cleaned_data["creditor_name"].strip(), 70)

    def clean_creditor_iban(self):
        return iban_clean(self.cleaned_data["creditor_iban"])

    def clean_creditor_bic(self):
        return bic_clean(self.cleaned_data.get("creditor_bic", ""))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind = data.get("communication_kind")
        text = (data.get("communication") or "").strip()
        if kind == CommunicationKind.STRUCTURED:
            try:
                data["communication"] = ogm_clean(text)
            except forms.ValidationError as exc:
                self.add_error("communication", exc)
        elif kind == CommunicationKind.FREE:
            if not text:
                self.add_error("communication", _("Type the communication."))
            try:
                data["communication"] = sepa_clean(text, 140)
            except forms.ValidationError as exc:
                self.add_error("communication", exc)
        else:
            data["communication"] = ""
        return data


class ExportForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    execution_date = forms.DateField(
        label=_("Common execution date"), required=False, widget=IsoDateInput()
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(c, c) for c in choices]


class RuleForm(forms.Form):
    """A rule's name and, per user of the dossier, the amount they may approve (empty: not
    in the rule)."""

    name = forms.CharField(label=_("Name"), max_length=100)

    def __init__(self, *args, users=(), rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = list(users)
        limits = {}
        if rule is not None:
            self.fields["name"].initial = rule.name
            limits = {m.user_id: m.limit for m in rule.members.all()}
        for user in self.users:
            self.fields[f"limit_{user.pk}"] = forms.DecimalField(
                label=user.get_full_name() or user.email,
                required=False,
                max_digits=14,
                decimal_places=2,
                min_value=Decimal("0.01"),
                initial=limits.get(user.pk),
                help_text=user.email,
            )

    def limit_fields(self):
        return [self[f"limit_{u.pk}"] for u in self.users]

    def members(self) -> dict:
        return {
            u: self.cleaned_data[f"limit_{u.pk}"]
            for u in self.users
            if self.cleaned_data.get(f"limit_{u.pk}") is not None
        }


class AccountForm(forms.Form):
    """How one bank account pays (G1, G3)."""

    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    is_default = forms.BooleanField(label=_("Default account"), required=False)
    visible = forms.BooleanField(label=_("Shown in the payment form"), required=False)
    pain_version = forms.ChoiceField(label=_("Bank file format"), choices=PainVersion.choices)

    def clean_bic(self):
        return bic_clean(self.cleaned_data.get("bic", ""))


class DueForm(forms.Form):
    on = forms.DateField(label=_("Reference date"), required=False, widget=IsoDateInput())


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class InvoiceRuleForm(forms.Form):
    """An invoice approval rule (B16); the default rule has approvers only."""

    name = forms.CharField(label=_("Name"), max_length=100)
    approvers = UserChoices(
        label=_("Approvers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    suppliers = forms.CharField(
        label=_("Suppliers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A supplier's name or VAT number a line; empty: every supplier."),
    )
    labels = forms.CharField(
        label=_("Labels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One label a line; empty: any label."),
    )
    min_amount = forms.DecimalField(
        label=_("From amount (EUR)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )

    def __init__(self, *args, users=None, default: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["approvers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = users
        if default:
            for name in ("suppliers", "labels", "min_amount"):
                del self.fields[name]
