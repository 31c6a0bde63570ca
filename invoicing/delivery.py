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

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.audit import audit_log
from invoicing import pdf, ubl
from invoicing.models import Channel, Delivery, DeliveryStatus, Invoice, Status
from invoicing.peppol.base import AccessPointError, adapter_for
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
    from invoicing import tasks

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


def _set(delivery: Delivery, status: str, reason: str = "", external_id: str = "") -> None:
    with transaction.atomic():
        delivery.status = status
        delivery.reason = reason[:500]
        if external_id:
            delivery.external_id = external_id
        delivery.save()
        Invoice.objects.filter(pk=delivery.invoice_id).update(delivery_status=status)
        audit_log(
            actor=None,
            action="invoicing.delivery_updated",
            obj=delivery.invoice,
            data={"status": status, "reason": reason[:200], "channel": delivery.channel},
        )


def deliver(delivery_id: int) -> Delivery:
    """Run one queued delivery (the task); safe to run twice (only a queued one is sent)."""
    delivery = Delivery.objects.select_related(
        "invoice__customer", "invoice__dossier", "invoice__credit_note_of"
    ).get(pk=delivery_id)
    if delivery.status != DeliveryStatus.QUEUED:
        return delivery
    invoice = delivery.invoice
    config = settings_for(invoice.dossier)
    try:
        xml = ubl.write(invoice, config)
    except ubl.UblRefused as exc:
        _set(delivery, DeliveryStatus.FAILED, str(exc))
        return delivery
    if delivery.channel == Channel.PEPPOL:
        adapter = adapter_for(config)
        if adapter is None:
            _set(delivery, DeliveryStatus.FAILED, _("The dossier has no access point any more."))
            return delivery
        try:
            result = adapter.send(recipient=delivery.recipient, xml=xml)
        except AccessPointError as exc:
            _set(delivery, DeliveryStatus.FAILED, str(exc))
            return delivery
        _set(delivery, result.status, result.reason, result.external_id)
        return delivery
    try:
        _email(invoice, config, xml, delivery.recipient)
    except Exception as exc:  # SMTP errors of every kind: kept as the reason, retried by people
        _set(delivery, DeliveryStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return delivery
    _set(delivery, DeliveryStatus.SENT, delivery.reason)  # keeps why it went by e-mail
    return delivery


EMAIL_TEXT = {
    "fr": "Bonjour,\n\nVeuillez trouver ci-joint la facture {number} de {seller} ({total} EUR), en PDF et en UBL (Peppol BIS 3.0).\n",
    "nl": "Goedendag,\n\nIn bijlage vindt u factuur {number} van {seller} ({total} EUR), als PDF en als UBL (Peppol BIS 3.0).\n",
    "en": "Hello,\n\nPlease find attached invoice {number} from {seller} ({total} EUR), as a PDF and as UBL (Peppol BIS 3.0).\n",
    "de": "Guten Tag,\n\nanbei die Rechnung {number} von {seller} ({total} EUR) als PDF und als UBL (Peppol BIS 3.0).\n",
}


def _email(invoice: Invoice, config, xml: bytes, recipient: str) -> None:
    language = invoice.customer.language
    with translation.override(language):
        subject = f"{invoice.dossier.name}: {invoice.number}"
    body = EMAIL_TEXT.get(language, EMAIL_TEXT["en"]).format(
        number=invoice.number, seller=invoice.dossier.name, total=invoice.total_incl
    )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=django_settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[invoice.dossier.email] if invoice.dossier.email else None,
    )
    message.attach(f"{invoice.number}.pdf", pdf.render_pdf(invoice, config), "application/pdf")
    message.attach(f"{invoice.number}.xml", xml, "application/xml")
    message.send(fail_silently=False)


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
        _set(last, result.status, result.reason)
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
