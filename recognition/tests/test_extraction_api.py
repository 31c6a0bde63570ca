"""A document's recognised fields, lines and addresses: on the page and through the API,
for whoever may open the document, withheld from the client while verified mode waits."""

from __future__ import annotations

import pytest

from recognition import services
from recognition.models import DossierRecognitionSettings
from recognition.tests.test_services import make_document

pytestmark = pytest.mark.django_db

INVOICE = """<html><body style="font-family: sans-serif; font-size: 10pt">
  <p>Bureau Janssens BV<br>Kerkstraat 12 bus 3<br>9000 Gent<br>BTW BE0403.170.701</p>
  <h1>Factuur 2024-0042</h1><p>Factuurdatum: 12/03/2024</p>
  <table style="width:100%; border-spacing: 20pt 4pt">
    <tr><th align=left>Omschrijving</th><th>Aantal</th><th>Eenheidsprijs</th><th>Bedrag</th></tr>
    <tr><td>Boekhouding maart</td><td align=right>1</td><td align=right>450,00</td>
        <td align=right>450,00</td></tr>
    <tr><td>Aangifte btw</td><td align=right>2</td><td align=right>75,00</td>
        <td align=right>150,00</td></tr>
  </table>
  <p>Totaal excl. btw: 600,00<br>Btw 21%: 126,00<br>Te betalen: 726,00</p>
</body></html>"""


@pytest.fixture
def recognised(world):
    from weasyprint import HTML

    doc = make_document(world.dossier, HTML(string=INVOICE).write_pdf(), name="factuur.pdf")
    services.recognize_document(document_id=doc.pk)
    return doc


def test_the_api_gives_fields_lines_and_addresses_to_the_client(world, recognised):
    api = world.client_for(world.clients["administrator"])
    body = api.get(f"/api/documents/{recognised.pk}/extraction").json()
    assert body["held"] is False and body["status"] == "ok"
    assert body["fields"]["invoice_number"]["value"] == "2024-0042"
    assert 0 < body["fields"]["invoice_number"]["confidence"] <= 1
    assert len(body["fields"]["invoice_number"]["box"]) == 4
    assert "9000 Gent" in body["fields"]["seller_address"]["value"]
    assert [(ln["description"], ln["net_amount"]) for ln in body["lines"]] == [
        ("Boekhouding maart", "450.00"),
        ("Aangifte btw", "150.00"),
    ]


def test_the_page_shows_the_lines_and_the_seller_address(world, recognised):
    page = world.client_for(world.clients["administrator"]).get(
        f"/documents/{recognised.pk}/extraction/"
    )
    html = page.content.decode()
    assert 'data-testid="extraction-lines"' in html
    assert "Aangifte btw" in html and "Kerkstraat 12 bus 3" in html


def test_the_api_refuses_another_dossiers_user(world, recognised):
    assert (
        world.client_for(world.outsider)
        .get(f"/api/documents/{recognised.pk}/extraction")
        .status_code
        == 404
    )


def test_the_api_withholds_a_verified_mode_result_from_the_client(world):
    from weasyprint import HTML

    from documents.services import document_send_to_office

    DossierRecognitionSettings.objects.create(dossier=world.dossier, mode="verified")
    doc = make_document(world.dossier, HTML(string=INVOICE).write_pdf(), name="factuur.pdf")
    services.recognize_document(document_id=doc.pk)
    document_send_to_office(actor=world.clients["administrator"], documents=[doc])
    client_view = world.client_for(world.clients["administrator"])
    body = client_view.get(f"/api/documents/{doc.pk}/extraction").json()
    assert body["held"] is True and body["fields"] == {} and body["notice"]
    office_view = world.client_for(world.collaborator).get(f"/api/documents/{doc.pk}/extraction")
    assert office_view.json()["fields"]["invoice_number"]["value"] == "2024-0042"


def test_the_api_says_404_before_recognition_ran(world):
    doc = make_document(world.dossier, b"%PDF-1.4 not yet read")
    api = world.client_for(world.clients["administrator"])
    assert api.get(f"/api/documents/{doc.pk}/extraction").status_code == 404
