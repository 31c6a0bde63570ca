"""Sending issued invoices (J2) and receiving Peppol invoices into the Purchases mailbox (B7).

`invoice_send` issues the invoice (numbered and booked at once, in its own transaction),
records a `Delivery` as queued and queues `tasks.deliver` on commit: the access point is
never called inside a transaction. The customer is looked up on Peppol through the
dossier's access point; when it is not there (or the dossier has none) the invoice goes
by e-mail with its PDF and UBL attached. Each retry is a new Delivery row, so the history
of attempts stays visible.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from invoicing import tasks
from invoicing.models import Channel, Delivery, DeliveryStatus, Invoice, Status
from invoicing.peppol.base import AccessPointError
from invoicing.peppol.registry import adapter_for
from invoicing.sending import set_status
from invoicing.services import invoice_issue, settings_for


def _choose_channel(invoice: Invoice) -> tuple[str, str, str]:
    """(channel, recipient, note) for this invoice; raises ValidationError when none works."""
    customer = invoice.customer
    adapter = adapter_for(settings_for(invoice.dossier))
    note = ""
    if adapter is not None and customer.peppol_id:
        try:
            if adapter.lookup(customer.peppol_id):
                return Channel.PEPPOL, customer.peppol_id, ""
            note = _("%(id)s is not registered on Peppol.") % {"id": customer.peppol_id}
        except AccessPointError as exc:
            note = str(exc)
    if customer.email:
        return Channel.EMAIL, customer.email, note
    if note:
        raise ValidationError(
            _("Unknown Peppol ID: %(note)s Add the customer's e-mail address to send by e-mail.")
            % {"note": note}
        )
    raise ValidationError(
        _("This customer has neither a Peppol ID the access point knows nor an e-mail address.")
    )


def invoice_send(*, actor: Any, invoice_id: int) -> Delivery:
    """Issue (if still a draft) and queue the delivery; returns the queued Delivery."""
    invoice = Invoice.objects.select_related("customer", "dossier").get(pk=invoice_id)
    channel, recipient, note = _choose_channel(invoice)
    with transaction.atomic():
        invoice = invoice_issue(actor=actor, invoice_id=invoice_id)
        attempt = invoice.deliveries.count() + 1
        delivery = Delivery.objects.create(
            invoice=invoice,
            channel=channel,
            recipient=recipient,
            status=DeliveryStatus.QUEUED,
            reason=note[:500],
            attempt=attempt,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        Invoice.objects.filter(pk=invoice.pk).update(delivery_status=DeliveryStatus.QUEUED)
        audit_log(
            actor=actor,
            action="invoicing.invoice_sent",
            obj=invoice,
            data={"channel": channel, "recipient": recipient, "attempt": attempt},
        )
        transaction.on_commit(lambda: tasks.deliver.enqueue(delivery.pk))
    return delivery


def delivery_retry(*, actor: Any, invoice: Invoice) -> Delivery:
    """Another attempt after a failure (the channel is chosen again)."""
    if invoice.status != Status.ISSUED:
        raise ValidationError(_("Only an issued invoice can be sent again."))
    return invoice_send(actor=actor, invoice_id=invoice.pk)


def delivery_refresh(*, invoice: Invoice) -> Delivery | None:
    """Ask the access point where the last Peppol delivery stands (sent -> delivered/failed)."""
    last = invoice.deliveries.first()
    if last is None or last.channel != Channel.PEPPOL or last.status != DeliveryStatus.SENT:
        return last
    adapter = adapter_for(settings_for(invoice.dossier))
    if adapter is None or not last.external_id:
        return last
    try:
        result = adapter.status(last.external_id)
    except AccessPointError:
        return last
    if result.status != last.status:
        set_status(last, result.status, result.reason)
    return last


def peppol_receive(*, dossier) -> int:
    """Invoices addressed to the dossier's Peppol ID, through the intake door into the
    Purchases mailbox (read exactly by einvoice); each acknowledged once stored."""
    from documents.intake import Incoming, IntakeRefused, intake_file
    from documents.models import Mailbox, Source

    adapter = adapter_for(settings_for(dossier))
    if adapter is None:
        return 0
    count = 0
    for doc in adapter.receive():
        try:
            intake_file(
                Incoming(
                    dossier=dossier,
                    mailbox=Mailbox.PURCHASES,
                    source=Source.PEPPOL,
                    file_name=f"peppol-{doc.external_id}.xml"[:200],
                    data=doc.xml,
                    sender=doc.sender[:254],
                    source_ref=doc.external_id[:200],
                )
            )
        except IntakeRefused:
            continue
        adapter.acknowledge(doc.external_id)
        audit_log(
            actor=None,
            action="invoicing.received",
            obj=dossier,
            data={"id": doc.external_id, "sender": doc.sender},
        )
        count += 1
    return count
