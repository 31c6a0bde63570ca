"""Scanned pages are rendered once and read in parallel (one Tesseract per core): the
pages come back in their order, each with its own words, whatever finishes first."""

from __future__ import annotations

import io

import pytest


def _scan(pages: list[str]) -> bytes:
    import img2pdf
    import pypdfium2 as pdfium
    from weasyprint import HTML

    html = "".join(
        f"<div style='page-break-after: always; font-size: 28pt'>{t}</div>" for t in pages
    )
    pdf = pdfium.PdfDocument(HTML(string=html).write_pdf())
    images = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=200 / 72, grayscale=True).to_pil()
        buf = io.BytesIO()
        img.save(buf, format="PNG", dpi=(200, 200))
        images.append(buf.getvalue())
    return img2pdf.convert(images)


@pytest.mark.django_db
def test_scanned_pages_read_in_parallel_keep_their_order(monkeypatch):
    from recognition.engine import pipeline

    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 3)
    data = _scan(["ALPHA 111", "BRAVO 222", "CHARLIE 333"])
    result = pipeline.recognize_bytes(data)
    assert result.ocr_pages == 3
    texts = [" ".join(w.text for w in p.words) for p in result.page_texts]
    assert [p.number for p in result.page_texts] == [1, 2, 3]
    for marker, text in zip(("ALPHA", "BRAVO", "CHARLIE"), texts, strict=True):
        assert marker in text
