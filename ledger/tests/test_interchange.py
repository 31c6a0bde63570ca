from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from ledger import selectors as sel
from ledger.interchange.reader import read_file
from ledger.models import Account, Counterparty, Entry, ImportStatus, Journal
from ledger.services.interchange import books_export, import_apply, import_check
from ledger.services.matching import lines_match
from ledger.services.setup import books_activate
from ledger.tests.conftest import receipt, sale
from tenancy.models import Dossier


def _books_state(dossier):
    tb = {r.code: (r.debit, r.credit) for r in sel.trial_balance(dossier=dossier).rows}
    items = sorted(
        (r.entry.journal.code, r.entry.number, sel.open_amount_of(r))
        for r in sel.open_items(dossier=dossier)
    )
    entries = sorted(
        Entry.objects.filter(dossier=dossier).values_list("journal__code", "number", "date")
    )
    return tb, items, entries


def _fill(world, customer):
    inv1 = sale(world, customer, "1210.00")
    sale(world, customer, "242.00", day=date(2025, 5, 2))
    pay = receipt(world, customer, "1000.00")
    lines_match(
        actor=world.admin,
        dossier=world.dossier,
        lines=[inv1.lines.get(is_open_item=True), pay.lines.get(is_open_item=True)],
    )


def test_export_then_import_gives_the_same_books(world, books, customer):
    _fill(world, customer)
    for fmt in ("json", "xlsx"):
        _name, data, _ct = books_export(dossier=world.dossier, fmt=fmt)
        target = Dossier.objects.create(office=world.office, name=f"Copy {fmt}")
        books_activate(actor=world.admin, dossier=target, belgian_defaults=False)
        run = import_check(actor=world.admin, dossier=target, filename=f"books.{fmt}", data=data)
        assert run.status == ImportStatus.CHECKED, run.report["errors"][:5]
        assert not Entry.objects.filter(dossier=target).exists()  # checking changes nothing
        run = import_apply(actor=world.admin, run=run)
        assert run.status == ImportStatus.APPLIED, run.report["errors"][:5]
        assert _books_state(target) == _books_state(world.dossier)
        assert (
            Account.objects.filter(dossier=target).count()
            == Account.objects.filter(dossier=world.dossier).count()
        )
        # Importing the same file again recognises every entry: nothing is doubled.
        again = import_check(actor=world.admin, dossier=target, filename=f"b.{fmt}", data=data)
        assert again.report["counts"]["entries"] == {"already present": 3}


def test_csv_sections_import_with_french_decimal_commas(world, books):
    csv_cp = "kind;reference;name;vat_number\nsupplier;ELEC;Électricité SA;BE0403170701\n"
    run = import_check(
        actor=world.admin, dossier=world.dossier, filename="cp.csv", data=csv_cp.encode("cp1252")
    )
    assert run.status == ImportStatus.CHECKED
    import_apply(actor=world.admin, run=run)
    entries = (
        "journal;number;date;counterparty_kind;counterparty;account;debit;credit;vat_code\n"
        "ACH;2025-9;2025-02-03;supplier;ELEC;612000;100,00;;A21S\n"
        "ACH;2025-9;2025-02-03;supplier;ELEC;411000;21,00;;A21S\n"
        "ACH;2025-9;2025-02-03;supplier;ELEC;440000;;121,00;\n"
    )
    run = import_check(
        actor=world.admin, dossier=world.dossier, filename="e.csv", data=entries.encode()
    )
    run = import_apply(actor=world.admin, run=run)
    assert run.status == ImportStatus.APPLIED
    items = list(sel.open_items(dossier=world.dossier))
    assert [sel.open_amount_of(i) for i in items] == [Decimal("-121.00")]
    assert Counterparty.objects.get(reference="ELEC").vat_number == "BE0403170701"


def test_it_reports_malformed_csv_lines_by_number_and_imports_nothing(world, books):
    data = (
        b"journal;number;date;account;debit;credit\n"
        b"OD;X1;2025-01-05;550000;10,00;\n"
        b"OD;X1;2025-01-05;100000;;10,00\n"
        b"OD;X2;2025-01-06;550000;10,00\n"  # a column short
        b"OD;X3;not-a-date;550000;5,00;\n"
        b"OD;X3;not-a-date;100000;;5,00\n"
    )
    run = import_check(actor=world.admin, dossier=world.dossier, filename="e.csv", data=data)
    assert run.status == ImportStatus.INVALID
    wheres = [e["where"] for e in run.report["errors"]]
    assert "e.csv line 4" in wheres
    assert not Entry.objects.filter(dossier=world.dossier).exists()


def test_it_refuses_the_whole_file_for_one_unbalanced_entry(world, books):
    data = (
        b"journal;number;date;account;debit;credit\n"
        b"OD;A1;2025-01-05;550000;10,00;\n"
        b"OD;A1;2025-01-05;100000;;10,00\n"
        b"OD;A2;2025-01-06;550000;10,00;\n"
        b"OD;A2;2025-01-06;100000;;9,00\n"
        b"OD;A3;2025-01-06;550000;1,00;\n"
        b"OD;A3;2025-01-06;999999;;1,00\n"
    )
    run = import_check(actor=world.admin, dossier=world.dossier, filename="e.csv", data=data)
    assert run.status == ImportStatus.INVALID
    messages = {e["where"]: e["message"] for e in run.report["errors"]}
    assert "does not balance" in messages["e.csv line 4"]
    assert "Unknown account 999999" in messages["e.csv line 6"]
    assert not Entry.objects.filter(dossier=world.dossier).exists()


def test_it_refuses_entries_in_a_closed_period(world, books):
    from ledger.models import Period

    Period.objects.filter(dossier=world.dossier, start=date(2025, 1, 1)).update(closed=True)
    doc = {
        "format": "fidu-ledger",
        "version": 1,
        "entries": [
            {
                "journal": "OD",
                "number": "C1",
                "date": "2025-01-05",
                "lines": [
                    {"account": "550000", "debit": "5.00"},
                    {"account": "100000", "credit": "5.00"},
                ],
            }
        ],
    }
    run = import_check(
        actor=world.admin, dossier=world.dossier, filename="b.json", data=json.dumps(doc).encode()
    )
    assert run.status == ImportStatus.INVALID
    assert "closed" in run.report["errors"][0]["message"]


def test_new_and_renamed_accounts_raise_the_review_flag(world, books):
    data = "code;name_fr;name_nl\n612999;Frais divers;Diverse kosten\n550000;Banque X;Bank X\n"
    run = import_check(
        actor=world.admin, dossier=world.dossier, filename="a.csv", data=data.encode()
    )
    import_apply(actor=world.admin, run=run)
    state = sel.sync_state_for(world.dossier)
    assert state.accounts_to_review
    kinds = sorted(
        sel.account_changes_pending(dossier=world.dossier).values_list("kind", flat=True)
    )
    assert kinds == ["new", "renamed"]


def test_the_documented_samples_import(world):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "docs" / "samples" / "ledger"
    samples = sorted(p for p in root.glob("books.*"))
    assert samples, "docs/samples/ledger/books.* are missing"
    for path in samples:
        target = Dossier.objects.create(office=world.office, name=path.name)
        books_activate(actor=world.admin, dossier=target, belgian_defaults=False)
        run = import_check(
            actor=world.admin, dossier=target, filename=path.name, data=path.read_bytes()
        )
        assert run.status == ImportStatus.CHECKED, (path.name, run.report["errors"][:3])
    for path in sorted(root.glob("*.csv")):
        target = Dossier.objects.create(office=world.office, name=path.name)
        books_activate(actor=world.admin, dossier=target)
        _fmt, parsed = read_file(path.name, path.read_bytes())
        assert not parsed.errors and parsed.sections, path.name


def test_winbooks_and_ubl_exports_describe_the_entries(world, books, customer):
    import io
    import zipfile

    _fill(world, customer)
    _n, data, _ct = books_export(dossier=world.dossier, fmt="winbooks")
    z = zipfile.ZipFile(io.BytesIO(data))
    act = z.read("ACT.txt").decode("cp1252").splitlines()
    assert len(act) == 3 + 3 + 2
    first = act[0].split(",")
    assert first[0] == '"1"' and first[1] == '"VEN"' and first[2] == '"2"'
    _n, data, _ct = books_export(dossier=world.dossier, fmt="ubl")
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert len(names) == 2  # two sales invoices, the bank entry is not an invoice
    xml = z.read(names[0]).decode()
    assert "urn:fdc:peppol.eu:2017:poacc:billing:3.0" in xml and "<cbc:TaxAmount" in xml
    assert Journal.objects.filter(dossier=world.dossier, code="VEN").exists()
