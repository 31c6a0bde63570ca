"""Demo payments: Boulangerie Dupont SRL (the first demo dossier) gets two bank accounts, one
whose bank takes pain.001.001.03 (the default) and one taking .09, one approved order in the
basket, one waiting for approval, and its purchase invoices marked unpaid so that the
due-invoices list has something to pay. Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from bank.models import BankAccount
from payments.models import OrderStatus, PainVersion, PaymentAccount, PaymentOrder

ORDERS = [
    (
        "Proxibel Distribution SA",
        "BE71096123456769",
        "GKCCBEBB",
        "1210.45",
        "240283842818",
        OrderStatus.APPROVED,
    ),
    ("Immo Wavre SRL", "BE62510007547061", "", "2450.00", "", OrderStatus.TO_APPROVE),
]
ACCOUNTS = [
    ("BE68539007547034", "Courant", PainVersion.V03, True),
    ("BE43068999999501", "Épargne pro", PainVersion.V09, False),
]


@transaction.atomic
def seed(ctx) -> None:
    from documents.models import DocType, Document, Mailbox

    if not ctx.dossiers:
        return
    dossier = next((d for d in ctx.dossiers if d.name.startswith("Boulangerie")), ctx.dossiers[0])
    first = BankAccount.objects.filter(dossier=dossier).order_by("pk").first()
    for number, description, version, default in ACCOUNTS:
        account = BankAccount.objects.filter(dossier=dossier, number=number).first()
        if account is None and default and first is not None:
            account = first  # the dossier's account from the bank demo, if any
        if account is None:
            account = BankAccount.objects.create(
                dossier=dossier, number=number, holder=dossier.name, description=description
            )
        PaymentAccount.objects.get_or_create(
            account=account, defaults={"pain_version": version, "is_default": default}
        )
    Document.objects.filter(
        dossier=dossier,
        mailbox=Mailbox.PURCHASES,
        doc_type=DocType.PURCHASE_INVOICE,
        payment_status="undefined",
        source_ref__startswith="demo:",
    ).update(payment_status="unpaid")
    if PaymentOrder.objects.filter(dossier=dossier).exists():
        return
    account = BankAccount.objects.filter(dossier=dossier).order_by("pk").first()
    assert account is not None  # made above
    for name, iban, bic, amount, ogm, status in ORDERS:
        PaymentOrder.objects.create(
            dossier=dossier,
            account=account,
            amount=Decimal(amount),
            execution_date=date(2026, 11, 15),
            creditor_name=name,
            creditor_iban=iban,
            creditor_bic=bic,
            communication_kind="structured" if ogm else "free",
            communication=ogm or "Loyer novembre 2026",
            status=status,
        )
