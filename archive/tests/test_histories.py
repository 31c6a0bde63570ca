"""Histories (F6) and "mark as paid", with who may do it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from archive.models import PaidMark
from core.models import AuditEvent
from ledger.models import Account, EntryLine

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("archive_histories", args=[world.dossier.pk])


def test_a_customer_history_shows_open_items_by_default_and_all_on_request(world, books):
    c = world.client_for(world.clients["full_feedback"])
    html = c.get(url(world), {"kind": "customer", "id": books.customer.pk}).content.decode()
    # S25-1 (1,000) open, S26-1 (2,000 with 1,500 paid) open, S26-2 (500) open.
    assert html.count("data-line=") == 3
    html = c.get(
        url(world), {"kind": "customer", "id": books.customer.pk, "all": "1"}
    ).content.decode()
    assert html.count("data-line=") == 4  # and the payment line B26-1, settled


def test_filters_by_date_and_exports_the_rows_shown(world, books):
    c = world.client_for(world.clients["administrator"])
    params = {"kind": "customer", "id": books.customer.pk, "date_from": "2026-01-01"}
    html = c.get(url(world), params).content.decode()
    assert html.count("data-line=") == 2
    r = c.get(reverse("archive_histories_xlsx", args=[world.dossier.pk]), params)
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in rows] == ["S26-1", "S26-2"]
    assert [row[6] for row in rows] == [500, 500]  # open amounts


def test_an_account_history_has_a_running_balance(world, books):
    acc = Account.objects.get(dossier=world.dossier, code="700000")
    c = world.client_for(world.admin)
    params = {"kind": "account", "id": acc.pk, "date_from": "2026-01-01", "date_to": "2026-12-31"}
    r = c.get(reverse("archive_histories_xlsx", args=[world.dossier.pk]), params)
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
    assert [row[5] for row in rows] == [-2000, -500]
    assert rows[1][6] - rows[0][6] == -500  # running from the account's opening balance


def test_mark_as_paid_is_audited_and_shown_without_touching_the_books(world, books):
    line = EntryLine.objects.get(entry__number="S26-2", is_open_item=True)
    before = (line.debit, line.credit, line.matches.count())
    c = world.client_for(world.clients["administrator"])
    post = reverse("archive_mark_paid", args=[world.dossier.pk, line.pk])
    r = c.post(post, {"paid_on": "2026-06-01", "next": f"kind=customer&id={books.customer.pk}"})
    assert r.status_code == 302 and f"id={books.customer.pk}" in r["Location"]
    mark = PaidMark.objects.get(line=line)
    assert mark.paid_on == date(2026, 6, 1) and mark.marked_by == world.clients["administrator"]
    assert AuditEvent.objects.filter(action="archive.marked_paid").count() == 1
    line.refresh_from_db()
    assert (line.debit, line.credit, line.matches.count()) == before
    html = c.get(url(world), {"kind": "customer", "id": books.customer.pk}).content.decode()
    assert 'data-testid="marked-paid"' in html
    # twice is refused with a message, nothing changes
    c.post(post, {"paid_on": "2026-06-01"})
    assert PaidMark.objects.count() == 1
    # undo
    c.post(post, {"undo": "1"})
    assert not PaidMark.objects.exists()
    assert AuditEvent.objects.filter(action="archive.unmarked_paid").count() == 1


def test_an_item_the_books_show_paid_cannot_be_marked(world, books):
    pay = EntryLine.objects.get(entry__number="B26-1", is_open_item=True)
    c = world.client_for(world.clients["administrator"])
    c.post(reverse("archive_mark_paid", args=[world.dossier.pk, pay.pk]), {"paid_on": "2026-03-01"})
    assert not PaidMark.objects.exists()


def test_the_paid_mark_shows_in_the_archive(world, archived):
    from archive.search.service import ArchiveFilters, archive_search, paid_status

    line = EntryLine.objects.get(entry__number="S26-2", is_open_item=True)
    c = world.client_for(world.clients["administrator"])
    c.post(
        reverse("archive_mark_paid", args=[world.dossier.pk, line.pk]), {"paid_on": "2026-06-01"}
    )
    rows = list(
        archive_search(user=world.admin, dossier=world.dossier, filters=ArchiveFilters(q="S26-2"))
    )
    assert list(paid_status(rows).values()) == [True]
    assert rows[0].amount == Decimal("500.00")


@pytest.mark.parametrize("profile", ["doc_processing", "doc_processing_archive", "doc_delivery"])
def test_profiles_without_feedback_may_not(world, books, profile):
    line = EntryLine.objects.get(entry__number="S26-2", is_open_item=True)
    c = world.client_for(world.clients[profile])
    assert c.get(url(world), {"kind": "customer", "id": books.customer.pk}).status_code == 403
    r = c.post(
        reverse("archive_mark_paid", args=[world.dossier.pk, line.pk]), {"paid_on": "2026-06-01"}
    )
    assert r.status_code == 403 and not PaidMark.objects.exists()


def test_another_dossier_cannot_see_or_mark(world, books):
    line = EntryLine.objects.get(entry__number="S26-2", is_open_item=True)
    c = world.client_for(world.outsider)
    assert c.get(url(world)).status_code == 404
    post = reverse("archive_mark_paid", args=[world.other_dossier.pk, line.pk])
    assert c.post(post, {"paid_on": "2026-06-01"}).status_code == 404
    assert not PaidMark.objects.exists()
