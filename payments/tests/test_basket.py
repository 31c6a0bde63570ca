"""The payment basket (G3): tabs, execution into one file per account in its bank's format,
the file kept in the client's Payments folder, drafts, account settings, the API, bad input."""

from __future__ import annotations

import html
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from core.models import AuditEvent
from payments.models import OrderStatus, PaymentExport, PaymentOrder
from payments.services import OrderData, account_settings_save, order_create

D = Decimal
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "3_sepa_pain001"


def _valid(xml: str, version: str) -> bool:
    path = CORPUS / f"python-sepaxml__{version}.xsd"
    if not path.exists():
        pytest.skip("conformance corpus not present")
    schema = etree.XMLSchema(etree.parse(str(path)))
    return schema.validate(etree.fromstring(xml.encode()))


def _order(world, account, amount="10.00", when=date(2026, 3, 2), **kw):
    data = dict(
        account=account,
        amount=D(amount),
        execution_date=when,
        creditor_name="Garage Dupont",
        creditor_iban="BE71096123456769",
    )
    data.update(kw)
    return order_create(
        actor=world.clients["administrator"], dossier=world.dossier, data=OrderData(**data)
    )


def test_tabs_show_orders_by_status(world, account):
    approved = _order(world, account, creditor_name="Approved One")
    waiting = _order(world, account, creditor_name="Waiting One")
    PaymentOrder.objects.filter(pk=waiting.pk).update(status=OrderStatus.TO_APPROVE)
    c = world.client_for(world.clients["administrator"])
    page = c.get(f"/d/{world.dossier.pk}/payments/?tab=to_execute").content.decode()
    assert "Approved One" in page and "Waiting One" not in page
    assert f'name="ids" value="{approved.pk}"' in page and 'id="export-sepa"' in page
    page = c.get(f"/d/{world.dossier.pk}/payments/?tab=to_approve").content.decode()
    assert "Waiting One" in page and "Approved One" not in page
    assert approved.status == OrderStatus.APPROVED


def test_execute_one_file_per_account_in_its_format_kept_in_the_payments_folder(world, account):
    from bank.models import BankAccount
    from documents.models import Document

    second = BankAccount.objects.create(dossier=world.dossier, number="BE62510007547061")
    admin = world.clients["administrator"]
    account_settings_save(
        actor=admin,
        account=second,
        bic="",
        is_default=False,
        visible=True,
        pain_version="pain.001.001.09",
    )
    past = timezone.localdate() - timedelta(days=10)
    ids = [
        _order(world, account, "100.10", when=past).pk,
        _order(world, second, "200.20", communication_kind="free", communication="Facture 7").pk,
        _order(world, account, "0.05", when=past).pk,
    ]
    r = world.client_for(admin).post(f"/d/{world.dossier.pk}/payments/export/", {"ids": ids})
    assert r.status_code == 302 and r["Location"].endswith("?tab=executed")
    files = {e.account_id: e for e in PaymentExport.objects.all()}
    first, other = files[account.pk], files[second.pk]
    assert first.version == "pain.001.001.03" and other.version == "pain.001.001.09"
    assert _valid(first.xml, first.version) and _valid(other.xml, other.version)
    assert first.total == D("100.15") and "<NbOfTxs>2</NbOfTxs>" in first.xml
    assert "<CtrlSum>100.15</CtrlSum>" in first.xml
    assert first.execution_date == timezone.localdate()  # a past date becomes today
    assert "<BICFI>" in other.xml or "NOTPROVIDED" in other.xml
    # Both files are documents of the client's Payments folder.
    docs = Document.objects.filter(pk__in=[first.document_id, other.document_id])
    assert {d.folder.name if d.folder else "" for d in docs} == {
        "Paiements"
    }  # the dossier speaks French
    assert {d.original.sha256 for d in docs} and all(d.dossier_id == world.dossier.pk for d in docs)
    page = world.client_for(admin).get(f"/d/{world.dossier.pk}/payments/?tab=executed")
    assert first.message_id in page.content.decode()


def test_common_execution_date(world, account):
    later = timezone.localdate() + timedelta(days=5)
    ids = [_order(world, account).pk, _order(world, account).pk]
    world.client_for(world.clients["administrator"]).post(
        f"/d/{world.dossier.pk}/payments/export/",
        {"ids": ids, "execution_date": later.isoformat()},
    )
    export = PaymentExport.objects.get()
    assert export.execution_date == later and f"<ReqdExctnDt>{later}" in export.xml


def test_draft_is_edited_then_submitted(world, account):
    c = world.client_for(world.clients["administrator"])
    form = {
        "account": account.pk,
        "amount": "50.00",
        "execution_date": "2026-03-02",
        "creditor_name": "Garage Dupont",
        "creditor_iban": "BE71096123456769",
        "communication_kind": "none",
        "communication": "",
        "draft": "1",
    }
    c.post(f"/d/{world.dossier.pk}/payments/new/", form)
    order = PaymentOrder.objects.get()
    assert order.status == OrderStatus.DRAFT
    edit = c.get(f"/payments/{order.pk}/edit/").content.decode()
    assert "50.00" in edit
    c.post(f"/payments/{order.pk}/edit/", {**form, "amount": "75.50", "draft": "1"})
    order.refresh_from_db()
    assert order.amount == D("75.50") and order.status == OrderStatus.DRAFT
    del form["draft"]
    c.post(f"/payments/{order.pk}/edit/", {**form, "amount": "80.00"})
    order.refresh_from_db()
    assert order.amount == D("80.00") and order.status == OrderStatus.APPROVED
    # Once submitted, no more edits.
    c.post(f"/payments/{order.pk}/edit/", {**form, "amount": "1.00"})
    order.refresh_from_db()
    assert order.amount == D("80.00")
    assert AuditEvent.objects.filter(action="payments.order_edited").count() == 2


def test_the_same_key_twice_makes_one_order(world, account):
    c = world.client_for(world.clients["administrator"])
    form = {
        "account": account.pk,
        "amount": "50.00",
        "execution_date": "2026-03-02",
        "creditor_name": "Garage Dupont",
        "creditor_iban": "BE71096123456769",
        "communication_kind": "none",
        "idempotency_key": "k1",
    }
    first = c.post(f"/d/{world.dossier.pk}/payments/new/", form)
    second = c.post(f"/d/{world.dossier.pk}/payments/new/", form)
    assert PaymentOrder.objects.count() == 1
    assert first["Location"] == second["Location"]
    url = f"/api/dossiers/{world.dossier.pk}/payments"
    body = {
        "debtor_account": account.number,
        "amount": "9.99",
        "execution_date": "2026-03-02",
        "creditor_name": "Acme",
        "creditor_iban": "BE71096123456769",
        "communication_type": "none",
    }
    for _ in range(2):
        c.post(url, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="a1")
    assert PaymentOrder.objects.count() == 2


def test_account_settings_default_visible_and_bic(world, account):
    from bank.models import BankAccount

    hidden = BankAccount.objects.create(dossier=world.dossier, number="BE62510007547061")
    second = BankAccount.objects.create(dossier=world.dossier, number="BE71096123456769")
    c = world.client_for(world.clients["administrator"])
    url = f"/d/{world.dossier.pk}/payments/accounts/"
    assert "GKCCBEBB" in c.get(url).content.decode()  # derived from the IBAN
    c.post(url, {"account": hidden.pk, f"a{hidden.pk}-pain_version": "pain.001.001.03"})
    c.post(
        url,
        {
            "account": second.pk,
            f"a{second.pk}-is_default": "on",
            f"a{second.pk}-visible": "on",
            f"a{second.pk}-pain_version": "pain.001.001.09",
        },
    )
    rows = c.get(f"/api/dossiers/{world.dossier.pk}/bank/accounts").json()
    by_iban = {r["iban"]: r for r in rows}
    assert rows[0]["iban"] == "BE71096123456769" and rows[0]["default"] is True
    assert by_iban["BE71096123456769"]["bic"] == "GKCCBEBB"
    assert by_iban["BE71096123456769"]["format"] == "pain.001.001.09"
    assert by_iban["BE62510007547061"]["visible"] is False
    form = c.get(f"/d/{world.dossier.pk}/payments/new/").content.decode()
    assert f'value="{second.pk}" selected' in form and f'value="{hidden.pk}"' not in form
    # A member without the settings right cannot change an account.
    other = world.client_for(world.clients["full_access"])
    assert other.post(url, {"account": second.pk}).status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"creditor_iban": "BE71096123456768"}, "This IBAN is not valid."),
        ({"creditor_iban": "US64SVBKUS6S3300958879"}, "This IBAN is not valid."),
        ({"creditor_iban": "BR1500000000000010932840814P2"}, "outside the SEPA zone"),
        ({"amount": "0"}, "greater than or equal to 0.01"),
        ({"amount": "-5"}, "greater than or equal to 0.01"),
        ({"amount": "1000000000.00"}, "less than or equal to 999999999.99"),
        ({"communication": "+++240/2838/42819+++"}, "structured communication is not valid"),
        (
            {"communication_kind": "free", "communication": "x" * 141},
            "at most 140 characters",
        ),
        ({"creditor_name": "Завод Москва"}, "cannot be sent in a SEPA payment"),
    ],
)
def test_bad_input_gets_a_message_and_no_order(world, account, changes, message):
    user = world.clients["administrator"]
    user.language = "en"
    user.save()
    form = {
        "account": account.pk,
        "amount": "50.00",
        "execution_date": "2026-03-02",
        "creditor_name": "Garage Dupont",
        "creditor_iban": "BE71096123456769",
        "communication_kind": "structured",
        "communication": "+++240/2838/42818+++",
        **changes,
    }
    r = world.client_for(user).post(f"/d/{world.dossier.pk}/payments/new/", form)
    assert r.status_code == 200
    assert message.lower() in html.unescape(r.content.decode()).lower()
    assert not PaymentOrder.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "USD"}, "currency"),
        ({"amount": "0.00"}, "amount"),
        ({"amount": "1000000000"}, "amount"),
        ({"amount": "1.005"}, "amount"),
        ({"creditor_iban": "BR1500000000000010932840814P2"}, "SEPA"),
        ({"communication": "240283842819"}, "structured"),
        ({"communication_type": "free", "communication": "y" * 141}, "140"),
        ({"communication_type": "free", "communication": "Счёт 7"}, "cannot be sent"),
        ({"debtor_account": 999999}, "debtor_account"),
    ],
)
def test_api_bad_input_is_422_and_no_order(world, account, changes, message):
    body = {
        "debtor_account": account.pk,
        "amount": "99.95",
        "execution_date": "2026-03-02",
        "creditor_name": "Acme",
        "creditor_iban": "BE71096123456769",
        "communication_type": "structured",
        "communication": "240283842818",
        **changes,
    }
    user = world.clients["administrator"]
    user.language = "en"
    user.save()
    r = world.client_for(user).post(
        f"/api/dossiers/{world.dossier.pk}/payments",
        json.dumps(body),
        content_type="application/json",
    )
    assert r.status_code == 422, r.content
    assert message.lower() in r.json()["detail"].lower()
    assert not PaymentOrder.objects.exists()


def test_a_foreign_currency_account_cannot_pay(world, account):
    account.currency = "USD"
    account.save()
    with pytest.raises(Exception, match="euro"):
        _order(world, account)
    assert not PaymentOrder.objects.exists()


def test_api_execute_file_epc_and_decisions(world, account):
    c = world.client_for(world.clients["administrator"])
    base = f"/api/dossiers/{world.dossier.pk}/payments"
    made = [
        c.post(
            base,
            json.dumps(
                {
                    "debtor_account": account.pk,
                    "amount": amount,
                    "execution_date": "2026-03-02",
                    "creditor_name": "Acme",
                    "creditor_iban": "BE71096123456769",
                    "communication_type": "structured",
                    "communication": "+++240/2838/42818+++",
                }
            ),
            content_type="application/json",
        ).json()
        for amount in ("12.30", "7.70")
    ]
    assert [m["status"] for m in made] == ["to_execute", "to_execute"]
    epc = c.get(f"/api/payments/{made[0]['id']}/epc").json()["payload"]
    assert epc.startswith("BCD\n002\n1\nSCT\n") and "EUR12.3" in epc
    assert c.get(f"/api/payments/{made[0]['id']}/epc.png").content.startswith(b"\x89PNG")
    r = c.post(
        f"{base}/execute",
        json.dumps({"payments": [m["id"] for m in made]}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    [batch] = r.json()["batches"]
    assert batch["total"] == "20.00" and batch["count"] == 2
    xml = c.get(batch["file_url"]).content.decode()
    assert _valid(xml, "pain.001.001.03") and "<NbOfTxs>2</NbOfTxs>" in xml
    again = c.post(
        f"{base}/execute",
        json.dumps({"payments": [made[0]["id"]]}),
        content_type="application/json",
    )
    assert again.status_code == 422  # executed already
    outsider = world.client_for(world.outsider)
    assert outsider.get(batch["file_url"]).status_code == 404
    assert outsider.get(f"/api/payments/{made[0]['id']}/epc").status_code == 404
