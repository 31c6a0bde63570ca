"""One door for structured invoices: raw UBL/CII XML, or a PDF carrying Factur-X/ZUGFeRD."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from lxml import etree

from .cii import is_cii, parse_cii
from .model import EInvoice
from .ubl import is_ubl, parse_ubl
from .validation import ValidationReport, validate
from .xmlsafe import XmlRejected, local, looks_like_xml, parse_xml

logger = logging.getLogger(__name__)

EMBEDDED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")


class NotAnInvoice(ValueError):
    """Well-formed XML that is neither UBL Invoice/CreditNote nor CII."""


@dataclass
class ReadResult:
    invoice: EInvoice
    report: ValidationReport
    xml: bytes
    container: str  # "xml" or "pdf"


def unwrap_envelope(root: etree._Element) -> etree._Element:
    """The invoice inside a Peppol Standard Business Document (SBDH), as access points
    deliver it; any other root is returned as it is."""
    if local(root.tag) != "StandardBusinessDocument":
        return root
    for child in root:
        if isinstance(child.tag, str) and local(child.tag) != "StandardBusinessDocumentHeader":
            # A standalone copy, so XSD and schematron see the invoice as the document root.
            return parse_xml(etree.tostring(child))
    return root


def parse_invoice_xml(data: bytes, *, with_report: bool = True) -> ReadResult:
    root = unwrap_envelope(parse_xml(data))
    if is_ubl(root):
        invoice = parse_ubl(root)
    elif is_cii(root):
        invoice = parse_cii(root)
    else:
        raise NotAnInvoice(f"XML root {etree.QName(root).localname} is not an invoice")
    report = validate(data, root) if with_report else ValidationReport(syntax=invoice.syntax)
    return ReadResult(invoice=invoice, report=report, xml=data, container="xml")


def embedded_xml(pdf: bytes) -> bytes | None:
    """The Factur-X/ZUGFeRD/XRechnung XML attached to a PDF, if any (no checks here)."""
    try:
        import facturx

        # factur-x logs an error for every PDF without XML; that is the usual case here.
        logging.getLogger("facturx").setLevel(logging.CRITICAL)
        _name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
        if xml:
            return xml
    except Exception as exc:
        logger.info("factur-x could not read the PDF: %s", exc)
    try:
        import pikepdf

        with pikepdf.open(io.BytesIO(pdf)) as doc:
            attachments = doc.attachments
            candidates = []
            for name in attachments:
                lname = name.lower()
                if lname.endswith(".xml"):
                    rank = 0 if lname in EMBEDDED_NAMES else 1
                    candidates.append((rank, name))
            for _rank, name in sorted(candidates):
                data = attachments[name].get_file().read_bytes()
                if b"CrossIndustry" in data[:4000] or b"ubl:schema:xsd" in data[:4000]:
                    return data
    except Exception as exc:
        logger.info("no embedded invoice XML: %s", exc)
    return None


def read_einvoice(data: bytes, *, with_report: bool = True) -> ReadResult | None:
    """Parse a structured invoice from XML or PDF bytes; None when the bytes are neither.

    Raises XmlRejected for XML that is malformed or dangerous (the caller records it).
    """
    if looks_like_xml(data):
        try:
            return parse_invoice_xml(data, with_report=with_report)
        except NotAnInvoice:
            return None
    if data.startswith(b"%PDF") or data[:1024].find(b"%PDF") >= 0:
        xml = embedded_xml(data)
        if xml is None:
            return None
        try:
            result = parse_invoice_xml(xml, with_report=with_report)
        except (XmlRejected, NotAnInvoice) as exc:
            logger.info("embedded XML not usable: %s", exc)
            return None
        result.container = "pdf"
        return result
    return None
