"""Low-resolution scans are enlarged before OCR (images made here, Tesseract stubbed)."""

from __future__ import annotations

from PIL import Image

from recognition.engine.ocr import MIN_OCR_DPI, TesseractEngine

A4_WIDTH_PT, A4_HEIGHT_PT = 595.0, 842.0


def _sizes_seen(dpi: int) -> tuple[tuple[int, int], list]:
    engine = TesseractEngine()
    seen = []
    row = {"block": 1, "par": 1, "line": 1, "left": 10, "top": 10, "width": 40, "height": 12}
    rows = [{**row, "left": 10 + 50 * i, "conf": 90.0, "text": "Rechnung"} for i in range(10)]

    def fake_tsv(image, *args, **kwargs):
        seen.append(image.size)
        return rows

    engine._tsv = fake_tsv
    size = (round(A4_WIDTH_PT * dpi / 72), round(A4_HEIGHT_PT * dpi / 72))
    page = engine.page_text(Image.new("L", size, 255), 1, A4_WIDTH_PT, A4_HEIGHT_PT)
    return seen[0], page.words


def test_it_enlarges_a_150_dpi_scan_to_200_dpi_and_keeps_word_boxes_in_page_units():
    size, words = _sizes_seen(150)
    assert abs(size[0] - A4_WIDTH_PT * MIN_OCR_DPI / 72) <= 2
    # A word read at x = 10 px of the enlarged image sits at 10 px x 72 / 200 dpi.
    assert abs(words[0].x0 - 10 * 72 / MIN_OCR_DPI) < 0.1


def test_it_reads_a_200_or_300_dpi_scan_at_its_own_resolution():
    for dpi in (200, 300):
        size, _words = _sizes_seen(dpi)
        assert size == (round(A4_WIDTH_PT * dpi / 72), round(A4_HEIGHT_PT * dpi / 72))
