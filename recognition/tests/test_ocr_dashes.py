"""Dashed rules of fixed-width printouts whitened before OCR, on pages drawn here."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from recognition.engine.dashes import remove_dashed_rules
from recognition.engine.ocr import TesseractEngine

DPI = 200
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TEXT_ROWS = {
    100: "Finanzrate vom 01.11.2024 bis 30.11.2024",
    190: "Gesamtbetraege        Netto EUR   Brutto EUR",
    280: "Summe gesamt ............ 447,88",
    370: "comme en mai, nous vous remercions encore",  # small letters, no stems above
}
RULE_ROWS = {145: "-" * 60, 235: "=" * 60, 325: "." * 60}


def _printout() -> Image.Image:
    image = Image.new("L", (1400, 420), 255)
    draw = ImageDraw.Draw(image)
    mono = ImageFont.truetype(MONO, 28)  # 10 pt at 200 dpi
    for y, text in {**TEXT_ROWS, **RULE_ROWS}.items():
        draw.text((40, y), text, font=mono, fill=0)
    return image


def _ink(image: Image.Image, top: int, bottom: int) -> int:
    return int((np.asarray(image)[top:bottom] < 160).sum())


def test_it_whitens_rows_of_dashes_and_equals_signs():
    page = _printout()
    out = remove_dashed_rules(page, DPI)
    for y in RULE_ROWS:
        assert _ink(page, y, y + 34) > 300
        assert _ink(out, y, y + 34) == 0, y


def test_it_keeps_every_letter_and_figure_of_the_text_rows():
    page = _printout()
    out = remove_dashed_rules(page, DPI)
    for y, text in TEXT_ROWS.items():
        if "..." in text:
            continue  # its dot leaders may go; the words are checked below
        assert _ink(out, y - 4, y + 38) == _ink(page, y - 4, y + 38), text
    # "Summe gesamt" and "447,88" kept whole on the row whose leaders were dots.
    left = np.asarray(page)[276:318, 40:260] < 160
    assert ((np.asarray(out)[276:318, 40:260] < 160) == left).all()
    right = np.asarray(page)[276:318, 460:600] < 160
    assert ((np.asarray(out)[276:318, 460:600] < 160) == right).all()


def test_it_keeps_small_print_and_a_page_without_dashes_as_they_are():
    image = Image.new("L", (1400, 300), 255)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(SANS, 17)  # 6 pt at 200 dpi
    for i, y in enumerate(range(20, 280, 22)):
        draw.text((30, y), "umsonst wenn man es vermeiden muss, nennen sie es " * 2, font=small)
        if i == 5:
            draw.text((30, y), "Total -12,00 - 3,00 = 9,00", font=small)
    out = remove_dashed_rules(image, DPI)
    assert out.tobytes() == image.tobytes()


def test_it_follows_a_slightly_skewed_rule():
    page = _printout().rotate(0.4, fillcolor=255, resample=Image.Resampling.BICUBIC)
    out = remove_dashed_rules(page, DPI)
    removed = ImageChops.difference(page, out).point(lambda v: 255 if v > 60 else 0)
    # Most of the three rules' ink is gone.
    before = sum(_ink(page, y - 12, y + 46) for y in RULE_ROWS)
    after = sum(_ink(out, y - 12, y + 46) for y in RULE_ROWS)
    assert removed.getbbox() is not None
    assert after < 0.25 * before


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract is not installed")
def test_tesseract_reads_no_junk_words_where_the_rules_were():
    engine = TesseractEngine()
    words = [r["text"] for r in engine._tsv(remove_dashed_rules(_printout(), DPI))]
    junk = [w for w in words if not any(c.isalnum() for c in w)]
    assert "447,88" in words
    assert len(junk) <= 2, junk
