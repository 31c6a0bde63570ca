from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import DocState, Document, Source
from documents.tests.pdfs import make_pdf
from tenancy.services import api_token_create


@pytest.fixture
def bearer(world):
    _token, secret = api_token_create(actor=world.clients["administrator"], name="scanner")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.django_db
def test_a_scanner_posts_a_file_with_a_token(
    world, bearer, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            f"/api/dossiers/{world.dossier.pk}/documents",
            {"file": SimpleUploadedFile("scan.pdf", make_pdf(["Scan"])), "mailbox": "purchases"},
            **bearer,
        )
    assert resp.status_code == 201, resp.content
    doc_id = resp.json()["documents"][0]["id"]
    doc = Document.objects.get(pk=doc_id)
    assert doc.source == Source.API and doc.page_count == 1
    detail = client.get(f"/api/documents/{doc_id}", **bearer).json()
    assert detail["visual_ready"] is True
    assert client.get(f"/api/documents/{doc_id}/original", **bearer).status_code == 200
    listing = client.get(f"/api/dossiers/{world.dossier.pk}/documents", **bearer).json()
    assert listing["count"] == 1
    sent = client.post(
        f"/api/dossiers/{world.dossier.pk}/documents/send",
        {"ids": [doc_id], "summary": "s"},
        content_type="application/json",
        **bearer,
    )
    assert sent.status_code == 200
    doc.refresh_from_db()
    assert doc.state == DocState.SENT


@pytest.mark.django_db
def test_the_api_refuses_without_token_and_for_other_dossiers(world, bearer, client):
    f = {"file": SimpleUploadedFile("scan.pdf", make_pdf(["Scan"])), "mailbox": "purchases"}
    assert client.post(f"/api/dossiers/{world.dossier.pk}/documents", f).status_code == 401
    f = {"file": SimpleUploadedFile("scan.pdf", make_pdf(["Scan"])), "mailbox": "purchases"}
    assert (
        client.post(f"/api/dossiers/{world.other_dossier.pk}/documents", f, **bearer).status_code
        == 404
    )
    f = {"file": SimpleUploadedFile("zero.pdf", b""), "mailbox": "purchases"}
    resp = client.post(f"/api/dossiers/{world.dossier.pk}/documents", f, **bearer)
    assert resp.status_code == 422 and "empty" in str(resp.json()["detail"])


@pytest.mark.django_db
def test_the_intake_endpoint_lists_addresses(world, bearer, client):
    data = client.get(f"/api/dossiers/{world.dossier.pk}/intake", **bearer).json()
    assert data["email"]["sales"].startswith(f"sales.{world.dossier.intake_key}@")
    assert data["folders"]["misc"].endswith(f"{world.dossier.intake_key}/misc")


@pytest.mark.django_db
def test_the_ingest_command_takes_files(world, tmp_path, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    (tmp_path / "a.pdf").write_bytes(make_pdf(["A"]))
    (tmp_path / "b.pdf").write_bytes(make_pdf(["B"]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "ingest",
            "--dossier",
            str(world.dossier.pk),
            "--mailbox",
            "sales",
            str(tmp_path / "a.pdf"),
            str(tmp_path / "b.pdf"),
        )
    assert Document.objects.filter(mailbox="sales", source=Source.COMMAND).count() == 2
