"""Worklist, annotation screen, modes on the page side."""

from __future__ import annotations

from decimal import Decimal

import pytest

from booking import services
from booking.models import Proposal, State, Status
from booking.tests import factories
from documents.models import DocState

pytestmark = pytest.mark.django_db


def lines_data(rows: list[dict]) -> dict:
    """The annotation form's line formset, as the page posts it."""
    data = {"lines-TOTAL_FORMS": len(rows), "lines-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data.update({f"lines-{i}-{k}": v for k, v in row.items()})
    return data


def make(dossier, **kw):
    return services.proposal_create_for_document(
        document_id=factories.sent_document(dossier, **kw).pk
    )


def test_the_worklist_lists_sorts_and_filters(books, world):
    a = make(books, invoice_number="A-1")
    b = make(
        books,
        invoice_number="B-2",
        counterparty_vat="BE0403170701",
        counterparty_key="vat:BE0403170701",
        counterparty_name="New One",
    )
    c = world.client_for(world.collaborator)
    r = c.get(f"/d/{books.pk}/worklist/?sort=number&dir=desc")
    html = r.content.decode()
    assert r.status_code == 200 and html.index("B-2") < html.index("A-1")
    assert "bk-new" in html and "bk-suspense" in html
    r = c.get(f"/d/{books.pk}/worklist/?status=complete_new")
    assert "B-2" in r.content.decode() and "A-1" not in r.content.decode()
    assert a.status == Status.COMPLETE and b.status == Status.COMPLETE_NEW


def test_clients_and_outsiders_do_not_see_the_worklist(books, world):
    assert (
        world.client_for(world.clients["administrator"]).get(f"/d/{books.pk}/worklist/").status_code
        == 403
    )
    assert world.client_for(world.outsider).get(f"/d/{books.pk}/worklist/").status_code == 404


def test_saving_and_opening_the_next(books, world):
    first = make(books, invoice_number="A-1")
    second = make(books, invoice_number="A-2")
    c = world.client_for(world.collaborator)
    r = c.get(f"/proposals/{second.pk}/")
    assert r.status_code == 200 and b"bk-boxes" in r.content
    line = second.lines.get()
    data = {
        "version": second.version,
        "go": "next",
        "invoice_number": "A-2b",
        "invoice_date": "2026-03-10",
        "counterparty_id": second.counterparty_id,
        "journal_id": second.journal_id,
        "period_id": second.period_id,
        "total": "100+6",
        "currency": "EUR",
        "doc_kind": "invoice",
        **lines_data(
            [
                {
                    "account": line.account.code,
                    "vat_code": line.vat_code_id,
                    "base": "100.00",
                    "vat": "6.00",
                    "note": "march",
                }
            ]
        ),
    }
    r = c.post(f"/proposals/{second.pk}/save/", data)
    assert r.status_code == 422  # "100+6" reached the server: the JS computes it, not Django
    data["total"] = "106.00"
    r = c.post(f"/proposals/{second.pk}/save/", data)
    assert r.status_code == 302 and r["Location"].startswith(f"/proposals/{first.pk}/")
    second.refresh_from_db()
    assert second.status == Status.CHECKED and second.invoice_number == "A-2b"
    assert second.lines.get().note == "march"


def test_a_stale_save_is_refused_and_the_form_keeps_the_input(books, world):
    p = make(books)
    c = world.client_for(world.collaborator)
    base = {
        "version": p.version,
        "invoice_number": "MINE",
        "invoice_date": "2026-03-10",
        "counterparty_id": p.counterparty_id,
        "journal_id": p.journal_id,
        "period_id": p.period_id,
        "total": "106.00",
        "currency": "EUR",
        "doc_kind": "invoice",
    }
    services.proposal_update(
        actor=world.admin,
        proposal_id=p.pk,
        version=p.version,
        changes={"instruction": "admin was here"},
    )
    r = c.post(f"/proposals/{p.pk}/save/", base)
    assert r.status_code == 409
    assert b"after you opened it" in r.content and b'value="MINE"' in r.content
    assert Proposal.objects.get(pk=p.pk).invoice_number == "F-2026-001"


def test_send_from_the_page_refuses_unbalanced(books, world):
    p = make(books, total_incl_vat=Decimal("999.00"))
    r = world.client_for(world.collaborator).post(f"/proposals/{p.pk}/send/", follow=True)
    assert "cannot be sent" in r.content.decode()
    assert Proposal.objects.get(pk=p.pk).state == State.OPEN


def test_bulk_send_and_check(books, world):
    a, b = (
        make(books, invoice_number="A"),
        make(books, invoice_number="B", total_incl_vat=Decimal("1")),
    )
    c = world.client_for(world.collaborator)
    c.post(f"/d/{books.pk}/worklist/bulk/", {"ids": [a.pk, b.pk], "action": "send"})
    assert Proposal.objects.get(pk=a.pk).state == State.SENT
    assert Proposal.objects.get(pk=b.pk).state == State.OPEN


def test_an_office_question_marks_the_proposal_help_needed(books, world):
    """The question itself is a messaging conversation (messaging/tests/test_documents.py);
    booking hears of it and marks the open proposal; a client's own message does not."""
    p = make(books)
    services.help_needed_on_question(
        document_id=p.document_id, author_id=world.clients["administrator"].pk
    )
    assert Proposal.objects.get(pk=p.pk).status != Status.HELP
    assert (
        services.help_needed_on_question(document_id=p.document_id, author_id=world.collaborator.pk)
        == 1
    )
    assert Proposal.objects.get(pk=p.pk).status == Status.HELP


def test_hybrid_client_corrects_but_cannot_send(books, world):
    books.validation_mode = "hybrid"
    books.save()
    p = make(books)
    client = world.client_for(world.clients["administrator"])
    assert client.get(f"/proposals/{p.pk}/").status_code == 200
    client.post(f"/proposals/{p.pk}/send/")
    assert Proposal.objects.get(pk=p.pk).state == State.OPEN
    r = client.get(f"/d/{books.pk}/proposals/")
    assert b"bulk-send" not in r.content


def test_collaborator_mode_keeps_clients_out_of_the_annotation_screen(books, world):
    p = make(books)
    assert (
        world.client_for(world.clients["administrator"]).get(f"/proposals/{p.pk}/").status_code
        == 404
    )


def test_the_office_overview_and_client_invoices(books, world):
    make(books)
    r = world.client_for(world.collaborator).get("/office/worklists/")
    assert r.status_code == 200 and books.name in r.content.decode()
    books.allow_accountant_unsent = True
    books.save()
    doc = factories.sent_document(books, name="unsent.pdf")
    doc.state = DocState.INBOX
    doc.save()
    r = world.client_for(world.collaborator).get(f"/d/{books.pk}/client-invoices/")
    assert r.status_code == 200 and "unsent.pdf" in r.content.decode()
