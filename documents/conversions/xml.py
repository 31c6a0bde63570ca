"""XML (UBL, CII) to a readable PDF.

`einvoice.services.visual_for` (einvoice sits below documents in FIDU_APPS) renders a
proper invoice; for XML it does not know, or when it fails (logged), the pretty-printed
XML itself, escaped, parsed with defusedxml (no entities, no XXE).
"""

from __future__ import annotations

import logging

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.minidom import parseString
from django.utils.html import escape
from django.utils.translation import gettext_noop

from documents.conversions import ConversionError
from documents.conversions.html import render_html
from documents.sniff import Kind
from einvoice.services import visual_for

log = logging.getLogger(__name__)


MAX_DEPTH = 200  # invoices nest about 10 levels; minidom's printer recurses per level


def _depth(dom) -> int:
    """The deepest element nesting, counted without recursion."""
    deepest = 0
    stack = [(dom.documentElement, 1)] if dom.documentElement is not None else []
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in node.childNodes if child.nodeType == 1)
    return deepest


def pretty_xml(data: bytes) -> str:
    try:
        dom = parseString(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
        raise ConversionError(
            gettext_noop(
                "This XML file declares entities or external references and is refused for safety."
            )
        ) from exc
    except Exception as exc:
        raise ConversionError(gettext_noop("This XML file is not well-formed.")) from exc
    depth = _depth(dom)
    if depth > MAX_DEPTH:
        raise ConversionError(
            gettext_noop("This XML file is nested %(depth)s levels deep; it cannot be shown."),
            depth=depth,
        )
    text = dom.toprettyxml(indent="  ")  # recursive: only for trees of bounded depth
    return "\n".join(line for line in text.splitlines() if line.strip())


def xml_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    pretty = pretty_xml(data)  # validates safety first, whoever renders
    try:
        visual = visual_for(data, language)
    except Exception:
        log.exception("the e-invoice rendering failed; the XML is shown as text")
        visual = None
    if visual:
        return visual
    css = "<style>pre{white-space:pre-wrap;font:8pt monospace}</style>"
    return render_html(f"<html><head>{css}</head><body><pre>{escape(pretty)}</pre></body></html>")
