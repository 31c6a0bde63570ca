"""A clean PDF visual for a structured invoice without its own PDF, in a given language."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .model import EInvoice


def render_visual(invoice: EInvoice, language: str = "fr") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("einvoice/visual.html", {"inv": invoice, "language": language})
    # base_url=None and no url_fetcher access: the template references nothing external.
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"external resource refused: {url}")
