"""Sample objects for the permission harness: one per model a payments route takes an id of."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def _account(dossier):
    from bank.models import BankAccount

    return BankAccount.objects.get_or_create(
        dossier=dossier, number=f"BE{dossier.pk:014d}", defaults={"holder": dossier.name}
    )[0]


def _order(dossier):
    from payments.models import PaymentOrder

    return PaymentOrder.objects.create(
        dossier=dossier,
        account=_account(dossier),
        amount=Decimal("10.00"),
        execution_date=date.today(),
        creditor_name="Sample",
        creditor_iban="BE71096123456769",
        communication_kind="none",
        status="to_approve",
    )


def _export(dossier):
    from payments.models import PaymentExport

    return PaymentExport.objects.create(
        dossier=dossier,
        account=_account(dossier),
        message_id=f"SAMPLE{dossier.pk}",
        execution_date=date.today(),
        total=Decimal("10.00"),
        xml="<Document/>",
    )


SAMPLES = {"payments.PaymentOrder": _order, "payments.PaymentExport": _export}


def _rule(dossier):
    from payments.models import ApprovalRule

    return ApprovalRule.objects.create(dossier=dossier, name="Sample rule")


SAMPLES["payments.ApprovalRule"] = _rule


def _invoice_rule(dossier):
    from payments.models import InvoiceRule

    return InvoiceRule.objects.create(dossier=dossier, name="Sample invoice rule")


SAMPLES["payments.InvoiceRule"] = _invoice_rule
