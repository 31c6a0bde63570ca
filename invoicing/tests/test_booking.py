"""Issuing books at once: the sales journal entry, the customer's open item, a credit note
that reverses its invoice exactly, gapless numbering."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from invoicing import services
from invoicing.models import Counter, Invoice, Status
from invoicing.services import LineData
from invoicing.tests.conftest import make_invoice
from ledger.models import Entry, EntryLine
from ledger.selectors import open_items

pytestmark = pytest.mark.django_db


def _by_account(entry_id: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for ln in EntryLine.objects.filter(entry_id=entry_id).select_related("account"):
        out[ln.account.code] += ln.debit - ln.credit
    return out


def test_it_books_an_issued_invoice_in_the_sales_journal_with_an_open_item(world, books, customer):
    inv = make_invoice(world, customer)
    # 3 × 125.50 = 376.50 - 10 % (37.65) = 338.85 at 21 %; 2 × 19.99 = 39.98 at 6 %.
    assert (inv.line_total, inv.total_vat, inv.total_incl) == (
        Decimal("378.83"),
        Decimal("73.56"),  # 71.16 + 2.40
        Decimal("452.39"),
    )
    entry = Entry.objects.get(pk=inv.entry_id)
    assert entry.journal.code == "VEN" and entry.document_date == date(2026, 3, 10)
    lines = _by_account(entry.pk)
    assert lines == {
        "700000": Decimal("-378.83"),
        "451000": Decimal("-73.56"),
        "400000": Decimal("452.39"),
    }
    item = open_items(dossier=world.dossier).get(entry=entry)
    assert item.counterparty.vat_number == "BE0403170701"
    assert item.due_date == date(2026, 4, 9) and item.structured_ref == inv.structured_ref
    codes = set(
        EntryLine.objects.filter(entry=entry, vat_code__isnull=False).values_list(
            "vat_code__code", flat=True
        )
    )
    assert codes == {"V21S", "V6S"}


def test_a_credit_note_reverses_its_invoice_exactly(world, books, customer):
    inv = make_invoice(
        world,
        customer,
        [
            LineData("A", "7", "13.3333", "S21", "3"),
            LineData("B", "1", "99.99", "S12"),
            LineData("C", "2", "10", "E"),
            LineData("D", "1", "500", "AE"),
        ],
    )
    cn = make_invoice(
        world, customer, services.credit_note_lines(inv), credit_note_of=inv, day=date(2026, 3, 11)
    )
    assert cn.number == "CN-2026-00001" and cn.total_incl == inv.total_incl
    assert Entry.objects.get(pk=cn.entry_id).journal.code == "NCV"
    a, b = _by_account(inv.entry_id), _by_account(cn.entry_id)
    assert set(a) == set(b) and all(a[k] + b[k] == 0 for k in a)
    per_code: dict[str, Decimal] = defaultdict(Decimal)
    for ln in EntryLine.objects.filter(entry_id__in=[inv.entry_id, cn.entry_id]):
        per_code[ln.vat_code.code if ln.vat_code else ""] += ln.debit - ln.credit
    assert all(v == 0 for v in per_code.values())
    # Both open items are settled against each other.
    assert not open_items(dossier=world.dossier).filter(entry_id__in=[inv.entry_id, cn.entry_id])


def test_it_refuses_to_credit_more_than_the_invoice(world, books, customer):
    inv = make_invoice(world, customer)
    make_invoice(world, customer, services.credit_note_lines(inv), credit_note_of=inv)
    with pytest.raises(ValidationError, match="cannot credit more"):
        make_invoice(world, customer, [LineData("x", "1", "1", "S21")], credit_note_of=inv)


def test_numbering_is_gapless_per_journal_and_year_and_a_refused_issue_gives_its_number_back(
    world, books, customer
):
    first = make_invoice(world, customer)
    draft = make_invoice(world, customer, issue=False, day=date(2026, 5, 1))
    # Close the period of May: the books refuse, the issue rolls back, the number is kept.
    from ledger.models import Period

    Period.objects.filter(dossier=world.dossier, start__lte=date(2026, 5, 1)).update(closed=True)
    inv = services.invoice_issue(actor=world.admin, invoice_id=draft.pk)
    # An invoice dated in a closed period goes into the active open one (its own date kept).
    assert inv.number == "2026-00002"
    assert first.number == "2026-00001"
    Period.objects.filter(dossier=world.dossier).update(closed=True)
    late = make_invoice(world, customer, issue=False, day=date(2026, 12, 1))
    with pytest.raises(ValidationError):
        services.invoice_issue(actor=world.admin, invoice_id=late.pk)
    late.refresh_from_db()
    assert late.status == Status.DRAFT and late.number == ""
    assert (
        Counter.objects.get(dossier=world.dossier, journal_code="VEN", year=2026).next_number == 3
    )
    assert list(
        Invoice.objects.filter(dossier=world.dossier, status=Status.ISSUED)
        .order_by("number")
        .values_list("number", flat=True)
    ) == ["2026-00001", "2026-00002"]


def test_it_refuses_bad_input_with_clear_messages(world, customer):
    with pytest.raises(ValidationError, match="check digits"):
        services.customer_save(
            actor=world.admin,
            dossier=world.dossier,
            values={"name": "X", "vat_number": "BE0403170702"},
        )
    with pytest.raises(ValidationError, match="quantity must be positive"):
        make_invoice(world, customer, [LineData("x", "-1", "10", "S21")], issue=False)
    with pytest.raises(ValidationError, match="needs a VAT category"):
        make_invoice(world, customer, [LineData("x", "1", "10", None)], issue=False)
    with pytest.raises(ValidationError, match="not a Peppol ID"):
        services.customer_save(
            actor=world.admin, dossier=world.dossier, values={"name": "X", "peppol_id": "garbage"}
        )


def test_it_derives_the_belgian_peppol_id_from_the_vat_number(customer):
    assert customer.peppol_id == "0208:0403170701"
    assert customer.vat_number == "BE0403170701"
