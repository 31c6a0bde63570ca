from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import DocType, ImapAccount, IntakeSettings, Mailbox, PaymentStatus

TYPES_BY_MAILBOX = {
    Mailbox.PURCHASES: [DocType.PURCHASE_INVOICE, DocType.PURCHASE_CREDIT_NOTE, DocType.RECEIPT],
    Mailbox.SALES: [DocType.SALES_INVOICE, DocType.SALES_CREDIT_NOTE],
    Mailbox.MISC: [DocType.MISC, DocType.RECEIPT],
}


def _labels(value: str) -> list[str]:
    return [x.strip() for x in value.replace(";", ",").split(",") if x.strip()]


class UploadForm(forms.Form):
    mailbox = forms.ChoiceField(label=_("Mailbox"), choices=Mailbox.choices)
    doc_type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *DocType.choices])
    payment_status = forms.ChoiceField(
        label=_("Payment status"), choices=PaymentStatus.choices, required=False
    )
    payment_method = forms.CharField(label=_("Payment method"), max_length=40, required=False)
    journal_code = forms.CharField(label=_("Journal"), max_length=20, required=False)
    labels = forms.CharField(
        label=_("Keyword / labels (comma-separated)"), max_length=400, required=False
    )
    note = forms.CharField(
        label=_("Note for the accountant"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        mailbox, doc_type = data.get("mailbox"), data.get("doc_type")
        if mailbox and doc_type and doc_type not in TYPES_BY_MAILBOX[mailbox]:
            self.add_error("doc_type", _("This type does not belong in this mailbox."))
        data["labels"] = _labels(data.get("labels") or "")
        return data


class CaptureForm(forms.Form):
    doc_type = forms.ChoiceField(
        label=_("What is it?"),
        choices=[
            (DocType.RECEIPT, DocType.RECEIPT.label),
            (DocType.PURCHASE_INVOICE, DocType.PURCHASE_INVOICE.label),
        ],
        widget=forms.RadioSelect,
        initial=DocType.RECEIPT,
    )
    note = forms.CharField(label=_("Note for the accountant"), required=False, max_length=1000)


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    doc_type = forms.ChoiceField(label=_("Type"), choices=DocType.choices)
    mailbox = forms.ChoiceField(label=_("Mailbox"), choices=Mailbox.choices)
    labels = forms.CharField(
        label=_("Keyword / labels (comma-separated)"), max_length=400, required=False
    )
    note = forms.CharField(
        label=_("Note for the accountant"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    payment_status = forms.ChoiceField(label=_("Payment status"), choices=PaymentStatus.choices)
    payment_method = forms.CharField(label=_("Payment method"), max_length=40, required=False)
    journal_code = forms.CharField(label=_("Journal"), max_length=20, required=False)
    folder_id = forms.TypedChoiceField(
        label=_("Folder"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, folders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder_id"].choices = [("", "—"), *[(f.pk, f.name) for f in folders]]

    def clean_labels(self):
        return _labels(self.cleaned_data.get("labels") or "")


class SendForm(forms.Form):
    summary = forms.CharField(
        label=_("Message to your accountant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    last_for_period = forms.RegexField(
        label=_("These are the last documents for period"),
        regex=r"^20\d\d-(0[1-9]|1[0-2]|Q[1-4])$",
        required=False,
        help_text=_("For example 2026-03 or 2026-Q1. Leave empty if more will follow."),
    )


class ShareForm(forms.Form):
    to = forms.EmailField(label=_("E-mail address"))
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FolderForm(forms.Form):
    name = forms.CharField(label=_("New folder"), max_length=100)


class IntakeSettingsForm(forms.ModelForm):
    class Meta:
        model = IntakeSettings
        fields = [
            "notice_email",
            "auto_forward_purchases",
            "auto_forward_sales",
            "sender_whitelist",
        ]
        widgets = {"sender_whitelist": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, gates: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A field another app switches off is shown off, disabled, with the reason.
        for name, reason in (gates or {}).items():
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = reason
                self.initial[name] = False


class ImapAccountForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"), widget=forms.PasswordInput(render_value=False), required=False
    )

    class Meta:
        model = ImapAccount
        fields = [
            "mailbox",
            "host",
            "port",
            "use_ssl",
            "username",
            "password",
            "folder",
            "is_active",
        ]

    def clean(self):
        from documents.intake.channels.imap import HostRefused, checked_address

        data = super().clean()
        if data.get("host") and data.get("port"):
            try:
                checked_address(data["host"], data["port"])
            except HostRefused as exc:
                self.add_error("host", str(exc))
        return data
