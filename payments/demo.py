"""Demo payments: in the first demo dossier a bank account, one approved order waiting in
the basket and one waiting for approval. Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from bank.models import BankAccount
from payments.models import OrderStatus, PaymentOrder

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


@transaction.atomic
def seed(ctx) -> None:
    if not ctx.dossiers:
        return
    dossier = ctx.dossiers[0]
    if PaymentOrder.objects.filter(dossier=dossier).exists():
        return
    account = BankAccount.objects.filter(dossier=dossier).first() or BankAccount.objects.create(
        dossier=dossier, number="BE68539007547034", holder=dossier.name, description="Courant"
    )
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
