"""HTML (mail bodies) to PDF with WeasyPrint: no remote fetching, no scripts, bounded work.

WeasyPrint only ever gets inline data: URLs (a mail must not phone home nor read a
file of the server); it runs in a limited child (core.sandbox) and the page count is
checked after layout, before the PDF is written.
"""

from __future__ import annotations

import logging

import lxml.html
from django.utils.translation import gettext_noop

from documents.conversions import ConversionError
from documents.limits import MB, html_max_bytes, pdf_max_pages
from documents.sniff import Kind

log = logging.getLogger(__name__)


def data_only_fetcher():
    """WeasyPrint's url_fetcher: only inline data: URLs; a mail must not phone home (nor read files)."""
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not str(url).lower().startswith("data:"):
                raise ValueError("only data: URLs are fetched")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


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


def check_markup_size(size: int) -> None:
    if size > html_max_bytes():
        raise ConversionError(
            gettext_noop(
                "This text or page is %(size)s MB; pages over %(max)s MB are not rendered."
            ),
            size=round(size / MB, 1),
            max=round(html_max_bytes() / MB, 1),
        )


def _render(markup: str) -> bytes:
    from weasyprint import HTML

    try:
        document = HTML(
            string=clean_html(markup), url_fetcher=data_only_fetcher(), base_url="about:blank"
        ).render()
    except Exception as exc:
        raise ConversionError(gettext_noop("This page could not be converted to PDF.")) from exc
    if len(document.pages) > pdf_max_pages():
        raise ConversionError(
            gettext_noop("This page would print on %(n)s pages; the limit is %(max)s."),
            n=len(document.pages),
            max=pdf_max_pages(),
        )
    try:
        return document.write_pdf()
    except Exception as exc:
        log.exception("WeasyPrint could not render a page")
        raise ConversionError(gettext_noop("This page could not be converted to PDF.")) from exc


def render_html(markup: str) -> bytes:
    """The markup as a PDF, rendered in a limited child process."""
    from documents.conversions import limited

    check_markup_size(len(markup.encode("utf-8", "replace")))
    return limited(_render, markup)


def html_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    check_markup_size(len(data))
    return render_html(data.decode("utf-8", "replace"))
