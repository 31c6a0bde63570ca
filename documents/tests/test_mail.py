from __future__ import annotations

import pytest
from django.core import mail as djmail

from documents.intake.mail import address_for, ingest_mail, route_for
from documents.models import Document, InboundMail, IntakeSettings, Source
from documents.tests.mails import invoice_mail


@pytest.fixture
def take(django_capture_on_commit_callbacks):
    def _take(raw, route):
        with django_capture_on_commit_callbacks(execute=True):
            return ingest_mail(raw=raw, route=route, source=Source.EMAIL, recipient="x")

    return _take


@pytest.mark.django_db
def test_addresses_route_to_dossier_mailbox_and_journal(world, settings):
    settings.FIDU_MAIL_DOMAIN = "in.fidu.test"
    addr = address_for(world.dossier, "sales")
    assert addr == f"sales.{world.dossier.intake_key}@in.fidu.test"
    route = route_for(addr.upper())
    assert route.dossier == world.dossier and route.mailbox == "sales"
    route = route_for(f"purchases.{world.dossier.intake_key}.vka@in.fidu.test")
    assert route.journal_code == "VKA"
    assert route_for(f"purchases.{world.dossier.intake_key}@other.test") is None
    assert route_for("purchases.0000000000@in.fidu.test") is None
    assert route_for("postmaster@in.fidu.test") is None


@pytest.mark.django_db
def test_each_attachment_becomes_a_document_with_its_sender(world, take):
    route = route_for(address_for(world.dossier, "purchases"))
    raw = invoice_mail("x", attachments=[("a.pdf", None), ("b.pdf", None)])
    inbound = take(raw, route)
    docs = Document.objects.filter(source=Source.EMAIL)
    assert docs.count() == 2 and {d.sender for d in docs} == {"billing@supplier.test"}
    assert all(d.page_count == 1 for d in docs)
    assert inbound.outcome == "accepted"
    # the same mail again (a retry): nothing new
    take(raw, route)
    assert Document.objects.count() == 2 and InboundMail.objects.count() == 1


@pytest.mark.django_db
def test_a_mail_without_attachment_becomes_a_pdf_of_its_body(world, take):
    route = route_for(address_for(world.dossier, "misc"))
    html = "<p>Total due: <b>121,00 EUR</b></p><script>alert(1)</script><img src='https://tracker.test/p.gif'>"
    take(invoice_mail("x", attachments=[], html=html), route)
    doc = Document.objects.get()
    assert doc.mailbox == "misc" and doc.page_count == 1
    text = doc.pages.get().text
    assert "121,00 EUR" in text and "alert" not in text and "billing@supplier.test" in text


@pytest.mark.django_db
def test_a_mail_with_nothing_usable_sends_a_notice(world, take):
    IntakeSettings.objects.create(dossier=world.dossier, notice_email="notices@alpha.test")
    route = route_for(address_for(world.dossier, "purchases"))
    inbound = take(invoice_mail("x", attachments=[], text="  "), route)
    assert inbound.outcome == "nothing" and not Document.objects.exists()
    assert djmail.outbox[-1].to == ["notices@alpha.test"]
    assert inbound.raw_id  # the mail itself is kept


@pytest.mark.django_db
def test_auto_forward_respects_the_whitelist(world, take):
    IntakeSettings.objects.create(
        dossier=world.dossier, auto_forward_purchases=True, sender_whitelist="@trusted.test"
    )
    route = route_for(address_for(world.dossier, "purchases"))
    take(invoice_mail("x", msgid="<1@a>", sender="bill@trusted.test"), route)
    take(
        invoice_mail(
            "x",
            msgid="<2@a>",
            sender="spam@elsewhere.test",
            attachments=[("other.pdf", b"%PDF-1.4 x")],
        ),
        route,
    )
    states = dict(Document.objects.values_list("sender", "state"))
    assert states == {"bill@trusted.test": "sent", "spam@elsewhere.test": "inbox"}


@pytest.mark.django_db
def test_an_uploaded_eml_is_taken_like_a_mail(handed_in):
    docs = handed_in(file=invoice_mail("x", attachments=[("a.pdf", None)]), name="forwarded.eml")
    assert (
        len(docs) == 1
        and docs[0].file_name == "a.pdf"
        and docs[0].sender == "billing@supplier.test"
    )
