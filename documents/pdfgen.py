"""Simple text PDFs made on the fly: demo documents and tests (no binary fixtures in the repo)."""

from __future__ import annotations

import io

import pikepdf


def make_pdf(texts: list[str], *, size: tuple[float, float] = (595, 842)) -> bytes:
    """A text PDF with one page per string (Helvetica, extractable text)."""
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for text in texts:
        safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 18 Tf 50 {size[1] - 80} Td ({safe}) Tj ET".encode("latin-1")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, size[0], size[1]],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(stream),
        )
        pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def make_page_pdf(lines: list[str], *, size: tuple[float, float] = (595, 842)) -> bytes:
    """A one-page text PDF, one line of 10 pt Helvetica per string (demo invoices)."""
    return make_pages_pdf([lines], size=size)


def make_pages_pdf(pages: list[list[str]], *, size: tuple[float, float] = (595, 842)) -> bytes:
    """A text PDF, one page per list of lines, 10 pt Helvetica (multi-invoice scans, bench)."""
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for lines in pages:
        parts = ["BT /F1 10 Tf 14 TL", f"50 {size[1] - 60} Td"]
        for line in lines:
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            parts.append(f"({safe}) Tj T*")
        parts.append("ET")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, size[0], size[1]],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream("\n".join(parts).encode("cp1252")),
        )
        pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()
