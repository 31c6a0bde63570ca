"""Belgian readers: dd/mm/yyyy in every language, amounts with the language's separators, and
language names written in their own language wherever a language is picked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

AMOUNT = {"fr": "1\xa0234,50", "nl": "1.234,50", "de": "1.234,50", "en": "1,234.50"}


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_dates_are_day_first_and_amounts_use_the_languages_separators(language):
    with translation.override(language):
        day = dt.date(2026, 10, 31)
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "31/10/2026"
        shown = Template(
            '{{ d|date:"SHORT_DATE_FORMAT" }} {{ t|date:"SHORT_DATETIME_FORMAT" }} {{ a|floatformat:"2g" }}'
        ).render(Context({"d": day, "t": dt.datetime(2026, 10, 31, 9, 5), "a": Decimal("1234.5")}))
        assert shown == f"31/10/2026 31/10/2026 09:05 {AMOUNT[language]}"


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_a_date_field_renders_iso_and_accepts_what_a_belgian_types(language):
    class F(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        assert 'value="2026-10-31"' in str(F(initial={"day": dt.date(2026, 10, 31)})["day"])
        for typed in ("2026-10-31", "31/10/2026", "31.10.2026"):
            form = F({"day": typed})
            assert form.is_valid() and form.cleaned_data["day"] == dt.date(2026, 10, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_the_language_picker_names_each_language_in_itself(client, language):
    client.cookies["django_language"] = language
    with translation.override(language):
        page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    picker = page.split('data-testid="language-form"')[1].split("</form>")[0]
    for name in ("Français", "Nederlands", "Deutsch", "English"):
        assert f">{name}</option>" in picker
    for translated in ("Anglais", "Engels", "Englisch", "Néerlandais", "Niederländisch"):
        assert translated not in picker
