from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import IsoDateInput
from messaging.models import VatFiling


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    # Not "files": that name is the form's own uploaded-files attribute.
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class ConversationForm(ReplyForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    recipient = forms.TypedChoiceField(label=_("To"), coerce=int, empty_value=None, required=False)
    field_order = ["subject", "recipient", "body", "attachments"]

    def __init__(self, *args, office_side: bool, users, me, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.ChoiceField)
        if office_side:
            choices = [("", _("All users of the dossier"))]
            choices += [(u.pk, u.display_name) for u in users]
        else:
            choices = [
                ("", _("The office and all users of the dossier")),
                (me.pk, _("Only the office")),
            ]
        field.choices = choices


class DocumentConversationForm(ReplyForm):
    """H2: a conversation about one document, to every user of the dossier."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    field_order = ["subject", "body", "attachments"]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=IsoDateInput())
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–")] + [(u.pk, u.display_name) for u in users]


class CalendarForm(forms.Form):
    vat_filing = forms.ChoiceField(label=_("VAT return"), choices=VatFiling.choices)
    intra_eu_listing = forms.BooleanField(label=_("Files an intra-EU listing"), required=False)
    advance_payments = forms.BooleanField(
        label=_("Makes corporate tax advance payments"),
        help_text=_("A company: its annual accounts and corporate tax return are reminded too."),
        required=False,
    )


LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English", "de": "Deutsch"}


class _Multilingual(forms.Form):
    """A subject and a message per language (subject_fr, body_fr, ...)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for lang, name in LANGUAGE_NAMES.items():
            self.fields[f"subject_{lang}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"body_{lang}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def texts(self) -> tuple[dict[str, str], dict[str, str]]:
        data = self.cleaned_data
        return (
            {lang: data.get(f"subject_{lang}") or "" for lang in LANGUAGE_NAMES},
            {lang: data.get(f"body_{lang}") or "" for lang in LANGUAGE_NAMES},
        )


class TemplateForm(_Multilingual):
    name = forms.CharField(label=_("Name"), max_length=120)
    field_order = ["name"]


class ComposeForm(_Multilingual):
    period = forms.CharField(
        label=_("Period"),
        max_length=40,
        required=False,
        help_text=_("Leave empty: each dossier's next VAT return."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty: each dossier's next VAT return."),
    )


class MassFilterForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int, empty_value=None, required=False)
    manager = forms.TypedChoiceField(
        label=_("Dossier manager"), coerce=int, empty_value=None, required=False
    )
    validation_mode = forms.ChoiceField(label=_("Validation mode"), required=False)
    vat_regime = forms.ChoiceField(
        label=_("VAT regime"),
        required=False,
        choices=[
            ("", "–"),
            ("monthly", _("Monthly VAT return")),
            ("quarterly", _("Quarterly VAT return")),
            ("none", _("No periodic VAT return")),
            ("exempt", _("VAT exempt")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("My dossiers"), required=False)

    def __init__(self, *args, groups, managers, modes, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (("group", groups), ("manager", managers)):
            f = self.fields[name]
            assert isinstance(f, forms.ChoiceField)
            f.choices = [("", "–"), *choices]
        mode = self.fields["validation_mode"]
        assert isinstance(mode, forms.ChoiceField)
        mode.choices = [("", "–"), *modes]
