"""Which of Tesseract's words the page keeps: speckles go, a lone "&" stays."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from recognition.engine.ocr import TesseractEngine

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract is not installed")
def test_an_ampersand_between_a_name_and_its_legal_form_is_kept():
    # 200 dpi, 11 pt: a scanned buyer block. Dropping the lone "&" cut "Maes Catering"
    # from "Co AG" and the buyer's name fell apart.
    image = Image.new("L", (1400, 120), 255)
    ImageDraw.Draw(image).text(
        (40, 40), "Maes Catering & Co AG", font=ImageFont.truetype(SANS, 31), fill=0
    )
    page = TesseractEngine().page_text(image, 1, 504.0, 43.2)
    assert [w.text for w in page.words] == ["Maes", "Catering", "&", "Co", "AG"]
