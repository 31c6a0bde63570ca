"""Missing documents (E3): the office asks, the client gets a mail in their language and
answers by uploading; the document lands in purchases, linked to the request."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from bank.models import MissingDocumentRequest, Movement, RequestStatus
from bank.tests.coda import coda_file
from documents.models import Document
from tenancy.models import ClientProfile

D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _import(world):
    data = coda_file(
        day=date(2026, 3, 2),
        movements=[
            (D("-50.00"), "Garage Dupont", "BE71096123456769", "entretien"),
            (D("-70.00"), "Garage Dupont", "BE71096123456769", "pneus"),
            (D("-9.00"), "Librairie", "BE62510007547061", "livres"),
            (D("80.00"), "Client NV", "", "paiement"),
        ],
    )
    c = world.client_for(world.admin)
    c.post(f"/d/{world.dossier.pk}/bank/import/", {"files": [SimpleUploadedFile("m.cod", data)]})
    return c, list(Movement.objects.filter(dossier=world.dossier).order_by("sequence"))


def test_the_office_asks_per_supplier_and_the_client_answers(
    world, settings, django_capture_on_commit_callbacks
):
    settings.FIDU_BASE_URL = "https://fidu.example"
    admin = world.clients[ClientProfile.ADMINISTRATOR]
    admin.language = "nl"
    admin.save(update_fields=["language"])
    c, ms = _import(world)
    page = c.get(f"/d/{world.dossier.pk}/bank/missing-documents/office/").content.decode()
    assert "Garage Dupont" in page and "Librairie" in page and "Client NV" not in page
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            f"/d/{world.dossier.pk}/bank/missing-documents/ask/",
            {"ids": [ms[0].pk, ms[1].pk, ms[2].pk], "per": "supplier"},
        )
    requests = list(MissingDocumentRequest.objects.order_by("total"))
    assert [(r.counterparty_name, r.total) for r in requests] == [
        ("Garage Dupont", D("-120.000")),
        ("Librairie", D("-9.000")),
    ]
    garage = requests[0]
    assert set(garage.movements.values_list("pk", flat=True)) == {ms[0].pk, ms[1].pk}
    to_admin = [m for m in mail.outbox if m.to == [admin.email]]
    assert len(to_admin) == 1
    url = f"https://fidu.example/d/{world.dossier.pk}/bank/missing-documents/{garage.pk}/"
    assert url in to_admin[0].body
    assert "vraagt" in to_admin[0].subject  # Dutch, the user's language
    # Already asked: not offered again
    page = c.get(f"/d/{world.dossier.pk}/bank/missing-documents/office/").content.decode()
    assert "Garage Dupont" not in page.split("<h2")[0]
    client = world.client_for(admin)
    listing = client.get(f"/d/{world.dossier.pk}/bank/missing-documents/").content.decode()
    assert "Garage Dupont" in listing
    r = client.post(
        f"/d/{world.dossier.pk}/bank/missing-documents/{garage.pk}/",
        {"file": SimpleUploadedFile("garage.pdf", PDF, content_type="application/pdf")},
    )
    assert r.status_code == 302
    garage.refresh_from_db()
    assert garage.status == RequestStatus.ANSWERED and garage.answered_by == admin
    doc = Document.objects.get(pk=garage.document_id)
    assert doc.dossier == world.dossier and doc.mailbox == "purchases"
    listing = client.get(f"/d/{world.dossier.pk}/bank/missing-documents/").content.decode()
    assert "Garage Dupont" not in listing and "Librairie" in listing


def test_one_request_per_payment_and_who_may_ask(world):
    c, ms = _import(world)
    c.post(
        f"/d/{world.dossier.pk}/bank/missing-documents/ask/",
        {"ids": [ms[0].pk, ms[1].pk, ms[3].pk], "per": "movement"},
    )
    assert MissingDocumentRequest.objects.count() == 2  # the incoming 80.00 is no payment
    uploader = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    r = uploader.post(f"/d/{world.dossier.pk}/bank/missing-documents/ask/", {"ids": [ms[2].pk]})
    assert r.status_code == 403
    assert uploader.get(f"/d/{world.dossier.pk}/bank/missing-documents/office/").status_code == 403
    reader = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])  # no upload right
    assert reader.get(f"/d/{world.dossier.pk}/bank/missing-documents/").status_code == 403
    req = MissingDocumentRequest.objects.first()
    outsider = world.client_for(world.outsider)
    assert (
        outsider.get(f"/d/{world.dossier.pk}/bank/missing-documents/{req.pk}/").status_code == 404
    )
    r = outsider.get(f"/d/{world.other_dossier.pk}/bank/missing-documents/{req.pk}/")
    assert r.status_code == 404
