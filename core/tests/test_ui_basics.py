"""Small things every page relies on (issue 11): the favicon, the address in e-mailed links,
date inputs that keep their value."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django import forms
from django.utils import translation

from core.widgets import IsoDateInput


@pytest.mark.django_db
def test_the_favicon_answers_and_every_page_names_it(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    login = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in login and "favicon.svg" in login


def _base_url(env: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "FIDU_BASE_URL")} | env
    env["DJANGO_SETTINGS_MODULE"] = "fidu.settings"
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.FIDU_BASE_URL)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_links_follow_the_port_make_run_serves():
    assert _base_url({"PORT": "8123"}) == "http://127.0.0.1:8123"
    assert _base_url({}) == "http://127.0.0.1:8000"
    assert _base_url({"PORT": "8123", "FIDU_BASE_URL": "https://fidu.example/"}) == (
        "https://fidu.example"
    )


class _DateForm(forms.Form):
    day = forms.DateField(widget=IsoDateInput())


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_a_date_input_shows_its_value_the_way_a_browser_reads_it(language):
    with translation.override(language):
        html = str(_DateForm(initial={"day": dt.date(2026, 10, 31)})["day"])
        assert 'type="date"' in html and 'value="2026-10-31"' in html
        # ... and what the browser sends back is read in every language.
        form = _DateForm({"day": "2026-10-31"})
        assert form.is_valid() and form.cleaned_data["day"] == dt.date(2026, 10, 31)


def _all_form_classes() -> list[type[forms.Form]]:
    import importlib

    from django.conf import settings

    for app in settings.FIDU_APPS:
        for module in ("forms", "views"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.{module}":
                    raise
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in settings.FIDU_APPS:
            found.append(cls)
    return found


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_date_input_of_every_form_renders_iso(language):
    """Issue 11: the dossier settings, sync and cartridge forms showed 31/10/2026 in a date
    input; the browser dropped it and the save erased the date."""
    checked = []
    with translation.override(language):
        for cls in _all_form_classes():
            for name, field in getattr(cls, "base_fields", {}).items():
                widget = field.widget
                if getattr(widget, "input_type", "") != "date":
                    continue
                html = widget.render(name, dt.date(2026, 10, 31))
                assert 'value="2026-10-31"' in html, f"{cls.__qualname__}.{name}: {html}"
                checked.append(f"{cls.__name__}.{name}")
    assert {"DossierOfficeSettingsForm.updated_until", "SyncForm.updated_until"} <= set(checked)
    assert {"CartridgeForm.starts_on", "CartridgeForm.ends_on"} <= set(checked)
