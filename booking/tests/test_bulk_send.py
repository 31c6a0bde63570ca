"""Bulk "send to accounting" (issue 11): what it never books without a named confirmation,
and where it goes back to afterwards (issue 10 point 8: no open redirect)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from booking import services
from booking.models import Proposal, State
from booking.services.send import name_is_only_a_legal_form
from booking.tests import factories
from ledger.models import Account

pytestmark = pytest.mark.django_db


def make(dossier, **kw):
    return services.proposal_create_for_document(
        document_id=factories.sent_document(dossier, **kw).pk
    )


def _off_suspense(p, actor):
    """The person put the line on a real account (only the name stays doubtful)."""
    line = p.lines.get()
    acc = Account.objects.get(dossier=p.dossier, code="604000")
    return services.proposal_update(
        actor=actor,
        proposal_id=p.pk,
        version=p.version,
        changes={},
        lines=[services.LineInput(acc.pk, line.vat_code_id, line.base, line.vat, "")],
    )


def _bulk(c, dossier, ids, **extra):
    return c.post(f"/d/{dossier.pk}/worklist/bulk/", {"ids": ids, "action": "send", **extra})


def test_bulk_send_books_doubtful_proposals_only_once_confirmed_by_name(books, world):
    from recognition.models import Extraction

    plain = make(books, invoice_number="PLAIN-1")
    first = make(books, invoice_number="DUP-1", name="first.pdf")
    doc = factories.sent_document(books, name="again.pdf", invoice_number="DUP-2")
    Extraction.objects.filter(document=doc).update(possible_duplicate_of=first.document)
    dup = services.proposal_create_for_document(document_id=doc.pk)
    suspense = make(
        books,
        invoice_number="SUSP-1",
        counterparty_vat="BE0403170701",
        counterparty_key="vat:BE0403170701",
        counterparty_name="Nouveau Fournisseur SRL",
    )
    legal = make(
        books,
        invoice_number="SRL-1",
        counterparty_vat="BE0417497106",
        counterparty_key="vat:BE0417497106",
        counterparty_name="S.R.L.",
    )
    legal = _off_suspense(legal, world.collaborator)
    assert dup.duplicate_of_id and suspense.suspense and not legal.suspense
    c = world.client_for(world.collaborator)
    r = _bulk(c, books, [plain.pk, dup.pk, suspense.pk, legal.pk])
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="confirm-send"' in html
    assert Proposal.objects.get(pk=plain.pk).state == State.SENT
    held = {dup.pk: "DUP-2", suspense.pk: "SUSP-1", legal.pk: "SRL-1"}
    for pk, number in held.items():
        assert Proposal.objects.get(pk=pk).state == State.OPEN
        assert number in html and f'name="confirm" value="{pk}"' in html
    assert "possible duplicate" in html and "on the suspense account" in html
    assert "new counterparty named only “S.R.L.”" in html
    # Sending again without ticking them changes nothing.
    _bulk(c, books, list(held))
    assert set(Proposal.objects.filter(pk__in=held).values_list("state", flat=True)) == {"open"}
    # Ticking one books that one only.
    r = _bulk(c, books, list(held), confirm=[suspense.pk])
    assert r.status_code == 200  # the two others are asked again
    states = dict(Proposal.objects.filter(pk__in=held).values_list("pk", "state"))
    assert states == {dup.pk: "open", suspense.pk: "sent", legal.pk: "open"}


def test_a_name_is_only_a_legal_form():
    for name in ("SRL", "BV", "NV", "S.R.L.", "sa/nv", "BVBA", "GmbH", "Ltd."):
        assert name_is_only_a_legal_form(name), name
    for name in ("", "Proxibel SRL", "Van Dam BV", "NV Bekaert"):
        assert not name_is_only_a_legal_form(name), name


@pytest.mark.parametrize(
    "back", ["https://evil.example", "//evil.example/x", "https://evil.example/d/1/worklist/"]
)
def test_the_bulk_form_never_redirects_to_another_site(books, world, back):
    p = make(books, total_incl_vat=Decimal("999.00"))  # refused: nothing changes
    r = world.client_for(world.collaborator).post(
        f"/d/{books.pk}/worklist/bulk/", {"ids": [p.pk], "action": "check", "back": back}
    )
    assert r.status_code == 302 and r["Location"] == f"/d/{books.pk}/worklist/"


def test_the_bulk_form_goes_back_to_the_filtered_list(books, world):
    p = make(books)
    back = f"/d/{books.pk}/worklist/?tab=purchase&status=complete"
    r = world.client_for(world.collaborator).post(
        f"/d/{books.pk}/worklist/bulk/", {"ids": [p.pk], "action": "check", "back": back}
    )
    assert r["Location"] == back


def test_the_client_bulk_form_never_redirects_to_another_site(books, world):
    books.validation_mode = "client"
    books.save()
    r = world.client_for(world.clients["administrator"]).post(
        f"/d/{books.pk}/proposals/bulk/",
        {"ids": [], "action": "check", "back": "https://evil.example"},
    )
    assert r.status_code == 302 and r["Location"] == f"/d/{books.pk}/proposals/"
