"""Forms of the booking pages: the worklist filter, the annotation form and its lines.

Input is validated, never cut: a value longer than its column is refused with the
reason and the page comes back with what the person typed (C7: nothing typed is lost).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from booking.models import DocKind, Kind, Proposal, ProposalLine, State, Status
from booking.selectors import SORTS, WorklistFilter
from booking.services import LineInput

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# --- the worklist filter ----------------------------------------------------------------------


class WorklistFilterForm(forms.Form):
    """The worklist's query string; an unknown or malformed value falls back to its default."""

    tab = forms.ChoiceField(choices=[("purchase", ""), ("sales", "")], required=False)
    state = forms.ChoiceField(choices=State.choices, required=False)
    status = forms.ChoiceField(choices=Status.choices, required=False)
    kind = forms.ChoiceField(choices=Kind.choices, required=False)
    journal = forms.IntegerField(required=False, min_value=1)
    period = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=100, strip=True)
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)
    dir = forms.ChoiceField(choices=[("asc", ""), ("desc", "")], required=False)
    verify = forms.BooleanField(required=False)

    def value(self, name: str, default: Any = None) -> Any:
        """The cleaned value of one field, or its default when it did not validate."""
        if name in self.errors:
            return default
        v = self.cleaned_data.get(name)
        return default if v in (None, "") else v


def worklist_filter(data: QueryDict | dict | str, *, direction: str = "") -> WorklistFilter:
    """The filter a query string asks for (`direction` forces the tab, for a proposal's list)."""
    if isinstance(data, str):
        data = QueryDict(data)
    form = WorklistFilterForm(data)
    form.is_valid()
    sort = form.value("sort", "")
    f = WorklistFilter(
        direction=form.value("tab", "purchase"),
        state=form.value("state", State.OPEN),
        status=form.value("status", ""),
        kind=form.value("kind", ""),
        journal_id=form.value("journal"),
        period_id=form.value("period"),
        q=form.value("q", ""),
        sort=sort,
        dir="desc" if form.value("dir") == "desc" else ("asc" if sort else ""),
        verify=data.get("verify") == "1",
    )
    return replace(f, direction=direction) if direction else f


# --- the annotation form ----------------------------------------------------------------------


class AmountField(forms.CharField):
    """An amount as people type it: "1 234,56" or "1234.56"; two decimals."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        raw = (super().to_python(value) or "").replace(" ", "").replace("\u00a0", "")
        raw = raw.replace(",", ".")
        if not raw:
            return None
        try:
            return Decimal(raw).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError(
                _("“%(v)s” is not an amount.") % {"v": value}, code="invalid"
            ) from None


class RateField(forms.CharField):
    def to_python(self, value: Any) -> Decimal:  # type: ignore[override]
        raw = (super().to_python(value) or "").replace(",", ".")
        try:
            return Decimal(raw) if raw else Decimal("0")
        except InvalidOperation:
            raise ValidationError(
                _("“%(v)s” is not an exchange rate.") % {"v": value}, code="invalid"
            ) from None


def _id_field() -> forms.IntegerField:
    return forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": gettext_lazy("Invalid choice.")}
    )


class ProposalForm(forms.Form):
    """The header of the annotation screen (the services check references and rights)."""

    invoice_number = forms.CharField(
        required=False,
        max_length=_max(Proposal, "invoice_number"),
        label=gettext_lazy("Invoice number"),
    )
    invoice_date = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label=gettext_lazy("Invoice date")
    )
    due_date = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label=gettext_lazy("Due date")
    )
    counterparty_id = _id_field()
    new_name = forms.CharField(
        required=False,
        max_length=_max(Proposal, "new_name"),
        label=gettext_lazy("New counterparty"),
    )
    new_vat = forms.CharField(
        required=False, max_length=_max(Proposal, "new_vat"), label=gettext_lazy("VAT number")
    )
    new_iban = forms.CharField(
        required=False, max_length=_max(Proposal, "new_iban"), label=gettext_lazy("IBAN")
    )
    journal_id = _id_field()
    period_id = _id_field()
    total = AmountField(required=False, label=gettext_lazy("Total incl. VAT (EUR)"))
    currency = forms.CharField(required=False, max_length=3, label=gettext_lazy("Currency"))
    total_currency = AmountField(required=False, label=gettext_lazy("Total in currency"))
    exchange_rate = RateField(required=False, label=gettext_lazy("EUR per unit"))
    payment_reference = forms.CharField(
        required=False,
        max_length=_max(Proposal, "payment_reference"),
        label=gettext_lazy("Structured communication"),
    )
    instruction = forms.CharField(required=False, strip=False)
    doc_kind = forms.ChoiceField(choices=DocKind.choices, required=False)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "EUR").upper()

    def clean_doc_kind(self) -> str:
        return self.cleaned_data.get("doc_kind") or DocKind.INVOICE

    def changes(self) -> dict[str, Any]:
        """What the services take (`proposal_update(changes=...)`)."""
        data = dict(self.cleaned_data)
        if data["currency"] == "EUR":  # the foreign-currency fields are not on the page
            data.pop("total_currency", None)
            data.pop("exchange_rate", None)
        return data


def account_label(account) -> str:
    """How an account reads in the type-ahead: its code first, then its name."""
    return f"{account.code} {account.name}".strip()


class LineForm(forms.Form):
    """One detail line. The account is typed (code, or code and name from the type-ahead)."""

    account = forms.CharField(required=False, max_length=300)
    vat_code = _id_field()
    base = AmountField(required=False)
    vat = AmountField(required=False)
    note = forms.CharField(required=False, max_length=_max(ProposalLine, "note"))

    def __init__(self, *args, accounts: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = accounts or {}

    def clean_account(self) -> int | None:
        text = (self.cleaned_data.get("account") or "").strip()
        if not text:
            return None
        code = text.split()[0]
        if code in self.accounts:
            return self.accounts[code]
        raise ValidationError(
            _("Unknown GL account “%(v)s”: type its code or pick it in the list.") % {"v": text},
            code="invalid",
        )

    def line(self) -> LineInput:
        d = self.cleaned_data
        return LineInput(
            d.get("account"),
            d.get("vat_code"),
            d.get("base") or Decimal("0.00"),
            d.get("vat") or Decimal("0.00"),
            d.get("note") or "",
        )


# Every posted line is an "extra" form: a line left empty is skipped, not refused.
LineFormSet = forms.formset_factory(LineForm, extra=0, max_num=500, absolute_max=500)
LINES_PREFIX = "lines"


def line_formset(data: QueryDict, accounts: dict[str, int] | None = None):
    if f"{LINES_PREFIX}-TOTAL_FORMS" not in data:  # a post without lines: no lines (as before)
        data = data.copy()
        data.update({f"{LINES_PREFIX}-TOTAL_FORMS": "0", f"{LINES_PREFIX}-INITIAL_FORMS": "0"})
    return LineFormSet(data, prefix=LINES_PREFIX, form_kwargs={"accounts": accounts or {}})


def accounts_by_code(dossier) -> dict[str, int]:
    from ledger.models import Account

    return dict(Account.objects.filter(dossier=dossier).values_list("code", "pk"))


def parse_annotation(post: QueryDict, dossier) -> tuple[dict[str, Any], list[LineInput]]:
    """The changes and lines of a posted annotation form; ValidationError names each problem."""
    form = ProposalForm(post)
    lines = line_formset(post, accounts_by_code(dossier))
    errors: list[str] = []
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            errors += [f"{label}: {m}" if label else m for m in messages]
    if not lines.is_valid():
        errors += list(lines.non_form_errors())
        for i, line_errors in enumerate(lines.errors, start=1):
            for messages in line_errors.values():
                errors += [_("Line %(n)s: %(m)s") % {"n": i, "m": m} for m in messages]
    if errors:
        raise ValidationError(errors)
    kept = [f.line() for f in lines.forms if f.has_changed() and f.cleaned_data]
    return form.changes(), kept


def posted_rows(post: QueryDict) -> list[dict]:
    """The lines as typed, to show them again after a refused save."""
    lines = line_formset(post)
    rows = []
    for f in lines.forms:
        rows.append(
            {
                "account": f["account"].value() or "",
                "vat_code_id": f["vat_code"].value() or "",
                "base": f["base"].value() or "",
                "vat": f["vat"].value() or "",
                "note": f["note"].value() or "",
            }
        )
    return rows
