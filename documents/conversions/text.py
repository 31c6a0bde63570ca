"""Plain text (a mail body without HTML) to PDF through the HTML renderer."""

from __future__ import annotations

from django.utils.html import escape

from documents.conversions.html import check_markup_size, render_html
from documents.sniff import Kind

PRE_CSS = "<style>pre{white-space:pre-wrap;font:10pt monospace}</style>"


def text_str_to_pdf(text: str, header: str = "") -> bytes:
    return render_html(
        f"<html><head>{PRE_CSS}</head><body>{header}<pre>{escape(text)}</pre></body></html>"
    )


def text_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    check_markup_size(len(data))
    return text_str_to_pdf(data.decode("utf-8", "replace"))
