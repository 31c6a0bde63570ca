"""Table rules and box borders removed before OCR, on images drawn here (no corpus file)."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from recognition.engine.ocr import TesseractEngine, remove_rules

DPI = 200
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _framed_total() -> Image.Image:
    """A boxed 'Total EUR | 34,73' cell pair, a tall stem apart, a filled band."""
    image = Image.new("L", (900, 500), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 700, 140), outline=0, width=2)  # the box
    draw.line((400, 100, 400, 140), fill=0, width=2)  # its column separator
    draw.rectangle((60, 200, 66, 320), fill=0)  # a letter stem of a large title
    draw.rectangle((100, 380, 800, 420), fill=0)  # a dark band (white text on it)
    return image


def test_it_removes_box_sides_and_column_separators_that_meet_a_rule():
    out = remove_rules(_framed_total(), DPI).load()
    assert out[300, 100] == 255 and out[300, 140] == 255  # top and bottom
    assert out[100, 120] == 255 and out[700, 120] == 255  # sides
    assert out[400, 120] == 255  # the separator


def test_it_keeps_a_tall_stem_that_meets_no_rule_and_a_filled_band():
    out = remove_rules(_framed_total(), DPI).load()
    assert out[63, 260] == 0
    assert out[400, 400] == 0


def test_it_leaves_a_page_without_rules_as_it_is():
    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((50, 50, 56, 150), fill=0)
    assert remove_rules(image, DPI).tobytes() == image.tobytes()


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract not installed")
def test_it_lets_tesseract_read_an_amount_boxed_tight_by_its_cell():
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 28)
    draw.rectangle((100, 60, 760, 110), outline=0, width=3)
    draw.line((430, 60, 430, 110), fill=0, width=3)
    draw.text((112, 68), "Total EUR", font=font, fill=0)
    draw.text((665, 68), "34,73", font=font, fill=0)  # its last digit against the side
    page = TesseractEngine().page_text(image, 1, 900 * 72 / DPI, 200 * 72 / DPI)
    assert "34,73" in [w.text for w in page.words]
