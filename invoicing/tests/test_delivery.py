"""Sending over Peppol (through a local server that follows Recommand's API), by e-mail
when the customer is not on Peppol, delivery statuses, retries, reception into intake."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.sealed import is_sealed
from documents.models import Document, Mailbox
from einvoice.reader import parse_invoice_xml
from invoicing import delivery, services
from invoicing.models import Invoice, InvoicingSettings
from invoicing.tests.conftest import make_invoice
from invoicing.tests.fake_recommand import FakeRecommand

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "../shared/corpus/1_ubl_peppol"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send as the page does; the delivery task queued on commit runs inline."""

    def run(fn, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            d = fn(**kw)
        d.refresh_from_db()
        return d

    return run


@pytest.fixture
def ap(world, seller, settings):
    settings.FIDU_PEPPOL_ALLOW_PRIVATE = True
    fake = FakeRecommand().start()
    services.settings_save(
        actor=world.admin,
        dossier=world.dossier,
        values={"ap_provider": "recommand", "ap_base_url": fake.url, "ap_company_id": fake.company},
        key=fake.key,
        secret=fake.secret,
    )
    yield fake
    fake.stop()


def test_it_keeps_the_access_point_credentials_sealed(world, ap):
    s = InvoicingSettings.objects.get(dossier=world.dossier)
    assert is_sealed(s.ap_key_sealed) and ap.secret not in s.ap_secret_sealed


def test_it_sends_over_peppol_and_follows_the_status_to_delivered(world, books, customer, ap, send):
    ap.registered.add(customer.peppol_id)
    draft = make_invoice(world, customer, issue=False)
    d = send(delivery.invoice_send, actor=world.admin, invoice_id=draft.pk)
    assert (d.channel, d.status, d.external_id) == ("peppol", "sent", "doc_1")
    sent = ap.sent[0]
    assert sent["recipient"] == "0208:0403170701" and sent["documentType"] == "xml"
    inv = Invoice.objects.get(pk=draft.pk)
    assert parse_invoice_xml(sent["document"].encode()).invoice.invoice_number == inv.number
    assert inv.entry_id and inv.delivery_status == "sent"
    ap.delivered.add("doc_1")
    delivery.delivery_refresh(invoice=inv)
    inv.refresh_from_db()
    assert inv.delivery_status == "delivered"


def test_a_refused_send_is_failed_with_the_reason_and_can_be_retried(
    world, books, customer, ap, send
):
    ap.registered.add(customer.peppol_id)
    ap.refuse_send = "BR-CO-15 violated"
    inv = make_invoice(world, customer)
    d = send(delivery.invoice_send, actor=world.admin, invoice_id=inv.pk)
    assert d.status == "failed" and "BR-CO-15 violated" in d.reason
    ap.refuse_send = ""
    again = send(delivery.delivery_retry, actor=world.admin, invoice=inv)
    assert again.attempt == 2 and again.status == "sent"
    assert [x.status for x in inv.deliveries.all()] == ["sent", "failed"]


def test_it_emails_pdf_and_ubl_when_the_customer_is_not_on_peppol(world, books, customer, ap, send):
    inv = make_invoice(world, customer)
    d = send(delivery.invoice_send, actor=world.admin, invoice_id=inv.pk)
    assert d.channel == "email" and d.status == "sent" and "not registered" in d.reason
    msg = mail.outbox[-1]
    assert msg.to == ["compta@proxibel.example"]
    names = {a[0]: a for a in msg.attachments}
    assert names[f"{inv.number}.pdf"][1].startswith(b"%PDF")
    assert parse_invoice_xml(names[f"{inv.number}.xml"][1]).invoice.total_incl_vat == inv.total_incl
    assert "Veuillez trouver ci-joint" in msg.body


def test_an_unknown_peppol_id_without_email_is_refused_clearly(world, books, ap):
    c = services.customer_save(
        actor=world.admin,
        dossier=world.dossier,
        values={"name": "Nobody SA", "vat_number": "BE0411905847"},
    )
    inv = make_invoice(world, c, issue=False)
    with pytest.raises(
        ValidationError, match="Unknown Peppol ID: 0208:0411905847 is not registered"
    ):
        delivery.invoice_send(actor=world.admin, invoice_id=inv.pk)
    inv.refresh_from_db()
    assert inv.status == "draft" and not inv.deliveries.exists()


def test_it_takes_received_invoices_into_the_purchases_mailbox(
    world, ap, django_capture_on_commit_callbacks
):
    from recognition.models import Extraction

    xml = (CORPUS / "peppol-bis-invoice-3/examples__base-example.xml").read_text()
    ap.inbox.append({"id": "in_1", "senderId": "0208:0411905847", "xml": xml})
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.peppol_receive(dossier=world.dossier) == 1
    doc = Document.objects.get(dossier=world.dossier, source="peppol")
    assert doc.mailbox == Mailbox.PURCHASES and ap.read == ["in_1"]
    # Read exactly by the e-invoice reader (B7), not by OCR.
    x = Extraction.objects.get(document=doc)
    assert (x.source, x.invoice_number, str(x.payable_amount)) == ("xml", "Snippet1", "1656.25")
    assert delivery.peppol_receive(dossier=world.dossier) == 0
