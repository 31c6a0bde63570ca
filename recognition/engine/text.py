"""The PDF's own text with word boxes, read page by page with pypdfium2."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .types import PageText, Word

# A page whose own text layer has fewer useful characters than this is treated as a
# picture (scan, photo, or a PDF whose text is only vector outlines) and goes to OCR.
MIN_USABLE_CHARS = 25


def page_words(page: pdfium.PdfPage) -> list[Word]:
    _width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        words: list[Word] = []
        cur: list[str] = []
        box = [0.0, 0.0, 0.0, 0.0]
        last_x1 = None
        rect = pdfium_c.FS_RECTF()

        def flush() -> None:
            nonlocal cur
            if cur:
                words.append(Word("".join(cur), box[0], height - box[3], box[2], height - box[1]))
            cur = []

        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            ch = chr(code) if code else ""
            if not ch or ch.isspace() or code in (0xFFFE, 0xFFFF, 2):
                flush()
                last_x1 = None
                continue
            # The loose box spans the font's full height, so "," and "." stay on the
            # line of the digits around them.
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect))
            x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
            if cur:
                char_h = max(box[3] - box[1], y1 - y0, 1.0)
                # Text drawn without space characters: a gap wider than ~40 % of the
                # font height, or a jump to another line, starts a new word.
                if last_x1 is not None and (
                    x0 - last_x1 > 0.4 * char_h
                    or x0 < box[0] - 1
                    or abs(y0 - box[1]) > char_h * 0.6
                ):
                    flush()
            if not cur:
                box[:] = [x0, y0, x1, y1]
            else:
                box[0], box[1] = min(box[0], x0), min(box[1], y0)
                box[2], box[3] = max(box[2], x1), max(box[3], y1)
            cur.append(ch)
            last_x1 = x1
        flush()
        return words
    finally:
        textpage.close()


def usable(words: list[Word]) -> bool:
    chars = sum(len(w.text) for w in words)
    alnum = sum(sum(c.isalnum() for c in w.text) for w in words)
    return chars >= MIN_USABLE_CHARS and alnum >= 0.5 * chars


def iter_pdf_pages(pdf: pdfium.PdfDocument) -> Iterator[PageText]:
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            width, height = page.get_size()
            words = page_words(page)
        finally:
            page.close()
        yield PageText(number=index + 1, width=width, height=height, words=words, source="text")
