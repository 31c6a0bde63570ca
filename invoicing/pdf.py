"""The PDF of an invoice (WeasyPrint), in the customer's language, with its EPC QR code
(payments.epc: EPC069-12, the structured communication in the remittance text)."""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string
from django.utils import translation

from invoicing import amounts
from invoicing.checks import ogm_display
from invoicing.models import Invoice, InvoicingSettings, Kind
from invoicing.ubl import legal_mention, seller_vat


def epc_svg(invoice: Invoice, settings: InvoicingSettings) -> str:
    """The EPC QR code as inline SVG, or '' when there is nothing to pay by transfer."""
    from payments.epc import EpcRefused, epc_payload

    if invoice.kind != Kind.INVOICE or not settings.iban or invoice.total_incl <= 0:
        return ""
    try:
        payload = epc_payload(
            name=invoice.dossier.name[:70],
            iban=settings.iban,
            bic=settings.bic,
            amount=invoice.total_incl,
            text=ogm_display(invoice.structured_ref) if invoice.structured_ref else invoice.number,
        )
    except EpcRefused:
        return ""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False, encoding="utf-8", boost_error=False).save(
        out, kind="svg", scale=3, border=2, xmldecl=False, svgns=True, title="EPC QR"
    )
    return out.getvalue().decode()


def context(invoice: Invoice, settings: InvoicingSettings) -> dict:
    lines = list(invoice.lines.all())
    totals = amounts.compute(
        amounts.LineIn(ln.quantity, ln.unit_price, ln.vat_case, ln.discount) for ln in lines
    )
    language = invoice.customer.language
    mentions = sorted({legal_mention(ln.vat_case, language) for ln in lines} - {""})
    return {
        "inv": invoice,
        "lines": lines,
        "breakdown": totals.breakdown,
        "seller": invoice.dossier,
        "seller_vat": seller_vat(invoice),
        "settings": settings,
        "customer": invoice.customer,
        "mentions": mentions,
        "ogm": ogm_display(invoice.structured_ref) if invoice.structured_ref else "",
        "qr": epc_svg(invoice, settings),
        "language": language,
    }


def render_html(invoice: Invoice, settings: InvoicingSettings) -> str:
    with translation.override(invoice.customer.language):
        return render_to_string("invoicing/pdf.html", context(invoice, settings))


def render_pdf(invoice: Invoice, settings: InvoicingSettings) -> bytes:
    from weasyprint import HTML

    # Our own template with escaped data and inline SVG: nothing to fetch, so nothing may be.
    return HTML(
        string=render_html(invoice, settings), base_url=None, url_fetcher=_no_fetch
    ).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"external resource refused: {url}")
