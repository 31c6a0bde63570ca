from __future__ import annotations

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
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
    c = world.client_for(world.clients["administrator"])
    url = reverse("documents_merge", args=[world.dossier.pk])
    # the list's button opens the picker, listing every page of the chosen documents in order
    picker = c.post(url, {"ids": [b.pk, a.pk]}).content.decode()
    assert Document.objects.filter(source=Source.EDIT).count() == 0
    listed = picker.split('data-testid="merge-grid"')[1]
    refs = [f'data-ref="{b.pk}:1"', f'data-ref="{a.pk}:1"', f'data-ref="{a.pk}:2"']
    assert all(r in listed for r in refs)
    assert [listed.index(r) for r in refs] == sorted(listed.index(r) for r in refs)
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(
            url,
            {"ids": [b.pk, a.pk], "picker": "1", "page": [f"{b.pk}:1", f"{a.pk}:1", f"{a.pk}:2"]},
        )
    assert resp.status_code == 302
    merged = Document.objects.get(source=Source.EDIT)
    assert texts(merged) == ["B1", "A1", "A2"]
    assert set(merged.parents.all()) == {a, b}


@pytest.mark.django_db
def test_merge_keeps_only_the_picked_pages_in_the_chosen_order_and_turn(
    world, handed_in, django_capture_on_commit_callbacks
):
    from documents.tests.pdfs import make_pdf

    [a] = handed_in(file=make_pdf(["A1", "A2", "A3"]))
    [b] = handed_in(file=make_pdf(["B1", "B2"]))
    [c_doc] = handed_in(file=make_pdf(["C1"]))
    c = world.client_for(world.clients["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(
            reverse("documents_merge", args=[world.dossier.pk]),
            {
                "ids": [a.pk, b.pk, c_doc.pk],
                "picker": "1",
                "pages": f"{b.pk}:2:0,{a.pk}:3:90,{a.pk}:1:0",
            },
        )
    merged = Document.objects.get(source=Source.EDIT)
    assert resp.url == reverse("document_detail", args=[merged.pk])
    assert texts(merged) == ["B2", "A3", "A1"]
    assert rotations(merged) == [0, 90, 0]
    assert set(merged.parents.all()) == {a, b}
    # the document no page was taken from is left as it was
    assert Document.objects.get(pk=c_doc.pk).state == DocState.INBOX
    assert Document.objects.get(pk=a.pk).state == DocState.REPLACED


@pytest.mark.django_db
def test_merge_refuses_pages_of_other_documents_or_out_of_range(world, handed_in):
    from documents.tests.pdfs import make_pdf

    [a] = handed_in(file=make_pdf(["A1"]))
    [b] = handed_in(file=make_pdf(["B1"]))
    with pytest.raises(ValidationError):
        services.documents_merge(
            actor=world.clients["administrator"],
            documents=[a, b],
            pages=[(a.pk, 1, 0), (b.pk, 2, 0)],
        )
    with pytest.raises(ValidationError):
        services.documents_merge(
            actor=world.clients["administrator"],
            documents=[a, b],
            pages=[(a.pk, 1, 0), (a.pk, 1, 0)],
        )  # pages of one document only: that is a page edit, not a merge
    assert Document.objects.filter(source=Source.EDIT).count() == 0


def invoice(number: str, *, pages: int = 1, supplier: str = "Brasserie du Parc SRL"):
    """The pages of one invoice; later pages repeat the header and the number, as printers do."""
    header = [supplier, "Rue de la Station 12, 1000 Bruxelles", "BE0412345678"]
    out = []
    for p in range(1, pages + 1):
        lines = [*header, f"Facture {number}", "Description  Qté  Prix  Total"]
        lines += [f"Café  {p}  2,50  {p * 2.5:.2f}".replace(".", ",")]
        lines += ["Total TVAC 121,00 EUR"] if p == pages else ["À reporter 60,00"]
        out.append(lines)
    return out


@pytest.mark.django_db
def test_a_multi_invoice_scan_is_offered_for_splitting_where_each_invoice_starts(world, handed_in):
    from documents.pdfgen import make_pages_pdf

    pages = invoice("2024-017", pages=2) + invoice("2024-018") + invoice("2024-019", pages=2)
    [scan] = handed_in(file=make_pages_pdf(pages))
    scan.refresh_from_db()
    assert scan.split_hint == [1, 3, 4]
    c = world.client_for(world.clients["administrator"])
    hint = c.get(reverse("document_detail", args=[scan.pk])).content.decode()
    assert "looks like 3 invoices" in hint.split('data-testid="split-hint"')[1].split("</div>")[0]
    page = c.get(reverse("document_pages", args=[scan.pk]))
    assert page.status_code == 200 and b"page-grid" in page.content


@pytest.mark.django_db
def test_one_two_page_invoice_with_its_number_on_both_pages_gets_no_split_hint(world, handed_in):
    from documents.pdfgen import make_pages_pdf

    [doc] = handed_in(file=make_pages_pdf(invoice("2024-017", pages=2)))
    doc.refresh_from_db()
    assert doc.split_hint == []
    c = world.client_for(world.clients["administrator"])
    assert b"split-hint" not in c.get(reverse("document_detail", args=[doc.pk])).content


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
