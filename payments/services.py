"""Payment orders: create (G1), approve or refuse (G4), export to pain.001 (G3), mark paid (G2)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from payments import approval
from payments.checks import bic_of_iban, iban_clean, ogm_clean, sepa_clean
from payments.models import (
    ApprovalRule,
    OrderStatus,
    PainVersion,
    PaymentAccount,
    PaymentExport,
    PaymentOrder,
)
from payments.sepa import Batch, Transfer, pain001

if TYPE_CHECKING:
    from bank.models import BankAccount
    from documents.models import Document


MAX_AMOUNT = Decimal("999999999.99")  # the largest amount pain.001 and EPC069-12 carry


@dataclass(frozen=True)
class OrderData:
    account: BankAccount  # one of the dossier's
    amount: Decimal
    execution_date: date
    creditor_name: str
    creditor_iban: str
    creditor_bic: str = ""
    communication_kind: str = "none"
    communication: str = ""
    document: Document | None = None
    idempotency_key: str = ""
    rule: ApprovalRule | None = None  # under approval (G4): which rule, when several fit


EDITABLE = (OrderStatus.DRAFT,)


# --- the dossier's accounts (G1, G3) -------------------------------------------------------


def account_settings(account: BankAccount) -> PaymentAccount:
    """The account's payment settings; an account never configured is visible, uses
    pain.001.001.03 and the BIC schwifty derives from its IBAN."""
    row = PaymentAccount.objects.filter(account=account).first()
    if row is None:
        row = PaymentAccount(account=account, bic=bic_of_iban(account.number))
    elif not row.bic:
        row.bic = bic_of_iban(account.number)
    return row


def account_settings_save(
    *,
    actor,
    account: BankAccount,
    bic: str,
    is_default: bool,
    visible: bool,
    pain_version: str,
) -> PaymentAccount:
    if pain_version not in PainVersion.values:
        raise ValidationError(_("Choose pain.001.001.03 or pain.001.001.09."))
    if is_default and not visible:
        raise ValidationError(_("The default account must be shown in the payment form."))
    with transaction.atomic():
        if is_default:  # one default per dossier
            PaymentAccount.objects.filter(account__dossier_id=account.dossier_id).exclude(
                account=account
            ).update(is_default=False)
        row, _created = PaymentAccount.objects.update_or_create(
            account=account,
            defaults={
                # The BIC derived from the IBAN is not stored: it follows schwifty's registry.
                "bic": "" if bic == bic_of_iban(account.number) else bic,
                "is_default": is_default,
                "visible": visible,
                "pain_version": pain_version,
            },
        )
        audit_log(
            actor=actor,
            action="payments.account_changed",
            obj=account,
            dossier_id=account.dossier_id,
            data={
                "default": is_default,
                "visible": visible,
                "version": pain_version,
                "bic": row.bic,
            },
        )
    return row


def order_create(*, actor, dossier, data: OrderData, submit: bool = True) -> PaymentOrder:
    """A new order; the same idempotency key again returns the order it made."""
    if data.idempotency_key:
        known = PaymentOrder.objects.filter(
            dossier=dossier, idempotency_key=data.idempotency_key
        ).first()
        if known is not None:
            return known
    if data.account.dossier_id != dossier.pk:
        raise ValidationError(_("Choose one of the dossier's bank accounts."))
    _check_order(data)
    if data.document is not None and data.document.dossier_id != dossier.pk:
        raise ValidationError(_("This document belongs to another dossier."))
    if data.document is not None:
        from payments.invoice_approval import approval_blocks_payment

        if approval_blocks_payment(data.document):
            raise ValidationError(_("Only approved invoices can be paid."))
    if data.rule is not None and data.rule.dossier_id != dossier.pk:
        raise ValidationError(_("Choose one of the dossier's approval rules."))
    rule = data.rule
    if submit:
        status, rule = approval.initial_status(
            actor=actor, dossier=dossier, amount=data.amount, rule=data.rule
        )
    else:
        status = OrderStatus.DRAFT
    try:
        with transaction.atomic():
            order = PaymentOrder.objects.create(
                dossier=dossier,
                document=data.document,
                account=data.account,
                amount=data.amount,
                execution_date=data.execution_date,
                creditor_name=data.creditor_name,
                creditor_iban=data.creditor_iban,
                creditor_bic=data.creditor_bic or bic_of_iban(data.creditor_iban),
                communication_kind=data.communication_kind,
                communication=data.communication,
                status=status,
                rule=rule,
                idempotency_key=data.idempotency_key[:64],
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_log(
                actor=actor,
                action="payments.order_created",
                obj=order,
                data={"amount": str(order.amount), "status": status},
            )
            approval.after_submit(actor=actor, order=order)
    except IntegrityError:
        if not data.idempotency_key:
            raise
        # The same key pressed twice at once: the other request made it.
        return PaymentOrder.objects.get(dossier=dossier, idempotency_key=data.idempotency_key)
    return order


def _check_order(data: OrderData) -> None:
    """What every channel (form, API) must respect, whatever it checked before."""
    if (data.account.currency or "EUR") != "EUR":
        raise ValidationError(_("SEPA credit transfers are in euro: choose an account in EUR."))
    if not Decimal("0.01") <= data.amount <= MAX_AMOUNT:
        raise ValidationError(_("The amount must be between 0.01 and 999,999,999.99 EUR."))
    iban_clean(data.creditor_iban)
    sepa_clean(data.creditor_name, 70)
    if data.communication_kind == "free":
        sepa_clean(data.communication, 140)
    elif data.communication_kind == "structured":
        ogm_clean(data.communication)


def order_update(*, actor, order: PaymentOrder, data: OrderData) -> PaymentOrder:
    """A draft is edited freely; once submitted it is only approved, refused or executed."""
    if data.account.dossier_id != order.dossier_id:
        raise ValidationError(_("Choose one of the dossier's bank accounts."))
    _check_order(data)
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        if order.status not in EDITABLE:
            raise ValidationError(_("Only a draft payment order can be edited."))
        order.account = data.account
        order.amount = data.amount
        order.execution_date = data.execution_date
        order.creditor_name = data.creditor_name
        order.creditor_iban = data.creditor_iban
        order.creditor_bic = data.creditor_bic or bic_of_iban(data.creditor_iban)
        order.communication_kind = data.communication_kind
        order.communication = data.communication
        order.save()
        audit_log(
            actor=actor,
            action="payments.order_edited",
            obj=order,
            data={"amount": str(order.amount)},
        )
    return order


def order_submit(*, actor, order: PaymentOrder, rule: ApprovalRule | None = None) -> PaymentOrder:
    """A draft goes to approval, or straight to execution when no approval is needed."""
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(_("Only a draft payment order can be submitted."))
        order.status, order.rule = approval.initial_status(
            actor=actor, dossier=order.dossier, amount=order.amount, rule=rule or order.rule
        )
        order.save(update_fields=["status", "rule"])
        audit_log(
            actor=actor, action="payments.order_submitted", obj=order, data={"status": order.status}
        )
        approval.after_submit(actor=actor, order=order)
    return order


def order_approve(*, actor, order: PaymentOrder) -> PaymentOrder:
    return approval.decide(actor=actor, order=order, approve=True)


def order_refuse(*, actor, order: PaymentOrder) -> PaymentOrder:
    return approval.decide(actor=actor, order=order, approve=False)


def export_create(
    *,
    actor,
    dossier,
    orders: list[PaymentOrder],
    execution_date: date | None = None,
    version: str = "",
) -> PaymentExport:
    """One pain.001 file for approved orders of one debtor account, in the format its bank
    takes. A date in the past becomes today (G3). The file is kept (executed SEPA orders)
    and filed in the client's *Payments* document folder."""
    if not orders:
        raise ValidationError(_("Choose at least one approved payment order."))
    if any(o.dossier_id != dossier.pk or o.status != OrderStatus.APPROVED for o in orders):
        raise ValidationError(_("Only approved payment orders can be exported."))
    accounts = {o.account_id for o in orders}
    if len(accounts) != 1:
        raise ValidationError(_("One file per debtor account: choose orders of one account."))
    account = orders[0].account
    settings_row = account_settings(account)
    version = version or settings_row.pain_version
    today = timezone.localdate()
    when = max(execution_date or max(o.execution_date for o in orders), today)
    now = timezone.now()
    message_id = f"FIDU{now:%Y%m%d%H%M%S}{secrets.token_hex(4).upper()}"
    batch = Batch(
        message_id=message_id,
        created_at=timezone.localtime(now),
        execution_date=when,
        debtor_name=account.holder or dossier.name,
        debtor_iban=account.number.replace(" ", ""),
        debtor_bic=settings_row.bic,
        transfers=[
            Transfer(
                end_to_end_id=f"FIDU-{o.pk}",
                amount=o.amount,
                creditor_name=o.creditor_name,
                creditor_iban=o.creditor_iban,
                creditor_bic=o.creditor_bic,
                ogm=o.communication if o.communication_kind == "structured" else "",
                text=o.communication if o.communication_kind == "free" else "",
            )
            for o in orders
        ],
    )
    xml = pain001(batch, version=version).decode("utf-8")
    with transaction.atomic():
        export = PaymentExport.objects.create(
            dossier=dossier,
            account=account,
            message_id=message_id,
            execution_date=when,
            total=sum((o.amount for o in orders), Decimal("0")),
            xml=xml,
            version=version,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        updated = PaymentOrder.objects.filter(
            pk__in=[o.pk for o in orders], status=OrderStatus.APPROVED
        ).update(status=OrderStatus.EXPORTED, export=export)
        if updated != len(orders):  # another request exported some meanwhile
            raise ValidationError(_("Only approved payment orders can be exported."))
        export.document = _file_in_payments_folder(actor=actor, dossier=dossier, export=export)
        export.save(update_fields=["document"])
        audit_log(
            actor=actor,
            action="payments.exported",
            obj=export,
            data={"orders": len(orders), "total": str(export.total)},
        )
    return export


def _file_in_payments_folder(*, actor, dossier, export: PaymentExport) -> Document:
    """The file as a document of the client's *Payments* folder (named in the dossier's
    language, made on first use), through the documents app's one door."""
    from django.utils import translation

    from documents.intake.door import intake_file
    from documents.intake.types import Incoming, IntakeMeta
    from documents.models import DocumentFolder, Mailbox, Source

    with translation.override(dossier.language):
        name = str(_("Payments"))
    folder, _made = DocumentFolder.objects.get_or_create(dossier=dossier, name=name)
    [doc] = intake_file(
        Incoming(
            dossier=dossier,
            mailbox=Mailbox.MISC,
            source=Source.UPLOAD,
            file_name=f"{export.message_id}.xml",
            data=export.xml.encode("utf-8"),
            actor=actor,
            source_ref=f"payments:{export.message_id}",
            meta=IntakeMeta(title=f"SEPA {export.message_id}", folder_id=folder.pk),
        )
    )
    return doc


def exports_per_account(
    *, actor, dossier, orders: list[PaymentOrder], execution_date: date | None = None
) -> list[PaymentExport]:
    """One file per debtor account of the chosen orders (G3); all made, or none."""
    by_account: dict[int, list[PaymentOrder]] = {}
    for order in sorted(orders, key=lambda o: o.pk):
        by_account.setdefault(order.account_id, []).append(order)
    if not by_account:
        raise ValidationError(_("Choose at least one approved payment order."))
    with transaction.atomic():
        return [
            export_create(actor=actor, dossier=dossier, orders=group, execution_date=execution_date)
            for group in by_account.values()
        ]


def order_mark_paid(*, actor, order: PaymentOrder) -> PaymentOrder:
    from documents.models import Document, PaymentStatus

    if order.status not in (OrderStatus.APPROVED, OrderStatus.EXPORTED):
        raise ValidationError(_("Only approved or exported payment orders can be marked paid."))
    with transaction.atomic():
        order.status = OrderStatus.PAID
        order.save(update_fields=["status"])
        if order.document_id:
            Document.objects.filter(pk=order.document_id).update(payment_status=PaymentStatus.PAID)
        audit_log(actor=actor, action="payments.order_paid", obj=order)
    return order
