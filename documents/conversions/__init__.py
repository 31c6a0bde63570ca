"""Turning whatever arrived into a PDF visual (B8). One module per engine, one Protocol.

`to_pdf(data, kind)` picks the converter for the sniffed kind. Converters raise
`ConversionError` with a message for the user; the original is kept either way.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_lazy as _

from documents.sniff import Kind


class ConversionError(Exception):
    """A reason the user can read (limits, encryption, damage)."""


class Converter(Protocol):
    def __call__(self, data: bytes, kind: Kind, language: str) -> bytes: ...


def converter_for(kind: Kind) -> Converter | None:
    from documents.conversions import html, images, office, text, xml

    return {
        "image": images.image_to_pdf,
        "html": html.html_to_pdf,
        "text": text.text_to_pdf,
        "office": office.office_to_pdf,
        "xml": xml.xml_to_pdf,
    }.get(kind.family)


def to_pdf(data: bytes, kind: Kind, language: str = "fr") -> bytes:
    if kind.family == "pdf":
        return data
    conv = converter_for(kind)
    if conv is None:
        raise ConversionError(
            _("This type of file (%(ext)s) cannot be shown; the original is kept.")
            % {"ext": kind.ext}
        )
    return conv(data, kind, language)
