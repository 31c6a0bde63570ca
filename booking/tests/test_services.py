"""The proposal factory: building (C4), status (C5), corrections and learning (C9), sending."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from booking import services
from booking.models import AccountMemory, Proposal, State, Status
from booking.tests import factories
from documents.models import DocState
from ledger.models import Account, Counterparty, Entry, Period, SyncState, VatCode
from ledger.services.periods import period_set_closed

pytestmark = pytest.mark.django_db


def make(dossier, **extraction):
    doc = factories.sent_document(dossier, **extraction)
    return services.proposal_create_for_document(document_id=doc.pk)


def lines_of(p):
    return [
        (
            ln.account.code if ln.account else None,
            ln.vat_code.code if ln.vat_code else None,
            ln.base,
            ln.vat,
        )
        for ln in p.lines.select_related("account", "vat_code")
    ]


def test_it_proposes_a_known_supplier_with_its_usual_account_and_vat_code(books, world):
    p = make(books)
    assert p.counterparty.reference == "PROXIBEL" and not p.is_new_counterparty
    assert lines_of(p) == [("604000", "A6G", Decimal("100.00"), Decimal("6.00"))]
    assert p.journal.code == "ACH" and p.period.start == dt.date(2026, 3, 1)
    assert p.number == "2026-00004"  # three history entries were posted before
    assert p.status == Status.COMPLETE and p.total == Decimal("106.00")
    assert p.kind == "ocr" and p.created_seconds >= 0


def test_it_proposes_an_unknown_supplier_as_new_on_the_suspense_account(books):
    p = make(
        books,
        counterparty_vat="BE0403170701",
        counterparty_key="vat:BE0403170701",
        counterparty_name="Nouveau Fournisseur SRL",
    )
    assert p.counterparty is None and p.new_name == "Nouveau Fournisseur SRL"
    assert p.status == Status.COMPLETE_NEW
    assert lines_of(p)[0][:2] == ("499000", "A6S") and p.suspense


def test_it_finds_the_counterparty_by_iban_then_by_name(books):
    cp = Counterparty.objects.get(dossier=books, reference="PROXIBEL")
    cp.iban = "BE68539007547034"
    cp.save()
    p = make(
        books, counterparty_vat="", counterparty_iban="BE68539007547034", counterparty_key="iban:x"
    )
    assert p.counterparty == cp
    p2 = make(
        books,
        counterparty_vat="",
        counterparty_name="PROXIBEL DISTRIBUTION",
        counterparty_key="name:p",
        invoice_number="F2",
    )
    assert p2.counterparty == cp


def test_it_uses_a_default_counterparty_when_none_is_recognised(books):
    p = make(books, counterparty_vat="", counterparty_name="", counterparty_key="")
    assert p.counterparty.reference == "DIVERS"


def test_it_converts_a_foreign_currency_to_euro(books):
    p = make(
        books,
        currency="USD",
        total_excl_vat=Decimal("1000.00"),
        total_vat=Decimal("210.00"),
        total_incl_vat=Decimal("1210.00"),
        vat_breakdown=[{"rate": "21", "base": "1000.00", "vat": "210.00"}],
    )
    assert p.currency == "USD" and p.total_currency == Decimal("1210.00")
    assert Decimal("1100") < p.total < Decimal("1200")
    assert sum(ln.base + ln.vat for ln in p.lines.all()) == p.total


def test_it_derives_the_statuses(books, world):
    assert (
        make(
            books,
            invoice_number="",
            issue_date=None,
            total_incl_vat=None,
            total_excl_vat=None,
            total_vat=None,
            vat_breakdown=[],
            status="nothing_recognised",
        ).status
        == Status.NOTHING
    )
    assert make(books, invoice_number="", issue_date=None).status == Status.MISSING
    tech = make(
        books,
        invoice_number="",
        issue_date=None,
        total_incl_vat=None,
        total_excl_vat=None,
        total_vat=None,
        vat_breakdown=[],
        status="technical_error",
        reason="boom",
    )
    assert tech.status == Status.TECHNICAL_ERROR
    first = make(books, invoice_number="DUP-1")
    doc = factories.sent_document(books, name="again.pdf", invoice_number="DUP-1")
    from recognition.models import Extraction

    Extraction.objects.filter(document=doc).update(possible_duplicate_of=first.document)
    dup = services.proposal_create_for_document(document_id=doc.pk)
    assert dup.status == Status.DUPLICATE
    p = services.proposal_update(
        actor=world.collaborator,
        proposal_id=first.pk,
        version=first.version,
        changes={},
        check=True,
    )
    assert p.status == Status.CHECKED and p.checked_by == world.collaborator
    p = services.proposal_set_help(actor=world.collaborator, proposal=p, needed=True)
    assert p.status == Status.HELP


def test_it_marks_checked_on_suspense(books, world):
    p = make(
        books,
        counterparty_vat="BE0403170701",
        counterparty_key="vat:BE0403170701",
        counterparty_name="Nouveau SRL",
    )
    p = services.proposal_update(
        actor=world.collaborator, proposal_id=p.pk, version=p.version, changes={}, check=True
    )
    assert p.status == Status.CHECKED_SUSPENSE


def test_sending_posts_the_entry_and_archives_the_document(books, world):
    p = make(books)
    p = services.proposal_send(actor=world.collaborator, proposal_id=p.pk)
    entry = Entry.objects.get(pk=p.entry_id)
    assert p.state == State.SENT and entry.number == p.number == "2026-00004"
    assert entry.document_id == p.document_id and entry.source == "booking"
    amounts = sorted((ln.account.code, ln.debit, ln.credit) for ln in entry.lines.all())
    assert amounts == [
        ("411000", Decimal("6.00"), 0),
        ("440000", 0, Decimal("106.00")),
        ("604000", Decimal("100.00"), 0),
    ]
    p.document.refresh_from_db()
    assert p.document.state == DocState.BOOKED and p.document.office_number == entry.number
    assert SyncState.objects.get(dossier=books).sent_counter == 1
    with pytest.raises(ValidationError):
        services.proposal_send(actor=world.collaborator, proposal_id=p.pk)


def test_sending_creates_the_new_counterparty(books, world):
    p = make(
        books,
        counterparty_vat="BE0403170701",
        counterparty_key="vat:BE0403170701",
        counterparty_name="Nouveau Fournisseur SRL",
    )
    p = services.proposal_send(actor=world.collaborator, proposal_id=p.pk)
    assert p.counterparty.name == "Nouveau Fournisseur SRL"
    assert p.counterparty.vat_number == "BE0403170701"


def test_it_refuses_to_send_a_proposal_that_does_not_balance(books, world):
    p = make(books, total_incl_vat=Decimal("150.00"))
    assert p.status == Status.MISSING
    with pytest.raises(ValidationError) as exc:
        services.proposal_send(actor=world.collaborator, proposal_id=p.pk)
    assert "add up to 106.00 but the total is 150.00" in " ".join(exc.value.messages)
    assert not Entry.objects.filter(document_id=p.document_id).exists()


def test_it_refuses_a_closed_period(books, world):
    p = make(books)
    period_set_closed(actor=None, period=Period.objects.get(pk=p.period_id), closed=True)
    p2 = make(books, invoice_number="F-2")
    # Issue 11: an invoice dated in a closed period is booked in the (open) active period
    # and keeps its own date as the document date.
    assert p2.period == books.books.active_period
    assert p2.period.start != p.period.start
    assert any(pr["field"] == "invoice_date" for pr in p2.problems)  # warned, outside
    with pytest.raises(ValidationError) as exc:
        services.proposal_send(actor=world.collaborator, proposal_id=p.pk)
    assert "closed" in " ".join(exc.value.messages)


def test_a_second_editor_is_told_and_nothing_is_lost(books, world):
    p = make(books)
    seen = p.version
    services.proposal_update(
        actor=world.collaborator, proposal_id=p.pk, version=seen, changes={"instruction": "first"}
    )
    with pytest.raises(services.EditConflict) as exc:
        services.proposal_update(
            actor=world.admin, proposal_id=p.pk, version=seen, changes={"instruction": "second"}
        )
    assert "after you opened it" in " ".join(exc.value.messages)
    assert Proposal.objects.get(pk=p.pk).instruction == "first"


def test_a_correction_teaches_the_next_proposal(books, world):
    p = make(books)
    acc = Account.objects.get(dossier=books, code="612000")
    vat = VatCode.objects.get(dossier=books, code="A6S")
    services.proposal_update(
        actor=world.collaborator,
        proposal_id=p.pk,
        version=p.version,
        changes={},
        lines=[services.LineInput(acc.pk, vat.pk, Decimal("100.00"), Decimal("6.00"), "note")],
    )
    p = services.proposal_send(actor=world.collaborator, proposal_id=p.pk)
    assert p.corrections == 1
    assert AccountMemory.objects.filter(dossier=books, account=acc).exists()
    nxt = make(books, invoice_number="F-2026-002")
    assert lines_of(nxt)[0][:2] == ("612000", "A6S") and nxt.corrections == 0


def test_modes_decide_who_edits_and_sends(books, world):
    p = make(books)
    client = world.clients["administrator"]
    with pytest.raises(PermissionDenied):
        services.proposal_update(actor=client, proposal_id=p.pk, version=p.version, changes={})
    books.validation_mode = "hybrid"
    books.save()
    client = type(client).objects.get(pk=client.pk)  # fresh capability cache
    p = services.proposal_update(
        actor=client, proposal_id=p.pk, version=p.version, changes={"instruction": "client note"}
    )
    with pytest.raises(PermissionDenied):
        services.proposal_send(actor=client, proposal_id=p.pk)
    books.validation_mode = "client"
    books.save()
    client = type(client).objects.get(pk=client.pk)
    assert services.proposal_send(actor=client, proposal_id=p.pk).state == State.SENT


def test_it_makes_no_proposal_for_unsent_or_misc_documents(books):
    doc = factories.sent_document(books, mailbox="misc")
    assert services.proposal_create_for_document(document_id=doc.pk) is None
    doc = factories.sent_document(books, name="b.pdf")
    doc.state = DocState.INBOX
    doc.save()
    assert services.proposal_create_for_document(document_id=doc.pk) is None


def test_deleting_removes_the_document_from_the_worklist(books, world):
    p = make(books)
    services.proposal_delete(actor=world.collaborator, proposal=p)
    p.refresh_from_db()
    p.document.refresh_from_db()
    assert p.state == State.DELETED and p.document.state == DocState.DELETED
