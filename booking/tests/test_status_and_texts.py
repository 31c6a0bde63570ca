"""What the worklist and the annotation screen show (issue 11): a status that follows the
period, EUR labelled EUR, problems in the reader's language, plurals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from booking import services
from booking.models import Proposal, Status
from booking.rules import problem_text
from booking.tests import factories
from ledger.services.periods import period_set_closed

pytestmark = pytest.mark.django_db


def make(dossier, **kw):
    return services.proposal_create_for_document(
        document_id=factories.sent_document(dossier, **kw).pk
    )


def _speaks(user, language):
    type(user).objects.filter(pk=user.pk).update(language=language)


def test_a_checked_proposal_follows_a_period_closed_afterwards(books, world):
    p = make(books, invoice_number="CHK-1")
    p = services.proposal_update(
        actor=world.collaborator, proposal_id=p.pk, version=p.version, changes={}, check=True
    )
    assert p.status == Status.CHECKED
    period_set_closed(actor=world.admin, period=p.period, closed=True)
    c = world.client_for(world.collaborator)
    html = c.get(f"/d/{books.pk}/worklist/").content.decode()
    assert 'data-status="mandatory_missing"' in html and 'data-status="checked"' not in html
    assert "CHK-1" not in c.get(f"/d/{books.pk}/worklist/?status=checked").content.decode()
    assert "CHK-1" in c.get(f"/d/{books.pk}/worklist/?status=mandatory_missing").content.decode()
    page = c.get(f"/proposals/{p.pk}/").content.decode()
    assert f"Period {p.period.label} is closed." in page
    assert 'data-status="mandatory_missing"' in page
    # Reopened: checked again, with nothing to redo.
    period_set_closed(actor=world.admin, period=p.period, closed=False)
    assert 'data-status="checked"' in c.get(f"/d/{books.pk}/worklist/").content.decode()


def test_a_usd_invoice_shows_eur_amounts_labelled_eur(books, world):
    p = make(
        books,
        currency="USD",
        invoice_number="USD-1",
        total_excl_vat=Decimal("1000.00"),
        total_vat=Decimal("210.00"),
        total_incl_vat=Decimal("1210.00"),
        vat_breakdown=[{"rate": "21", "base": "1000.00", "vat": "210.00"}],
    )
    html = world.client_for(world.collaborator).get(f"/d/{books.pk}/worklist/").content.decode()
    cell = html[html.index('data-testid="total"') :]
    cell = cell[: cell.index("</td>")]
    assert f"{p.total} <small" in cell and "EUR</small>" in cell
    assert "1210.00 USD" in cell and f"{p.total} USD" not in html
    page = world.client_for(world.collaborator).get(f"/proposals/{p.pk}/").content.decode()
    assert "Total in USD" in page and "Total incl. VAT (EUR)" in page and "Base (EUR)" in page


def test_problems_are_stored_as_codes_and_shown_in_the_readers_language(books, world):
    p = make(books, invoice_number="")
    stored = {pr["field"]: pr for pr in p.problems}["invoice_number"]
    assert stored["message"] == {
        "msgid": "%(field)s is missing.",
        "params": {"field": "Invoice number"},
    }
    _speaks(world.collaborator, "nl")
    page = world.client_for(world.collaborator).get(f"/proposals/{p.pk}/").content.decode()
    assert "Factuurnummer ontbreekt." in page
    with translation.override("fr"):
        assert problem_text(stored) == "Numéro de facture manque."


def test_an_older_problem_stored_as_a_sentence_still_shows(books, world):
    p = make(books)
    old = [{"field": "x", "message": "Ancien problème déjà traduit.", "level": "warning"}]
    Proposal.objects.filter(pk=p.pk).update(problems=old)
    Proposal.objects.filter(pk=p.pk).update(state="sent")  # shown as stored once it left
    page = world.client_for(world.collaborator).get(f"/proposals/{p.pk}/").content.decode()
    assert "Ancien problème déjà traduit." in page


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("en", "1 proposal checked.", "2 proposals checked."),
        ("nl", "1 voorstel gecontroleerd.", "2 voorstellen gecontroleerd."),
        ("fr", "1 proposition vérifiée.", "2 propositions vérifiées."),
        ("de", "1 Vorschlag geprüft.", "2 Vorschläge geprüft."),
    ],
)
def test_bulk_messages_use_plurals(books, world, language, one, many):
    a, b, c3 = (make(books, invoice_number=f"PL-{i}") for i in range(3))
    _speaks(world.collaborator, language)
    c = world.client_for(world.collaborator)
    r = c.post(f"/d/{books.pk}/worklist/bulk/", {"ids": [a.pk], "action": "check"}, follow=True)
    assert one in r.content.decode()
    r = c.post(
        f"/d/{books.pk}/worklist/bulk/", {"ids": [b.pk, c3.pk], "action": "check"}, follow=True
    )
    assert many in r.content.decode()
