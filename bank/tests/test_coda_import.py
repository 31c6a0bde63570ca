"""CODA import (E1): the corpus files with their balances, bad input refused by line, nothing
half-imported, the same file twice stored once."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bank.models import BankAccount, Movement, Statement
from bank.serializers import statement_json
from bank.services.imports import CodaRefused, coda_import
from bank.tests.coda import coda_file
from core.texts import render

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "2_coda"
D = Decimal

# (file, [(account, sequence, opening, closing, lines of the statement, batch details)])
GOOD = {
    "acsone-pycoda__Coda_v2_3_single_statement.txt": [
        ("BE86407051416150", 2, "0.00", "0.00", 17, 15)
    ],
    "acsone-pycoda__Coda_v2_3_multi_statements.txt": [
        ("BE86407051416150", 2, "0.00", "0.00", 17, 15),
        ("BE12341702625236", 15, "19338.09", "10807.81", 11, 0),
    ],
    "acsone-pycoda__Coda_v2_3_globalisation.txt": [
        ("BE12341676096039", 159, "-455.17", "275270.53", 4, 1)
    ],
    "acsone-pycoda__Coda_v2_3_faulty_globalisation.txt": [
        ("BE12341702625236", 15, "19338.09", "10807.81", 11, 0)
    ],
    "acsone-pycoda__Coda_v2_3_faulty_globalisation_2.txt": [
        ("BE12341676096039", 162, "104014.76", "90080.13", 2, 0)
    ],
    "acsone-pycoda__Coda_foreign_account.txt": [
        ("FR1234567890240924002304825", 24, "443390.70", "443346.30", 2, 0)
    ],
    "oca-l10n-belgium-7.0__Coda_iban_v2_3_multi_statements.txt": [
        ("BE13001676096039", 36, "39698.09", "39575.69", 1, 0),
        ("BE13001676096039", 37, "39575.69", "139575.69", 1, 1),
    ],
    "odoo__Ontvangen_CODA.2013-01-11-18.59.15.txt": [
        ("BE33737018595246", 3, "11812.70", "13527.81", 5, 4)
    ],
}

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus is not beside the repo")


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_corpus_file_is_imported_with_its_balances(world, name):
    report = coda_import(dossier=world.dossier, data=(CORPUS / name).read_bytes(), file_name=name)
    got = [
        (
            s.statement.account.number,
            s.statement.sequence,
            f"{s.statement.opening_balance:.2f}",
            f"{s.statement.closing_balance:.2f}",
            s.statement.movements.filter(parent=None).count(),
            s.statement.movements.exclude(parent=None).count(),
        )
        for s in report.statements
    ]
    assert got == GOOD[name]
    for item in report.statements:
        s = item.statement
        lines = s.movements.filter(parent=None)
        assert s.opening_balance + sum(m.amount for m in lines) == s.closing_balance


def test_a_structured_communication_and_the_counterparty_are_read(world):
    name = "odoo__Ontvangen_CODA.2013-01-11-18.59.15.txt"
    coda_import(dossier=world.dossier, data=(CORPUS / name).read_bytes(), file_name=name)
    m = Movement.objects.get(structured_communication="240283842818")
    assert m.amount == D("3044.450")
    assert m.counterparty_account == "BE61310126985517"
    assert m.counterparty_name == "PARTNER 2"
    assert m.communication == "+++240/2838/42818+++"
    assert m.booking_date == dt.date(2011, 1, 11)


def test_a_file_whose_balance_does_not_add_up_is_refused_at_its_line(world):
    # This copy was edited by hand: its new balance is 118.24 above its movements
    # (the same statement in odoo's copy closes at 13,527.81).
    name = "oca-l10n-belgium__Ontvangen_CODA.2012-01-11-18.59.15.txt"
    with pytest.raises(CodaRefused) as exc:
        coda_import(dossier=world.dossier, data=(CORPUS / name).read_bytes(), file_name=name)
    assert exc.value.line == 23
    assert "13646.05" in render(exc.value.text)
    assert not Statement.objects.exists() and not BankAccount.objects.exists()


def test_an_unknown_version_is_refused(world):
    name = "acsone-pycoda__Coda_faulty_version.txt"
    with pytest.raises(CodaRefused) as exc:
        coda_import(dossier=world.dossier, data=(CORPUS / name).read_bytes(), file_name=name)
    assert exc.value.line == 1
    assert "version 5" in render(exc.value.text)


def test_the_same_file_twice_is_stored_once(world):
    name = "acsone-pycoda__Coda_v2_3_multi_statements.txt"
    data = (CORPUS / name).read_bytes()
    first = coda_import(dossier=world.dossier, data=data, file_name=name)
    again = coda_import(dossier=world.dossier, data=data, file_name=name)
    assert [s.created for s in first.statements] == [True, True]
    assert [s.created for s in again.statements] == [False, False]
    assert Statement.objects.count() == 2
    assert Movement.objects.count() == 17 + 15 + 11


def _bad(lines_edit) -> bytes:
    data = coda_file(movements=[(D("-121.00"), "Fournisseur SA", "BE71096123456769", "")])
    lines = data.decode("cp1252").split("\r\n")
    lines_edit(lines)
    return "\r\n".join(lines).encode("cp1252")


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        (lambda ls: ls.__setitem__(2, ls[2][:127]), 3, "127 characters"),
        (lambda ls: ls.__setitem__(3, "7" + ls[3][1:]), 4, "unknown record type"),
        (lambda ls: ls.__setitem__(0, ls[0][:127] + "3"), 1, "version 3"),
        (
            lambda ls: ls.__setitem__(2, ls[2][:32] + "000000000999000" + ls[2][47:]),
            6,
            "not the old",
        ),
        (lambda ls: ls.__setitem__(2, ls[2][:47] + "311326" + ls[2][53:]), 3, "not a date"),
        (lambda ls: ls.__delitem__(slice(5, None)), 5, "truncated"),
    ],
    ids=["short-line", "unknown-record", "version", "balance", "date", "truncated"],
)
def test_bad_input_is_refused_with_its_line_and_nothing_is_stored(world, edit, line, words):
    with pytest.raises(CodaRefused) as exc:
        coda_import(dossier=world.dossier, data=_bad(edit), file_name="bad.cod")
    assert exc.value.line == line
    assert words in render(exc.value.text)
    assert not Statement.objects.exists() and not BankAccount.objects.exists()


def test_a_skipped_statement_number_and_a_broken_chain_are_refused(world):
    coda_import(dossier=world.dossier, data=coda_file(sequence=1), file_name="1.cod")
    with pytest.raises(CodaRefused) as exc:
        coda_import(
            dossier=world.dossier,
            data=coda_file(sequence=3, day=dt.date(2026, 3, 4)),
            file_name="3.cod",
        )
    assert "missing" in render(exc.value.text)
    with pytest.raises(CodaRefused) as exc:
        coda_import(
            dossier=world.dossier,
            data=coda_file(sequence=2, opening=D("999.00"), day=dt.date(2026, 3, 3)),
            file_name="2.cod",
        )
    assert "closed at 1000.00" in render(exc.value.text)
    assert Statement.objects.count() == 1


def test_a_second_bad_statement_leaves_nothing_of_the_file(world):
    good = coda_file(sequence=1).decode("cp1252")
    bad = coda_file(sequence=5, day=dt.date(2026, 3, 9)).decode("cp1252")
    with pytest.raises(CodaRefused):
        coda_import(dossier=world.dossier, data=(good + bad).encode("cp1252"), file_name="two.cod")
    assert not Statement.objects.exists()


def test_windows_1252_names_are_read(world):
    data = coda_file(movements=[(D("-10.00"), "Brasserie Élise & Zoë", "BE71096123456769", "")])
    coda_import(dossier=world.dossier, data=data, file_name="names.cod")
    assert Movement.objects.get().counterparty_name == "Brasserie Élise & Zoë"


def test_a_new_account_is_added_and_one_of_another_dossier_refused(world):
    report = coda_import(dossier=world.dossier, data=coda_file(), file_name="a.cod")
    assert report.accounts_created == ["BE68539007547034"]
    with pytest.raises(CodaRefused) as exc:
        coda_import(dossier=world.other_dossier, data=coda_file(), file_name="a.cod")
    assert "another dossier" in render(exc.value.text)


def test_the_command_prints_one_json_object_per_statement(world):
    out = io.StringIO()
    call_command(
        "coda_import",
        "--dossier",
        str(world.dossier.pk),
        "--json",
        str(CORPUS / "oca-l10n-belgium-7.0__Coda_iban_v2_3_multi_statements.txt"),
        stdout=out,
    )
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["sequence"], r["date"], r["created"]) for r in rows] == [
        (36, "2014-03-29", True),
        (37, "2014-03-31", True),
    ]
    first = rows[0]
    assert first["account"] == "BE13001676096039" and first["currency"] == "EUR"
    assert (first["opening_balance"], first["closing_balance"]) == ("39698.09", "39575.69")
    movement = first["movements"][0]
    assert set(movement) >= {
        "amount",
        "booking_date",
        "value_date",
        "counterparty_name",
        "counterparty_account",
        "structured_communication",
        "communication",
        "bank_reference",
    }
    assert movement["amount"] == "-122.40"


def test_the_command_reports_a_refused_file_and_exits_non_zero(world, tmp_path):
    bad = tmp_path / "bad.cod"
    bad.write_bytes(_bad(lambda ls: ls.__setitem__(3, "7" + ls[3][1:])))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "coda_import", "--dossier", str(world.dossier.pk), "--json", str(bad), stdout=out
        )
    row = json.loads(out.getvalue().splitlines()[0])
    assert row == {"file": str(bad), "error": row["error"], "line": 4}
    assert "unknown record type" in row["error"]


# world_factory gives each example a dossier of its own, so sharing the fixture is safe.
@hsettings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.decimals(min_value=D("-99999999.999"), max_value=D("99999999.999"), places=3).filter(
            lambda v: v != 0
        ),
        min_size=1,
        max_size=6,
    )
)
def test_amounts_never_change_from_file_to_store_to_json(world_factory, amounts):
    dossier, account = world_factory()
    data = coda_file(account=account, movements=[(a, "X", "BE71096123456769", "") for a in amounts])
    report = coda_import(dossier=dossier, data=data, file_name="p.cod")
    stored = [m.amount for m in report.statements[0].statement.movements.order_by("sequence")]
    assert stored == amounts
    exported = statement_json(report.statements[0].statement)["movements"]
    assert [D(m["amount"]) for m in exported] == amounts


def test_a_refusal_is_stored_as_a_code_and_read_in_the_readers_language(world):
    with pytest.raises(CodaRefused) as exc:
        coda_import(dossier=world.dossier, data=_bad(lambda ls: ls.__setitem__(3, "7" + ls[3][1:])))
    assert exc.value.text["params"] == {"line": 4, "value": "72"}
    with translation.override("fr"):
        assert render(exc.value.text) == "Ligne 4 : type d'enregistrement inconnu « 72 »."
    with translation.override("nl"):
        assert render(exc.value.text) == "Regel 4: onbekend recordtype “72”."
