"""The one door (issues 11 and 12): what cannot be a document is refused with a clear
message; documents made from others pass its checks and are never their parents' duplicates."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from documents import services
from documents.intake import IntakeRefused
from documents.models import Document as Doc
from documents.tests.pdfs import UBL, make_pdf

pytestmark = pytest.mark.django_db

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00" * 50
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
RANDOM = bytes((i * 7919 + 13) % 256 for i in range(4096))
CODA = (
    b"0000018011520005        0000000000000000000000000000000000000000000000000000000000000000000002\n"
    b"10001BE68539007547034                  EUR0000000001100000170111BELGACOM SA            \n"
)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("holiday.txt", "not an office file")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [(EXE, "invoice.pdf.exe"), (ELF, "invoice"), (RANDOM, "scan.pdf"), (_zip(), "invoices.zip")],
)
def test_the_door_refuses_what_cannot_be_a_document(handed_in, data, name):
    with translation.override("fr"), pytest.raises(IntakeRefused) as refused:
        handed_in(file=data, name=name)
    assert "n'est pas un document" in str(refused.value)
    assert not Doc.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (CODA, "extrait.cod"),
        (UBL, "invoice.xml"),
        (b"<html><body>Facture 7</body></html>", "f.html"),
    ],
)
def test_the_door_takes_what_a_document_can_be(handed_in, data, name):
    [doc] = handed_in(file=data, name=name)
    assert doc.pk and doc.original_id


def test_an_upload_of_an_executable_is_refused_in_the_users_language(
    world, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    user = world.clients["administrator"]
    user.language = "nl"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(user).post(
            reverse("documents_upload", args=[world.dossier.pk]),
            {
                "mailbox": "purchases",
                "doc_type": "purchase_invoice",
                "file": [SimpleUploadedFile("setup.exe", EXE)],
            },
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 422
    assert "is geen document" in response.json()["results"][0]["error"]
    assert not Doc.objects.exists()


def test_a_merge_passes_the_doors_checks(world, handed_in, settings):
    [a] = handed_in(file=make_pdf(["A1"]))
    [b] = handed_in(file=make_pdf(["B1"]))
    a.refresh_from_db()
    b.refresh_from_db()
    settings.FIDU_INTAKE_MAX_BYTES = 200  # smaller than any merged PDF
    with pytest.raises(ValidationError, match="MB"):
        services.documents_merge(actor=world.clients["administrator"], documents=[a, b])
    assert Doc.objects.count() == 2


def test_a_document_made_from_another_is_not_its_duplicate(world, handed_in):
    data = make_pdf(["Invoice 9", "page 2"])
    [parent] = handed_in(file=data)
    # A page edit that changes nothing gives the parent's very bytes (pikepdf's output is
    # not always byte-identical, so the door is handed those bytes directly).
    [child] = handed_in(file=data, source="edit", parents=(parent.pk,))
    assert child.original_id == parent.original_id and child.duplicate_of_id is None
    [again] = handed_in(file=data)  # the same file handed in once more is still flagged
    assert again.duplicate_of_id == parent.pk
