"""Indicators on invoices (G5), the due-invoices list (G6) and the Pay buttons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from payments.indicators import payment_states
from payments.models import OrderStatus, PaymentOrder
from payments.services import OrderData, order_create

D = Decimal


def _recognised(doc, **kw):
    from recognition.models import Extraction

    defaults = dict(
        status="done",
        source="text",
        mode="auto",
        counterparty_name="Acme SA",
        counterparty_iban="BE71096123456769",
        payable_amount=D("250.10"),
        due_date=date(2026, 4, 30),
        invoice_number="F-1",
    )
    defaults.update(kw)
    Extraction.objects.update_or_create(
        document=doc, version=doc.original.sha256, defaults=defaults
    )


def _docs(handed_in, n):
    from documents.pdfgen import make_pdf

    return [handed_in(file=make_pdf([f"Invoice {i}"]), name=f"inv{i}.pdf")[0] for i in range(n)]


def _pay(world, account, doc, amount="10"):
    return order_create(
        actor=world.clients["administrator"],
        dossier=world.dossier,
        data=OrderData(
            account=account,
            amount=D(amount),
            execution_date=date(2026, 3, 2),
            creditor_name="Acme",
            creditor_iban="BE71096123456769",
            document=doc,
        ),
    )


def _en(world):
    user = world.clients["administrator"]
    user.language = "en"
    user.save()
    return world.client_for(user)


def test_states_follow_the_order(world, account, handed_in):
    [doc] = handed_in()
    assert payment_states([doc]) == {}
    order = _pay(world, account, doc)
    assert payment_states([doc]) == {doc.pk: "initiated"}
    PaymentOrder.objects.filter(pk=order.pk).update(status=OrderStatus.EXPORTED)
    assert payment_states([doc]) == {doc.pk: "processing"}
    PaymentOrder.objects.filter(pk=order.pk).update(status=OrderStatus.PAID)
    assert payment_states([doc]) == {doc.pk: "done"}


def test_refused_order_is_no_indicator_and_paid_flag_is_done(world, account, handed_in):
    [doc] = handed_in()
    order = _pay(world, account, doc)
    PaymentOrder.objects.filter(pk=order.pk).update(status=OrderStatus.REFUSED)
    assert payment_states([doc]) == {}
    doc.payment_status = "paid"
    doc.save()
    assert payment_states([doc]) == {doc.pk: "done"}


def test_purchases_list_shows_indicator_and_pay_link(world, account, handed_in):
    unpaid, initiated = _docs(handed_in, 2)
    _pay(world, account, initiated)
    c = _en(world)
    page = c.get(f"/d/{world.dossier.pk}/documents/?mailbox=purchases").content.decode()
    assert "payment initiated" in page
    assert f"/d/{world.dossier.pk}/payments/new/?document={unpaid.pk}" in page
    detail = c.get(f"/documents/{unpaid.pk}/").content.decode()
    assert 'data-testid="action-pay"' in detail
    # No payments right: neither indicator nor button.
    clerk = world.clients["doc_processing"]
    page = world.client_for(clerk).get(f"/documents/{unpaid.pk}/").content.decode()
    assert 'data-testid="action-pay"' not in page


def test_an_invoice_waiting_for_approval_has_no_pay_button(world, account, handed_in):
    [doc] = handed_in()
    doc.state = "awaiting_approval"
    doc.save()
    page = _en(world).get(f"/documents/{doc.pk}/").content.decode()
    assert 'data-testid="action-pay"' not in page


def test_due_list_overdue_in_red_reference_date_and_sorting(world, account, handed_in):
    old, new, undefined, paid = _docs(handed_in, 4)
    _recognised(old, counterparty_name="Zeta", due_date=date(2026, 1, 10), payable_amount=D("5"))
    _recognised(new, counterparty_name="Alpha", due_date=date(2026, 6, 1), payable_amount=D("7"))
    _recognised(undefined, counterparty_name="Mid", due_date=None, payable_amount=D("9"))
    paid.payment_status = "paid"
    paid.save()
    c = _en(world)
    url = f"/d/{world.dossier.pk}/payments/due/"
    page = c.get(url, {"on": "2026-03-01"}).content.decode()
    rows = page.split("<tbody>")[1]
    assert rows.index("Zeta") < rows.index("Alpha") < rows.index("Mid")  # by due date
    assert f'class="table-danger" data-document="{old.pk}"' in page
    assert (
        f'data-document="{new.pk}"' in page
        and f'class="table-danger" data-document="{new.pk}"' not in page
    )
    assert "50 days overdue" in page
    assert f'data-document="{paid.pk}"' not in page
    # A later reference date makes the second one overdue too.
    later = c.get(url, {"on": "2026-07-01"}).content.decode()
    assert f'class="table-danger" data-document="{new.pk}"' in later
    by_supplier = c.get(url, {"sort": "supplier", "on": "2026-03-01"}).content.decode()
    body = by_supplier.split("<tbody>")[1]
    assert body.index("Alpha") < body.index("Mid") < body.index("Zeta")
    desc = c.get(url, {"sort": "-amount"}).content.decode().split("<tbody>")[1]
    assert desc.index("Mid") < desc.index("Alpha") < desc.index("Zeta")
    assert timezone.localdate()  # the default reference date is today
    assert world.client_for(world.clients["doc_processing"]).get(url).status_code == 403


def test_an_invoice_settled_in_the_books_is_done(world, handed_in, supplier):
    """Bank matching of a CODA statement settles the invoice's open item in the ledger;
    the indicator reads the ledger, so it says paid once the item is settled in full."""
    from ledger.models import EntryLine
    from ledger.services.matching import lines_match
    from ledger.services.posting import LineSpec, entry_post

    [doc] = handed_in()

    def post(debit, credit, amount, day, document_id=None):
        return entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="OD",
            date=day,
            counterparty=supplier,
            document_id=document_id,
            lines=[LineSpec(debit, debit=D(amount)), LineSpec(credit, credit=D(amount))],
        )

    invoice = post("600000", "440000", "121.00", date(2025, 3, 10), document_id=doc.pk)
    first = post("440000", "550000", "100.00", date(2025, 4, 1))
    lines = list(EntryLine.objects.filter(is_open_item=True, entry__in=[invoice, first]))
    lines_match(actor=world.admin, dossier=world.dossier, lines=lines)
    assert payment_states([doc]) == {}  # 21.00 still open
    rest = post("440000", "550000", "21.00", date(2025, 4, 2))
    lines = list(EntryLine.objects.filter(is_open_item=True, entry__in=[invoice, rest]))
    lines_match(actor=world.admin, dossier=world.dossier, lines=lines)
    assert payment_states([doc]) == {doc.pk: "done"}
