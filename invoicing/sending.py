"""Running one delivery (the `deliver` task): the UBL written, then handed to the access
point or e-mailed with its PDF; the outcome kept on the Delivery and the invoice."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.audit import audit_log
from invoicing import pdf, ubl
from invoicing.models import Channel, Delivery, DeliveryStatus, Invoice
from invoicing.peppol.base import AccessPointError
from invoicing.peppol.registry import adapter_for
from invoicing.services import settings_for


def set_status(delivery: Delivery, status: str, reason: str = "", external_id: str = "") -> None:
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
        set_status(delivery, DeliveryStatus.FAILED, str(exc))
        return delivery
    if delivery.channel == Channel.PEPPOL:
        adapter = adapter_for(config)
        if adapter is None:
            set_status(
                delivery, DeliveryStatus.FAILED, _("The dossier has no access point any more.")
            )
            return delivery
        try:
            result = adapter.send(recipient=delivery.recipient, xml=xml)
        except AccessPointError as exc:
            set_status(delivery, DeliveryStatus.FAILED, str(exc))
            return delivery
        set_status(delivery, result.status, result.reason, result.external_id)
        return delivery
    try:
        _email(invoice, config, xml, delivery.recipient)
    except Exception as exc:  # SMTP errors of every kind: kept as the reason, retried by people
        set_status(delivery, DeliveryStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return delivery
    set_status(delivery, DeliveryStatus.SENT, delivery.reason)  # keeps why it went by e-mail
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
