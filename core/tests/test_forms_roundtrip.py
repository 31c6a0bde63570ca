"""Nothing the user typed is lost (issue 11): every form of the product, opened and saved
unchanged, in each of the four languages, leaves every stored value as it was.

The forms are found by walking the URL resolver over the demo data (core/tests/pages.py);
each `<form method=post>` is submitted the way a browser would: only checked boxes, the
selected options (the first one when none is), no file, and a date input's value only when
it is ISO (a browser drops 31/10/2026 and sends an empty date)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from lxml import html as lxml_html

from core.tests.pages import sample_pages
from tenancy.models import Dossier, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

USERS = ("admin@fidu.demo", "administrator@client.demo")
LANGUAGES = ("fr", "nl", "de", "en")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Forms that do something rather than save what they show: posting them changes data by
# design (or ends the session). Matched against the form's action path.
ACTIONS = re.compile(
    r"/(delete|remove|revoke|reverse|send|logout|bulk|merge|split|question|answer|retry|"
    r"share|decide|approve|reject|sync-now|run|test)(/|$)"
)
COMMANDS = {"active", "close", "open", "reset", "full", "delete"}
# Rows that record the visit, not the user's data.
NOT_DATA = {"core.AuditEvent"}
# Columns a save keeps up to date by itself (who saved, a revision number, when the books
# were last marked synchronised): not values a person typed. And `*Settings` rows may be
# created on a first save, holding the defaults the page showed.
BOOKKEEPING = {
    ("booking.Proposal", "version"),
    ("booking.Proposal", "updated_by_id"),
    ("ledger.SyncState", "last_attempt_at"),
    ("ledger.SyncState", "last_sync_at"),
}
# Unset preferences are shown as their defaults (every notification on) and stored
# explicitly on save: the same meaning, now written down.
DEFAULTS_SHOWN = {("tenancy.User", "notification_prefs")}


def browser_submission(form) -> dict[str, list[str]]:
    """What a browser sends for this form, untouched."""
    data: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        data.setdefault(name, []).append(value)

    for el in form.iter("input", "select", "textarea", "button"):
        name = el.get("name")
        if not name or el.get("disabled") is not None:
            continue
        if any(fs.get("disabled") is not None for fs in el.iterancestors("fieldset")):
            continue
        if el.tag == "select":
            options = el.findall(".//option")
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and el.get("multiple") is None:
                chosen = options[:1]
            for o in chosen:
                add(name, o.get("value", o.text_content()))
        elif el.tag == "textarea":
            add(name, (el.text or "").removeprefix("\n"))
        elif el.tag == "button":
            continue  # the one clicked is added by the caller
        else:
            kind = (el.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if el.get("checked") is not None:
                    add(name, el.get("value", "on"))
                continue
            value = el.get("value", "")
            if kind == "date" and not ISO_DATE.match(value):
                value = ""
            add(name, value)
    submit = form.xpath(".//button[not(@type) or @type='submit'] | .//input[@type='submit']")
    if submit and submit[0].get("name"):
        add(submit[0].get("name"), submit[0].get("value", ""))
    return data


def editable(form) -> bool:
    """A form that shows values a person can change (not just an action button)."""
    for el in form.iter("input", "select", "textarea"):
        kind = (el.get("type") or "text").lower() if el.tag == "input" else el.tag
        if kind not in ("hidden", "submit", "button", "image", "reset", "file"):
            return True
    return False


def command(form) -> bool:
    """A form whose first button is a command that changes data by design (close a period,
    reset a counter), not a save of what the form shows."""
    submit = form.xpath(".//button[not(@type) or @type='submit'] | .//input[@type='submit']")
    return bool(submit) and submit[0].get("name") == "action" and submit[0].get("value") in COMMANDS


@functools.cache
def _tables() -> list[tuple[str, str, list[str]]]:
    """(label, table, columns) of every model of Fidu's apps, without the columns that
    move by themselves (auto_now timestamps)."""
    out = []
    for app in settings.FIDU_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label in NOT_DATA or not model._meta.managed:
                continue
            columns = [
                f.column
                for f in model._meta.concrete_fields
                if not (isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add))
            ]
            pk = model._meta.pk.column
            columns.remove(pk)
            out.append((model._meta.label, model._meta.db_table, [pk, *columns]))
    return out


def snapshot() -> dict[str, dict]:
    """Every row as stored (raw SQL: the ORM's conversions made this 30 times slower)."""
    qn = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for label, table, columns in _tables():
            cursor.execute(f"SELECT {', '.join(map(qn, columns))} FROM {qn(table)}")
            rows[label] = {r[0]: dict(zip(columns[1:], r[1:], strict=True)) for r in cursor}
    return rows


def differences(before: dict, after: dict) -> list[str]:
    out = []
    for label, old in before.items():
        new = after[label]
        if old == new:
            continue
        for pk in sorted(set(old) & set(new), key=str):
            for column, value in old[pk].items():
                if (label, column) in BOOKKEEPING or new[pk][column] == value:
                    continue
                if (label, column) in DEFAULTS_SHOWN and value in ("{}", "", None):
                    continue
                out.append(f"{label}#{pk}.{column}: {value!r} -> {new[pk][column]!r}")
        added = sorted(set(new) - set(old), key=str)
        if added and not label.endswith("Settings"):
            out.append(f"{label}: rows added {added}")
        removed = sorted(set(old) - set(new), key=str)
        if removed:
            out.append(f"{label}: rows removed {removed}")
    return out


@pytest.fixture
def demo(settings):
    settings.FIDU_RECOGNITION_ON_INTAKE = False
    call_command("load_demo", verbosity=0)
    dossier = Dossier.objects.get(name__startswith="Boulangerie Dupont")
    # Dates the round trip must keep (they were erased in FR, NL and DE).
    Dossier.objects.filter(pk=dossier.pk).update(updated_until=dt.date(2026, 10, 31))
    SyncState = apps.get_model("ledger", "SyncState")
    SyncState.objects.update_or_create(
        dossier=dossier, defaults={"updated_until": dt.date(2026, 10, 31)}
    )
    return dossier


def test_every_form_saved_unchanged_changes_nothing(demo):
    """One walk per language over the same demo (loading it once keeps this near a minute
    a language)."""
    paths = sample_pages(demo)
    lost, saved = [], set()
    for language in LANGUAGES:
        User.objects.filter(email__in=USERS).update(language=language)
        for email in USERS:
            lost += _walk(email, language, paths, saved)
    assert not lost, "\n".join(lost)
    # The walk reached the forms of issue 11 (dossier settings, sync, cartridge).
    reached = "\n".join(sorted(saved))
    assert f"/d/{demo.pk}/settings/" in saved and f"/d/{demo.pk}/books/sync/" in saved, reached
    assert any(a.startswith("/office/cartridges/") for a in saved), reached
    assert len(saved) >= 15, reached


def _walk(email: str, language: str, paths: list[str], saved: set[str]) -> list[str]:
    lost = []
    client = Client()
    client.force_login(
        User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    for path in paths:
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        if b"<form" not in page.content:
            continue
        tree = lxml_html.fromstring(page.content)
        for form in tree.xpath("//form[translate(@method, 'POST', 'post')='post']"):
            action = urlsplit(form.get("action") or path).path or path
            if ACTIONS.search(action) or not editable(form) or command(form):
                continue
            before = snapshot()
            answer = client.post(action, browser_submission(form))
            where = f"[{language}] {email} {path} -> {action}"
            if answer.status_code >= 500:
                lost.append(f"{where}: {answer.status_code}")
            lost += [f"{where}: {d}" for d in differences(before, snapshot())]
            saved.add(action)
    return lost
