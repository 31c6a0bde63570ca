"""Faint print stretched to black before OCR, on images drawn here (no corpus file)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from recognition.engine.ocr import stretch_contrast


def _page(ink: int, paper: int) -> Image.Image:
    image = Image.new("L", (400, 300), paper)
    draw = ImageDraw.Draw(image)
    for y in range(40, 260, 30):
        draw.rectangle((30, y, 370, y + 6), fill=ink)
    return image


def test_it_makes_faint_print_black_and_its_paper_white():
    out = stretch_contrast(_page(ink=170, paper=245))
    assert out.getpixel((100, 43)) == 0
    assert out.getpixel((100, 20)) == 255


def test_it_leaves_a_page_with_black_print_alone():
    page = _page(ink=10, paper=240)
    assert stretch_contrast(page) is page


def test_it_leaves_a_blank_grey_page_alone():
    page = Image.new("L", (400, 300), 200)
    assert stretch_contrast(page) is page
