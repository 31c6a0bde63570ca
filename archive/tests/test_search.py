"""The archive's search service (F5), on whichever database the tests run (SQLite FTS5 or
PostgreSQL full text): the expectations are the same table for both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from archive.models import ArchiveEntry
from archive.search.normalise import amount_candidates, split_query
from archive.search.service import ArchiveFilters, archive_search, paid_status
from documents.services import document_update

pytestmark = pytest.mark.django_db


def found(world, user=None, **filters) -> set[str]:
    rows = archive_search(
        user=user or world.clients["administrator"],
        dossier=world.dossier,
        filters=ArchiveFilters(**filters),
    )
    return {r.office_number for r in rows}


@pytest.mark.parametrize(
    "typed, cents",
    [
        ("150", {15000}),
        ("150,00", {15000}),
        ("150.00", {15000}),
        ("1.500,00", {150000}),
        ("1 500,00", {150000}),
        ("1,500.00", {150000}),
        ("1500", {150000}),
        ("2.000", {200000}),
        ("12,5", {1250}),
        ("abc", set()),
    ],
)
def test_it_reads_an_amount_however_it_is_typed(typed, cents):
    assert amount_candidates(typed) == cents


def test_it_splits_a_query_into_amounts_and_words():
    phrases, words = split_query("Électricité 1 500,00 janvier")
    assert [p[0] for p in phrases] == [{150000}]
    assert words == ["electricite", "janvier"]


@pytest.mark.parametrize("typed", ["1500", "1.500,00", "1 500,00", "1500.00", "1,500.00"])
def test_it_finds_the_same_invoice_by_amount_in_every_notation(world, archived, typed):
    # 1,500.00 is only written in S26-2's OCR text; no booking has that total.
    assert found(world, q=typed) == {"S26-2"}
    assert found(world, amount=typed) == {"S26-2"}


@pytest.mark.parametrize("typed", ["150", "150,00", "150.00"])
def test_it_finds_a_small_amount_without_matching_a_larger_one(world, archived, typed):
    assert found(world, q=typed) == {"P26-1"}


def test_it_finds_a_booking_total_even_when_the_text_does_not_hold_it(world, archived):
    assert found(world, amount="2.000,00") == {"S26-1"}
    assert found(world, q="300") == {"P26-1"}


@pytest.mark.parametrize(
    "q, expected",
    [
        ("electricite", {"S26-1"}),  # accents do not matter, either way
        ("ÉLECTRICITÉ", {"S26-1"}),
        ("électric", {"S26-1"}),  # the beginning of a word
        ("Wartung", {"S26-2"}),  # German, from OCR words only
        ("onderhoud", {"P26-1"}),  # Dutch
        ("factu", {"S26-1", "P26-1"}),
        ("facture janvier", {"S26-1"}),  # every word must be there
        ("facture wartung", set()),
        ("Acme", {"S26-1", "S26-2"}),  # the counterparty's name
        ("S26-2", {"S26-2"}),  # the office's number
        ("energie", {"S26-1"}),  # a label
        ("nothinglikethis", set()),
    ],
)
def test_it_searches_the_text_the_same_on_every_database(world, archived, q, expected):
    assert found(world, q=q) == expected


def test_it_combines_filters(world, archived):
    assert found(world) == {"S26-1", "S26-2", "P26-1"}
    assert found(world, counterparty="acme") == {"S26-1", "S26-2"}
    assert found(world, counterparty="acme", amount_max=Decimal("1000")) == {"S26-2"}
    assert found(world, amount_min=Decimal("300"), amount_max=Decimal("500")) == {"S26-2", "P26-1"}
    assert found(world, date_from=date(2026, 2, 1), date_to=date(2026, 4, 30)) == {"P26-1"}
    assert found(world, journal="ACH") == {"P26-1"}
    assert found(world, label="energie") == {"S26-1"}
    assert found(world, q="factur", journal="VEN") == {"S26-1"}
    entry = ArchiveEntry.objects.get(office_number="S26-2")
    assert found(world, period_id=entry.period_id) == {"S26-2"}
    assert found(world, fiscal_year_id=entry.fiscal_year_id) == {"S26-1", "S26-2", "P26-1"}


def test_it_shows_paid_from_the_books(world, archived):
    rows = list(archive_search(user=world.admin, dossier=world.dossier, filters=ArchiveFilters()))
    paid = {r.office_number: v for r, v in zip(rows, paid_status(rows).values(), strict=True)}
    # S26-1 was matched with Acme's payment of 1,500.00: 500.00 still open.
    assert paid == {"S26-1": False, "S26-2": False, "P26-1": False}


def test_it_keeps_the_index_current_when_a_document_changes(
    world, archived, django_capture_on_commit_callbacks
):
    assert found(world, q="urgent") == set()
    with django_capture_on_commit_callbacks(execute=True):
        document_update(actor=world.admin, document=archived.maintenance_nl, labels=["urgent"])
    assert found(world, q="urgent") == {"P26-1"}
    assert found(world, label="urgent") == {"P26-1"}


def test_it_rebuilds_the_index_by_command(world, archived):
    ArchiveEntry.objects.all().delete()
    assert found(world, q="wartung") == set()
    call_command("archive_reindex")
    assert found(world, q="wartung") == {"S26-2"}
    assert found(world, q="1 500,00") == {"S26-2"}


def test_a_user_of_another_dossier_finds_nothing(world, archived):
    rows = archive_search(user=world.outsider, dossier=world.dossier, filters=ArchiveFilters())
    assert list(rows) == []
    rows = archive_search(
        user=world.clients["administrator"],
        dossier=world.other_dossier,
        filters=ArchiveFilters(q="factur"),
    )
    assert list(rows) == []
