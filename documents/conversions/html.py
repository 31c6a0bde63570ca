"""HTML (mail bodies) to PDF with WeasyPrint: no remote fetching, no scripts."""

from __future__ import annotations

import logging

import lxml.html
from django.utils.translation import gettext as _

from documents.conversions import ConversionError
from documents.sniff import Kind

log = logging.getLogger(__name__)


def data_only_fetcher():
    """WeasyPrint's url_fetcher: only inline data: URLs; a mail must not phone home (nor read files)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


_DROP = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "link",
    "meta",
    "base",
    "form",
)


def clean_html(markup: str) -> str:
    """Drop scripts, frames, objects, event handlers and javascript: links before rendering."""
    try:
        tree = lxml.html.document_fromstring(markup)
        for el in list(tree.iter(*_DROP)):
            el.drop_tree()
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in list(el.attrib):
                value = el.attrib[attr].strip().lower()
                if attr.lower().startswith("on") or value.startswith(("javascript:", "vbscript:")):
                    del el.attrib[attr]
        return lxml.html.tostring(tree, encoding="unicode")
    except Exception:
        log.warning("HTML could not be cleaned; shown as escaped text", exc_info=True)
        from django.utils.html import escape

        return f"<pre>{escape(markup)}</pre>"


def render_html(markup: str) -> bytes:
    from weasyprint import HTML

    try:
        return HTML(
            string=clean_html(markup), url_fetcher=data_only_fetcher(), base_url="about:blank"
        ).write_pdf()
    except Exception as exc:
        log.exception("WeasyPrint could not render a page")
        raise ConversionError(_("This page could not be converted to PDF.")) from exc


def html_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    return render_html(data.decode("utf-8", "replace"))
