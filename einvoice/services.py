"""Hooks the intake pipeline calls for structured invoices (SPEC B7)."""

from __future__ import annotations

import logging

from .reader import parse_invoice_xml, read_einvoice
from .xmlsafe import XmlRejected, looks_like_xml

logger = logging.getLogger(__name__)


def is_einvoice(data: bytes) -> bool:
    """True for UBL/CII XML and for PDFs that carry a Factur-X/ZUGFeRD XML."""
    try:
        return read_einvoice(data, with_report=False) is not None
    except XmlRejected:
        return False


def visual_for(data: bytes, language: str = "fr") -> bytes | None:
    """The PDF to show for an uploaded structured invoice, or None when not one.

    A Factur-X PDF is its own visual (None: keep the upload). A UBL with an embedded
    PDF shows that PDF; otherwise Fidu renders one in the dossier's language.
    Raises XmlRejected for malformed or dangerous XML (the intake marks the step failed).
    """
    if not looks_like_xml(data):
        return None
    read = parse_invoice_xml(data, with_report=False)
    if read.invoice.embedded_pdf:
        return read.invoice.embedded_pdf
    from .render import render_visual

    return render_visual(read.invoice, language)
