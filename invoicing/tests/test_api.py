"""The invoicing API and command: create (find-or-create the customer), UBL, PDF, send,
422 with a clear `detail`, and who may call it."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from einvoice.reader import parse_invoice_xml
from invoicing.models import Customer, Invoice

pytestmark = pytest.mark.django_db

NEW_CUSTOMER = {
    "name": "Brasserie du Parc SRL",
    "vat_number": "BE 0411.905.847",
    "street": "Parc 1",
    "postcode": "5000",
    "city": "Namur",
    "country": "BE",
    "language": "nl",
    "email": "factures@parc.example",
}


def _post(c, world, body):
    return c.post(
        f"/api/dossiers/{world.dossier.pk}/invoices",
        data=json.dumps(body),
        content_type="application/json",
    )


def _body(**kw):
    body = {
        "customer": NEW_CUSTOMER,
        "issue_date": "2026-03-10",
        "lines": [
            {"description": "Dinner", "quantity": 2, "unit_price": "45.50", "vat_rate": 12},
            {
                "description": "Wine",
                "quantity": "1",
                "unit_price": "30",
                "vat_rate": 21,
                "discount": 10,
            },
        ],
    }
    body.update(kw)
    return body


def test_it_creates_an_invoice_with_a_new_customer_then_finds_it_again(world, books, seller):
    c = world.client_for(world.clients["administrator"])
    r = _post(c, world, _body())
    assert r.status_code == 201, r.content
    data = r.json()
    # 91.00 at 12 % (10.92) + 27.00 at 21 % (5.67)
    assert data["number"] == "2026-00001"
    assert data["totals"] == {
        "lines": "118.00",
        "excl_vat": "118.00",
        "vat": "16.59",
        "incl_vat": "134.59",
    }
    assert data["entry_id"]
    r2 = _post(c, world, _body())
    assert r2.json()["customer"]["id"] == data["customer"]["id"]
    assert Customer.objects.filter(dossier=world.dossier).count() == 1
    cust = Customer.objects.get(pk=data["customer"]["id"])
    assert cust.peppol_id == "0208:0411905847" and cust.language == "nl"

    ubl = c.get(f"/api/invoices/{data['id']}/ubl")
    assert ubl.status_code == 200 and ubl["Content-Type"] == "application/xml"
    read = parse_invoice_xml(ubl.content)
    assert read.report.valid and str(read.invoice.payable_amount) == "134.59"
    pdf = c.get(f"/api/invoices/{data['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    cn = _post(c, world, _body(customer=data["customer"]["id"], credit_note_of=data["id"]))
    assert cn.status_code == 201 and cn.json()["number"] == "CN-2026-00001"
    assert cn.json()["credit_note_of"] == data["id"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"customer": {**NEW_CUSTOMER, "vat_number": "BE0411905848"}}, "check digits"),
        (
            {"lines": [{"description": "x", "quantity": -2, "unit_price": 5, "vat_rate": 21}]},
            "quantity must be positive",
        ),
        ({"lines": [{"description": "x", "quantity": 1, "unit_price": 5}]}, "needs a VAT category"),
        ({"customer": {**NEW_CUSTOMER, "peppol_id": "0208:123"}}, "enterprise number"),
        ({"customer": 999999}, "not a customer of this dossier"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_422(world, books, change, words):
    user = world.clients["administrator"]
    user.language = "en"  # the API answers in the user's language
    user.save(update_fields=["language"])
    c = world.client_for(user)
    r = _post(c, world, _body(**change))
    assert r.status_code == 422
    assert words in r.json()["detail"]
    assert not Invoice.objects.exists()


def test_send_emails_a_customer_without_access_point(
    world, books, seller, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.client_for(world.clients["administrator"])
    inv = _post(c, world, _body()).json()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/api/invoices/{inv['id']}/send")
    assert r.status_code == 200 and r.json()["channel"] == "email"
    assert Invoice.objects.get(pk=inv["id"]).delivery_status == "sent"
    assert mailoutbox[0].to == ["factures@parc.example"]


def test_outsiders_and_profiles_without_invoicing_are_refused(world, books):
    ok = world.client_for(world.clients["administrator"])
    inv = _post(ok, world, _body()).json()
    for user, code in (
        (world.outsider, 404),
        (world.clients["doc_processing"], 403),
        (world.clients["full_feedback"], 403),
        (None, 401),
    ):
        c = world.client_for(user)
        assert _post(c, world, _body()).status_code == code
        assert c.get(f"/api/invoices/{inv['id']}/ubl").status_code == code
        assert c.post(f"/api/invoices/{inv['id']}/send").status_code == code
    assert Invoice.objects.count() == 1


def test_the_command_prints_the_ubl(world, books, seller):
    c = world.client_for(world.clients["administrator"])
    inv = _post(c, world, _body()).json()
    out = StringIO()
    import sys

    real = sys.stdout
    buf = __import__("io").TextIOWrapper(__import__("io").BytesIO(), encoding="utf-8")
    sys.stdout = buf
    try:
        call_command(
            "invoice_ubl",
            "--dossier",
            str(world.dossier.pk),
            "--invoice",
            inv["number"],
            stdout=out,
        )
        buf.flush()
        xml = buf.buffer.getvalue()
    finally:
        sys.stdout = real
    assert parse_invoice_xml(xml).invoice.invoice_number == "2026-00001"
