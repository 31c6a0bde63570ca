"""Turning whatever arrived into a PDF visual (B8). One module per engine, one Protocol.

`to_pdf(data, kind)` picks the converter for the sniffed kind. Converters raise
`ConversionError` with a message for the user; the original is kept either way.
Every converter runs under `core.sandbox` limits (time, memory): in a forked child
for the Python renderers, as a limited process without network for LibreOffice.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.translation import gettext_noop

from core.sandbox import LimitExceeded, Limits, run_limited
from core.texts import render, stored
from documents.sniff import Kind


class ConversionError(Exception):
    """A reason the user can read (limits, encryption, damage), kept as a stored text
    (`core.texts`) so each reader sees it in their own language; `str()` is the active one."""

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.text = stored(msgid, **params)
        super().__init__(render(self.text))


class Converter(Protocol):
    def __call__(self, data: bytes, kind: Kind, language: str) -> bytes: ...


def limits() -> Limits:
    from documents.limits import sandbox_memory_bytes, sandbox_seconds

    return Limits(seconds=sandbox_seconds(), memory_bytes=sandbox_memory_bytes())


def limit_error(exc: LimitExceeded) -> ConversionError:
    """What the user reads when a conversion was stopped by a limit."""
    current = limits()
    if exc.which == "time":
        return ConversionError(
            gettext_noop(
                "The conversion took longer than %(seconds)s seconds and was stopped; "
                "the original is kept."
            ),
            seconds=int(current.seconds),
        )
    return ConversionError(
        gettext_noop(
            "The conversion needed more than %(mb)s MB of memory and was stopped; "
            "the original is kept."
        ),
        mb=current.memory_bytes // (1024 * 1024),
    )


def limited(func, *args, **kwargs):
    """`func` under the conversion limits; a limit hit becomes a ConversionError."""
    try:
        return run_limited(func, *args, limits=limits(), **kwargs)
    except LimitExceeded as exc:
        raise limit_error(exc) from exc


def converter_for(kind: Kind) -> Converter | None:
    from documents.conversions import html, images, mailfile, office, text, xml

    return {
        "mail": mailfile.mail_to_pdf,
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
            gettext_noop("This type of file (%(ext)s) cannot be shown; the original is kept."),
            ext=kind.ext,
        )
    if kind.family == "office":  # LibreOffice is its own limited process
        return conv(data, kind, language)
    return limited(conv, data, kind, language)
