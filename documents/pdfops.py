"""Page-level work on PDF visuals: inspection, thumbnails, page images, text, and edits.

pypdfium2 renders (fast: a few ms a thumbnail); pikepdf assembles new PDFs for
split, merge, rotate and reorder. PDFium is not thread-safe, hence the lock.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
from django.utils.translation import gettext_noop

from documents.conversions import ConversionError
from documents.limits import pdf_max_pages

_lock = threading.RLock()


def _fresh_lock() -> None:
    global _lock
    _lock = threading.RLock()  # a sandbox child must not inherit a lock another thread held


os.register_at_fork(after_in_child=_fresh_lock)
THUMB_W, THUMB_H = 160, 226
MAX_SIDE_PT = 14400 * 4  # anything larger is a bomb, not a page


@dataclass(frozen=True)
class PageInfo:
    width: float
    height: float
    text: str


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _why_unreadable(data) from exc


def _why_unreadable(data: bytes) -> ConversionError:
    """PDFium's errors are vague (a PDF without pages fails like a locked one): ask qpdf."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                return ConversionError(gettext_noop("This PDF has no pages."))
    except pikepdf.PasswordError:
        return ConversionError(
            gettext_noop("This PDF is protected by a password; send a copy without protection.")
        )
    except Exception:
        pass
    return ConversionError(gettext_noop("This PDF is damaged and cannot be read."))


def _damaged_page(number: int) -> ConversionError:
    return ConversionError(
        gettext_noop("Page %(n)s of this PDF is damaged and cannot be read."), n=number
    )


def page_count(data: bytes) -> int:
    with _lock:
        pdf = _open(data)
        try:
            return len(pdf)
        finally:
            pdf.close()


def check_pdf(data: bytes) -> int:
    """Raise ConversionError when the PDF cannot be used; return its page count."""
    with _lock:
        pdf = _open(data)
        try:
            n = len(pdf)
            if n == 0:
                raise ConversionError(gettext_noop("This PDF has no pages."))
            if n > pdf_max_pages():
                raise ConversionError(
                    gettext_noop(
                        "This PDF has %(n)s pages; the limit is %(max)s. Split it and send the parts."
                    ),
                    n=n,
                    max=pdf_max_pages(),
                )
            for i in range(n):  # a looping or broken page tree fails here, not while rendering
                try:
                    pdf[i].close()
                except pdfium.PdfiumError as exc:
                    raise _damaged_page(i + 1) from exc
            return n
        finally:
            pdf.close()


def _thumb(page: pdfium.PdfPage, w: int, h: int) -> tuple[bytes, float, float]:
    pw, ph = page.get_size()  # PDFium reports the size as displayed, /Rotate applied
    if pw <= 0 or ph <= 0 or pw > MAX_SIDE_PT or ph > MAX_SIDE_PT:
        # A page bomb (kilometres wide) gets a blank thumbnail instead of eating the memory.
        from PIL import Image

        img = Image.new("RGB", (w // 2, h // 2), "white")
    else:
        scale = min(w / pw, h / ph)
        img = page.render(scale=scale, may_draw_forms=True).to_pil()
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=70)
    return buf.getvalue(), pw, ph


def thumbnails(data: bytes, *, with_text: bool = True) -> list[tuple[bytes, PageInfo]]:
    """A thumbnail and the text of every page, rendered in a limited child (core.sandbox)."""
    from documents.conversions import limited

    return limited(_thumbnails, data, with_text=with_text)


def _thumbnails(data: bytes, *, with_text: bool = True) -> list[tuple[bytes, PageInfo]]:
    out = []
    with _lock:
        pdf = _open(data)
        try:
            for i in range(len(pdf)):
                try:
                    page = pdf[i]
                except pdfium.PdfiumError as exc:
                    raise _damaged_page(i + 1) from exc
                try:
                    jpeg, w, h = _thumb(page, THUMB_W, THUMB_H)
                    text = ""
                    if with_text:
                        tp = page.get_textpage()
                        text = tp.get_text_range()[:20000]
                        tp.close()
                finally:
                    page.close()
                out.append((jpeg, PageInfo(w, h, text)))
        finally:
            pdf.close()
    return out


def render_page(data: bytes, number: int, width: int = 1000) -> bytes:
    with _lock:
        pdf = _open(data)
        try:
            if not 1 <= number <= len(pdf):
                raise IndexError(number)
            page = pdf[number - 1]
            jpeg, _w, _h = _thumb(page, width, int(width * 1.5))
            page.close()
            return jpeg
        finally:
            pdf.close()


@dataclass(frozen=True)
class PageRef:
    """A page of a source PDF for an edit: which source, which page (1-based), turned how much."""

    source: int
    number: int
    rotate: int = 0  # degrees clockwise, a multiple of 90


def assemble(sources: list[bytes], pages: list[PageRef]) -> bytes:
    """A new PDF made of the given pages of the given sources, in order."""
    opened = [pikepdf.open(io.BytesIO(s)) for s in sources]
    try:
        out = pikepdf.Pdf.new()
        for ref in pages:
            out.pages.append(opened[ref.source].pages[ref.number - 1])
            if ref.rotate % 360:
                out.pages[-1].rotate(ref.rotate % 360, relative=True)
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        for pdf in opened:
            pdf.close()


def likely_first_pages(texts: list[str]) -> list[int]:
    """Pages (1-based) where the invoices of a multi-invoice scan start, to offer a split (B11)."""
    from documents.invoice_pages import likely_first_pages as hint

    return hint(texts)
