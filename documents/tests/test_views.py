from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from documents.models import DocState, Document, Source
from documents.tests.pdfs import make_jpeg, make_pdf

ADMIN = "administrator"
DELIVERY = "doc_delivery"


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def _run(fn, *a, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*a, **kw)

    return _run


def upload(client, dossier, files, run, **fields):
    data = {"mailbox": "purchases", "doc_type": "purchase_invoice", **fields, "file": files}
    return run(
        client.post,
        reverse("documents_upload", args=[dossier.pk]),
        data,
        HTTP_ACCEPT="application/json",
    )


@pytest.mark.django_db
def test_it_takes_several_files_with_their_metadata(world, run_on_commit):
    c = world.client_for(world.clients[ADMIN])
    files = [SimpleUploadedFile("a.pdf", make_pdf(["A"])), SimpleUploadedFile("b.jpg", make_jpeg())]
    resp = upload(
        c, world.dossier, files, run_on_commit, payment_status="paid", labels="fuel, car", note="hi"
    )
    assert resp.status_code == 200, resp.content
    docs = Document.objects.filter(dossier=world.dossier)
    assert docs.count() == 2
    for d in docs:
        assert d.payment_status == "paid" and d.labels == ["fuel", "car"] and d.note == "hi"
        assert d.source == Source.UPLOAD and d.uploaded_by == world.clients[ADMIN]
        assert d.visual_id and d.page_count == 1


@pytest.mark.django_db
def test_the_type_is_mandatory_on_upload(world, run_on_commit):
    c = world.client_for(world.clients[ADMIN])
    resp = upload(
        c, world.dossier, [SimpleUploadedFile("a.pdf", make_pdf(["A"]))], run_on_commit, doc_type=""
    )
    assert resp.status_code == 400 and "doc_type" in resp.json()["errors"]
    resp = upload(
        c,
        world.dossier,
        [SimpleUploadedFile("a.pdf", make_pdf(["A"]))],
        run_on_commit,
        doc_type="sales_invoice",
    )
    assert resp.status_code == 400
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_an_empty_file_gets_a_clear_message(world, run_on_commit):
    c = world.client_for(world.clients[ADMIN])
    resp = upload(c, world.dossier, [SimpleUploadedFile("zero.pdf", b"")], run_on_commit)
    assert resp.status_code == 422
    assert "empty" in resp.json()["results"][0]["error"]


@pytest.mark.django_db
def test_pages_and_downloads_work_for_the_client(world, handed_in):
    sent = make_pdf(["Hello", "World"])
    [doc] = handed_in(file=sent, actor=world.clients[ADMIN])
    c = world.client_for(world.clients[ADMIN])
    assert c.get(reverse("documents", args=[world.dossier.pk])).status_code == 200
    page = c.get(reverse("document_detail", args=[doc.pk])).content.decode()
    # both pages are shown as images, and the original can be downloaded from the page
    shown = page.split('data-testid="pages"')[1]
    assert reverse("document_page", args=[doc.pk, 1]) in shown
    assert reverse("document_page", args=[doc.pk, 2]) in shown
    assert reverse("document_page", args=[doc.pk, 3]) not in shown
    assert f'href="{reverse("document_original", args=[doc.pk])}"' in page
    original = c.get(reverse("document_original", args=[doc.pk]))
    assert b"".join(original.streaming_content) == sent
    assert c.get(reverse("document_visual", args=[doc.pk]))["Content-Type"] == "application/pdf"
    assert c.get(reverse("document_thumb", args=[doc.pk, 2]))["Content-Type"] == "image/jpeg"
    assert c.get(reverse("document_page", args=[doc.pk, 1])).status_code == 200
    assert c.get(reverse("document_thumb", args=[doc.pk, 3])).status_code == 404


@pytest.mark.django_db
def test_outsiders_and_other_delivery_users_get_404_even_for_files(world, handed_in):
    [doc] = handed_in(actor=world.clients[ADMIN])
    for user in (world.outsider, world.clients[DELIVERY], world.stranger_office_admin):
        c = world.client_for(user)
        for name in ("document_detail", "document_original", "document_visual"):
            assert c.get(reverse(name, args=[doc.pk])).status_code == 404, (user, name)


@pytest.mark.django_db
def test_a_delivery_user_sees_only_own_uploads(world, handed_in):
    [own] = handed_in(actor=world.clients[DELIVERY], name="mine.pdf")
    handed_in(file=make_pdf(["other"]), actor=world.clients[ADMIN], name="theirs.pdf")
    c = world.client_for(world.clients[DELIVERY])
    resp = c.get(reverse("documents", args=[world.dossier.pk]))
    assert b"mine" in resp.content and b"theirs" not in resp.content
    assert c.get(reverse("document_detail", args=[own.pk])).status_code == 200
    assert c.post(reverse("document_delete", args=[own.pk])).status_code == 403


@pytest.mark.django_db
def test_office_sees_unsent_documents_only_with_the_clients_consent(world, handed_in):
    [doc] = handed_in()
    c = world.client_for(world.collaborator)
    assert c.get(reverse("document_detail", args=[doc.pk])).status_code == 404
    assert c.get(reverse("documents", args=[world.dossier.pk])).status_code == 403
    world.dossier.allow_accountant_unsent = True
    world.dossier.save()
    assert (
        world.client_for(world.collaborator)
        .get(reverse("document_detail", args=[doc.pk]))
        .status_code
        == 200
    )


@pytest.mark.django_db
def test_it_sends_documents_with_a_summary_and_period_mark(world, handed_in):
    [a] = handed_in(file=make_pdf(["a"]))
    [b] = handed_in(file=make_pdf(["b"]))
    c = world.client_for(world.clients[ADMIN])
    summary = c.post(reverse("documents_send", args=[world.dossier.pk]), {"ids": [a.pk, b.pk]})
    assert summary.status_code == 200 and b"send-summary" in summary.content
    resp = c.post(
        reverse("documents_send", args=[world.dossier.pk]),
        {"ids": [a.pk, b.pk], "confirm": "1", "summary": "March", "last_for_period": "2026-03"},
    )
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.state == DocState.SENT and a.sent_at and a.dispatch.last_for_period == "2026-03"
    assert AuditEvent.objects.filter(action="documents.sent").count() == 1
    sent_tab = c.get(reverse("documents", args=[world.dossier.pk]) + "?tab=sent")
    assert str(a.title).encode() in sent_tab.content
    # now the office sees it without consent
    assert (
        world.client_for(world.collaborator)
        .get(reverse("document_detail", args=[a.pk]))
        .status_code
        == 200
    )


@pytest.mark.django_db
def test_it_edits_deletes_with_audit_and_shares(world, handed_in, run_on_commit):
    [doc] = handed_in()
    c = world.client_for(world.clients[ADMIN])
    resp = c.post(
        reverse("document_edit", args=[doc.pk]),
        {
            "title": "Fuel",
            "doc_type": "receipt",
            "mailbox": "misc",
            "labels": "car",
            "note": "",
            "payment_status": "unpaid",
            "payment_method": "",
            "journal_code": "",
            "folder_id": "",
        },
    )
    assert resp.status_code == 302
    doc.refresh_from_db()
    assert (doc.title, doc.mailbox, doc.doc_type, doc.labels) == (
        "Fuel",
        "misc",
        "receipt",
        ["car"],
    )
    run_on_commit(c.post, reverse("document_share", args=[doc.pk]), {"to": "friend@example.com"})
    assert mail.outbox and mail.outbox[-1].attachments
    c.post(reverse("document_delete", args=[doc.pk]))
    doc.refresh_from_db()
    assert doc.state == DocState.DELETED
    assert AuditEvent.objects.filter(action="document.deleted", object_id=str(doc.pk)).exists()


@pytest.mark.django_db
def test_tabs_history_and_folders(world, handed_in):
    [_doc] = handed_in()
    c = world.client_for(world.clients[ADMIN])
    # One archive: the tab leads to the richer archive page when an app provides it (F5).
    archive = c.get(reverse("documents_archive", args=[world.dossier.pk]), follow=True)
    assert archive.status_code == 200
    hist = c.get(reverse("documents_history", args=[world.dossier.pk]))
    assert hist.status_code == 200 and b"Upload" in hist.content
    c.post(reverse("documents_folders", args=[world.dossier.pk]), {"name": "Contracts"})
    assert b"Contracts" in c.get(reverse("documents_folders", args=[world.dossier.pk])).content
    # doc processing without archive: no history
    c2 = world.client_for(world.clients["doc_processing"])
    assert c2.get(reverse("documents_history", args=[world.dossier.pk])).status_code == 403


@pytest.mark.django_db
def test_the_intake_page_shows_addresses_and_folders(world):
    c = world.client_for(world.clients[ADMIN])
    resp = c.get(reverse("documents_intake", args=[world.dossier.pk]))
    assert resp.status_code == 200
    assert f"purchases.{world.dossier.intake_key}@".encode() in resp.content
    resp = c.post(
        reverse("documents_intake", args=[world.dossier.pk]),
        {
            "form": "settings",
            "notice_email": "boss@alpha.test",
            "auto_forward_purchases": "on",
            "sender_whitelist": "",
        },
    )
    assert resp.status_code == 302
    imap = c.post(reverse("documents_intake", args=[world.dossier.pk]), {"form": "imap"})
    assert imap.status_code == 403  # the client cannot connect IMAP; the office does


@pytest.mark.django_db
def test_mobile_capture_makes_one_pdf_of_several_photos(world, run_on_commit):
    c = world.client_for(world.clients[ADMIN])
    photos = [SimpleUploadedFile(f"p{i}.jpg", make_jpeg(size=(300 + i, 500))) for i in range(3)]
    resp = run_on_commit(
        c.post,
        reverse("documents_capture", args=[world.dossier.pk]),
        {"doc_type": "receipt", "photo": photos},
    )
    assert resp.status_code == 302
    doc = Document.objects.get()
    assert doc.page_count == 3 and doc.doc_type == "receipt"
