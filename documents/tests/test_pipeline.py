from __future__ import annotations

import pytest

from core.storage import blob_bytes
from core.texts import render
from documents.intake import IntakeRefused
from documents.models import DocState, Document, StepStatus
from documents.tests.pdfs import (
    BILLION_LAUGHS,
    UBL,
    XXE,
    make_encrypted_pdf,
    make_jpeg,
    make_pdf,
    make_png,
)


def steps(doc):
    return {s.name: s.status for s in doc.steps.all()}


@pytest.mark.django_db
def test_it_makes_visual_and_thumbnails_for_a_pdf(handed_in):
    [doc] = handed_in(file=make_pdf(["Invoice 42", "page two"]))
    doc.refresh_from_db()
    assert doc.visual_id == doc.original_id
    assert doc.page_count == 2
    assert steps(doc)["visual"] == StepStatus.DONE and steps(doc)["pages"] == StepStatus.DONE
    assert doc.pages.count() == 2
    assert "Invoice 42" in doc.pages.get(number=1).text
    assert blob_bytes(doc.pages.first().thumb_id)[:2] == b"\xff\xd8"


@pytest.mark.django_db
def test_it_converts_images_upright_to_pdf(handed_in):
    [doc] = handed_in(file=make_jpeg(orientation=6), name="photo.jpg")
    doc.refresh_from_db()
    assert doc.visual_id and doc.visual_id != doc.original_id
    page = doc.pages.get(number=1)
    assert page.height > page.width  # EXIF 6 = rotated: 400x200 becomes portrait
    [png] = handed_in(file=make_png(), name="scan.png")
    png.refresh_from_db()
    assert png.page_count == 1


@pytest.mark.django_db
def test_it_sniffs_the_real_type_behind_a_wrong_extension(handed_in):
    [doc] = handed_in(file=make_pdf(["x"]), name="invoice.jpg")
    doc.refresh_from_db()
    assert doc.file_name == "invoice.pdf"
    assert doc.content_type == "application/pdf" and doc.page_count == 1


@pytest.mark.django_db
def test_it_refuses_empty_files(handed_in):
    with pytest.raises(IntakeRefused, match="empty"):
        handed_in(file=b"", name="empty.pdf")
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_it_keeps_corrupt_and_encrypted_pdfs_with_a_clear_notice(handed_in):
    [bad] = handed_in(file=b"%PDF-1.4\n garbage garbage", name="broken.pdf")
    [enc] = handed_in(file=make_encrypted_pdf(), name="locked.pdf")
    bad.refresh_from_db()
    enc.refresh_from_db()
    assert "damaged" in render(bad.notice) and steps(bad)["visual"] == StepStatus.FAILED
    assert "password" in render(enc.notice)
    assert blob_bytes(enc.original_id) == make_encrypted_pdf()[:0] + blob_bytes(enc.original_id)
    assert bad.state == DocState.INBOX  # kept, downloadable, deletable


@pytest.mark.django_db
def test_it_refuses_pdfs_over_the_page_limit(handed_in, settings):
    settings.FIDU_PDF_MAX_PAGES = 5
    [doc] = handed_in(file=make_pdf(["p"] * 6))
    doc.refresh_from_db()
    assert "6 pages" in render(doc.notice) and doc.visual_id is None


@pytest.mark.django_db
def test_it_survives_a_page_of_absurd_dimensions(handed_in):
    [doc] = handed_in(file=make_pdf(["huge"], size=(14400, 14400)))
    doc.refresh_from_db()
    assert doc.page_count == 1 and doc.pages.count() == 1


@pytest.mark.django_db
def test_it_refuses_over_size_files_by_type(handed_in, settings):
    settings.FIDU_PDF_MAX_BYTES = 1000
    [doc] = handed_in(file=make_pdf(["x" * 40] * 30))
    doc.refresh_from_db()
    assert "limit" in render(doc.notice)
    settings.FIDU_INTAKE_MAX_BYTES = 100
    with pytest.raises(IntakeRefused):
        handed_in(file=make_pdf(["y"]))


@pytest.mark.django_db
def test_it_renders_ubl_xml_readably_and_refuses_xxe_and_bombs(handed_in):
    [ubl] = handed_in(file=UBL, name="invoice.xml")
    ubl.refresh_from_db()
    assert ubl.page_count >= 1
    assert "INV-2026-001" in ubl.pages.first().text
    # Windows tools write UTF-16; a file named .txt still is XML by its content.
    [utf16] = handed_in(
        file=UBL.decode().replace('"UTF-8"', '"UTF-16"').encode("utf-16"), name="f.txt"
    )
    utf16.refresh_from_db()
    assert utf16.visual_id and "INV-2026-001" in utf16.pages.first().text
    for data in (XXE, BILLION_LAUGHS):
        [doc] = handed_in(file=data, name="evil.xml")
        doc.refresh_from_db()
        assert doc.visual_id is None and "refused" in render(doc.notice)


@pytest.mark.django_db
def test_it_strips_scripts_and_remote_images_from_html(handed_in, monkeypatch):
    html = (
        b"<html><body><h1>Facture 7</h1><script>document.write('EVIL')</script>"
        b"<img src='http://127.0.0.1:9/track.png'></body></html>"
    )
    [doc] = handed_in(file=html, name="mail.html")
    doc.refresh_from_db()
    text = doc.pages.first().text
    assert "Facture 7" in text and "EVIL" not in text


@pytest.mark.django_db
def test_it_refuses_a_zip_bomb_dressed_as_docx(handed_in):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    [doc] = handed_in(file=buf.getvalue(), name="bomb.docx")
    doc.refresh_from_db()
    assert doc.visual_id is None and doc.notice


@pytest.mark.django_db
def test_it_shortens_long_and_cleans_hostile_names(handed_in):
    [doc] = handed_in(name="../../etc/" + "é" * 80 + ".pdf")
    assert doc.file_name.endswith(".pdf") and len(doc.file_name) <= 50 and "/" not in doc.file_name
    [doc2] = handed_in(file=make_pdf(["b"]), name="C:\\Users\\x\\facture\u202e.pdf")
    assert doc2.file_name == "facture.pdf"


@pytest.mark.django_db
def test_it_flags_duplicates_in_the_same_dossier(handed_in, world):
    data = make_pdf(["same"])
    [first] = handed_in(file=data)
    [second] = handed_in(file=data)
    [other] = handed_in(file=data, dossier=world.other_dossier)
    assert second.duplicate_of_id == first.pk
    assert other.duplicate_of_id is None


@pytest.mark.django_db
def test_processing_twice_changes_nothing(handed_in):
    from documents.intake import process

    [doc] = handed_in()
    process(doc.pk)
    process(doc.pk)
    assert doc.pages.count() == 1
    assert all(s.attempts == 1 for s in doc.steps.filter(name__in=["visual", "pages"]))


@pytest.mark.slow
@pytest.mark.django_db
def test_it_converts_office_documents_with_libreoffice(handed_in):
    from documents.conversions.office import soffice_binary
    from documents.tests.pdfs import make_docx

    if soffice_binary() is None:
        pytest.skip("LibreOffice is not installed")
    [doc] = handed_in(file=make_docx("Contrat de bail 2026"), name="bail.docx")
    doc.refresh_from_db()
    assert doc.visual_id and doc.page_count == 1, doc.notice
    assert "Contrat de bail 2026" in doc.pages.get().text
