"""Payment orders through the pages and the API: form checks, approval, permissions."""

from __future__ import annotations

import html
import json
from datetime import date
from decimal import Decimal

import pytest

from core.models import AuditEvent
from payments.models import OrderStatus, PaymentExport, PaymentOrder
from payments.services import OrderData, order_create

D = Decimal


def _post(world, acct, user=None, **kw):
    data = {
        "account": acct.pk,
        "amount": "121.00",
        "execution_date": "2026-03-02",
        "creditor_name": "Garage Dupont",
        "creditor_iban": "BE71 0961 2345 6769",
        "creditor_bic": "",
        "communication_kind": "structured",
        "communication": "+++240/2838/42818+++",
    }
    data.update(kw)
    client = world.client_for(user or world.clients["administrator"])
    return client.post(f"/d/{world.dossier.pk}/payments/new/", data)


def test_an_order_is_stored_with_decimal_amount_and_clean_fields(world, account):
    r = _post(world, account)
    order = PaymentOrder.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/payments/{order.pk}/"
    assert order.amount == D("121.00")
    assert order.creditor_iban == "BE71096123456769"
    assert order.creditor_bic == "GKCCBEBB"  # from the IBAN's bank code
    assert order.communication == "240283842818"
    assert order.status == OrderStatus.APPROVED  # an administrator may approve, no threshold
    assert AuditEvent.objects.filter(
        action="payments.order_created", object_id=str(order.pk)
    ).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("creditor_iban", "BE71096123456768", "Cet IBAN n'est pas valide."),
        ("communication", "+++931/3843/84900+++", "Cette communication structurée n'est pas"),
        ("creditor_bic", "XX", "Ce BIC n'est pas valide."),
    ],
)
def test_wrong_iban_ogm_bic_are_refused_with_a_message(world, account, field, value, message):
    r = _post(world, account, **{field: value})
    assert r.status_code == 200
    assert message in html.unescape(r.content.decode())  # the user's language, French by default
    assert not PaymentOrder.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "Dit IBAN is niet geldig."),
        ("de", "Diese IBAN ist ungültig."),
        ("en", "This IBAN is not valid."),
    ],
)
def test_messages_in_the_users_language(world, account, language, message):
    user = world.clients["administrator"]
    user.language = language
    user.save()
    r = _post(world, account, creditor_iban="BE00")
    assert message in html.unescape(r.content.decode())


def test_free_communication_and_an_account_of_another_dossier(world, account):
    from bank.models import BankAccount

    foreign = BankAccount.objects.create(dossier=world.other_dossier, number="BE62510007547061")
    r = _post(world, foreign, communication_kind="free", communication="x")
    assert r.status_code == 200 and not PaymentOrder.objects.exists()
    _post(world, account, communication_kind="free", communication="Facture 7")
    assert PaymentOrder.objects.get().communication == "Facture 7"


def test_form_prefilled_from_the_recognised_invoice(world, account, handed_in):
    from recognition.models import Extraction

    [doc] = handed_in()
    Extraction.objects.update_or_create(
        document=doc,
        version=doc.original.sha256,
        defaults=dict(
            status="done",
            source="text",
            mode="auto",
            counterparty_name="Acme SA",
            counterparty_iban="BE71096123456769",
            payable_amount=D("250.10"),
            due_date=date(2026, 4, 30),
            payment_reference="+++240/2838/42818+++",
            fields={"bic": {"value": "GKCCBEBB"}},
        ),
    )
    r = world.client_for(world.clients["administrator"]).get(
        f"/d/{world.dossier.pk}/payments/new/?document={doc.pk}"
    )
    html = r.content.decode()
    for value in (
        "Acme SA",
        "BE71096123456769",
        "250.10",
        "2026-04-30",
        "240283842818",
        "GKCCBEBB",
    ):
        assert value in html
    assert f"/documents/{doc.pk}/" in html


def test_batch_export_and_download(world, account):
    admin = world.clients["administrator"]
    ids = [
        order_create(
            actor=admin,
            dossier=world.dossier,
            data=OrderData(
                account=account,
                amount=D(a),
                execution_date=date(2026, 3, 2),
                creditor_name="A",
                creditor_iban="BE71096123456769",
            ),
        ).pk
        for a in ("10.10", "20.20")
    ]
    c = world.client_for(admin)
    c.post(f"/d/{world.dossier.pk}/payments/export/", {"ids": ids})
    export = PaymentExport.objects.get()
    assert export.total == D("30.30")
    r = c.get(f"/payments/exports/{export.pk}/pain001.xml")
    assert r["Content-Type"] == "application/xml"
    assert b"<CtrlSum>30.30</CtrlSum>" in r.content
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.EXPORTED}


def test_qr_code_of_an_order(world, account):
    admin = world.clients["administrator"]
    order = order_create(
        actor=admin,
        dossier=world.dossier,
        data=OrderData(
            account=account,
            amount=D("12.30"),
            execution_date=date(2026, 3, 2),
            creditor_name="Acme",
            creditor_iban="BE71096123456769",
            communication_kind="structured",
            communication="240283842818",
        ),
    )
    from payments.epc import order_payload

    assert order_payload(order) == (
        "BCD\n002\n1\nSCT\nGKCCBEBB\nAcme\nBE71096123456769\nEUR12.3\n\n\n+++240/2838/42818+++"
    )
    c = world.client_for(admin)
    svg = c.get(f"/payments/{order.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = c.get(f"/payments/{order.pk}/qr.svg?format=png")
    assert png.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("profile", ["doc_processing", "doc_delivery", "doc_processing_archive"])
def test_profiles_without_payments_get_403(world, account, profile):
    c = world.client_for(world.clients[profile])
    assert c.get(f"/d/{world.dossier.pk}/payments/").status_code == 403
    assert _post(world, account, user=world.clients[profile]).status_code == 403
    assert c.get(f"/api/dossiers/{world.dossier.pk}/payments").status_code == 403
    assert not PaymentOrder.objects.exists()


def test_other_dossier_is_404(world, account):
    c = world.client_for(world.outsider)
    assert c.get(f"/d/{world.dossier.pk}/payments/").status_code == 404
    assert c.get(f"/api/dossiers/{world.dossier.pk}/payments").status_code == 404
    order = order_create(
        actor=world.clients["administrator"],
        dossier=world.dossier,
        data=OrderData(
            account=account,
            amount=D("5"),
            execution_date=date(2026, 3, 2),
            creditor_name="A",
            creditor_iban="BE71096123456769",
        ),
    )
    assert c.get(f"/payments/{order.pk}/").status_code == 404


def test_api_create_and_list(world, account):
    c = world.client_for(world.clients["administrator"])
    url = f"/api/dossiers/{world.dossier.pk}/payments"
    body = {
        "account_id": account.pk,
        "amount": "99.95",
        "execution_date": "2026-03-02",
        "creditor_name": "Acme",
        "creditor_iban": "BE71096123456769",
        "communication_kind": "structured",
        "communication": "240283842818",
    }
    r = c.post(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["amount"] == "99.95" and r.json()["status"] == "to_execute"
    bad = c.post(
        url, json.dumps({**body, "communication": "240283842819"}), content_type="application/json"
    )
    assert bad.status_code == 422
    rows = c.get(url).json()
    assert [(o["amount"], o["creditor_iban"]) for o in rows] == [("99.95", "BE71096123456769")]


def test_demo_seed_twice_gives_two_orders_of_the_dossier(world):
    from types import SimpleNamespace

    from payments.demo import seed

    ctx = SimpleNamespace(dossiers=[world.dossier])
    seed(ctx)
    seed(ctx)
    rows = PaymentOrder.objects.filter(dossier=world.dossier)
    assert sorted(rows.values_list("status", flat=True)) == ["approved", "to_approve"]
    assert sum(o.amount for o in rows) == D("3660.45")


def test_invoice_page_tells_where_its_payment_stands(world, account, handed_in):
    [doc] = handed_in()
    order_create(
        actor=world.clients["administrator"],
        dossier=world.dossier,
        data=OrderData(
            account=account,
            amount=D("42.50"),
            execution_date=date(2026, 3, 2),
            creditor_name="A",
            creditor_iban="BE71096123456769",
            document=doc,
        ),
    )
    user = world.clients["administrator"]
    user.language = "en"
    user.save()
    page = world.client_for(user).get(f"/documents/{doc.pk}/").content.decode()
    assert "Payment order of 42.50 EUR: approved" in page
    clerk = world.clients["doc_processing"]  # no payments right: no notice
    clerk.language = "en"
    clerk.save()
    assert (
        "Payment order of"
        not in world.client_for(clerk).get(f"/documents/{doc.pk}/").content.decode()
    )


def test_a_basket_of_two_accounts_gives_one_file_per_account(world, account):
    from bank.models import BankAccount

    second = BankAccount.objects.create(dossier=world.dossier, number="BE62510007547061")
    admin = world.clients["administrator"]
    ids = [
        order_create(
            actor=admin,
            dossier=world.dossier,
            data=OrderData(
                account=acct,
                amount=D("10.00"),
                execution_date=date(2026, 3, 2),
                creditor_name="A",
                creditor_iban="BE71096123456769",
            ),
        ).pk
        for acct in (account, second, account)
    ]
    world.client_for(admin).post(f"/d/{world.dossier.pk}/payments/export/", {"ids": ids})
    files = {e.account_id: e for e in PaymentExport.objects.all()}
    assert set(files) == {account.pk, second.pk}
    assert files[account.pk].total == D("20.00") and files[second.pk].total == D("10.00")
    assert "<IBAN>BE62510007547061</IBAN>" in files[second.pk].xml
