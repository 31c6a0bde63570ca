"""What makes a scanned page quicker to read must read it the same: the image goes to
Tesseract uncompressed, the speckle measure and the skew measure give what the slower
ways gave, and values no second reading can make pass are not read again."""

from __future__ import annotations

import random
import shutil

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from recognition.engine import reread
from recognition.engine.ocr import TesseractEngine, deskew_angle, image_bytes, speckle_share

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


def _page(seed: int = 3, angle: float = 0.0) -> Image.Image:
    """Lines of print with speckles and a few strokes, optionally skewed."""
    rnd = random.Random(seed)
    image = Image.new("L", (800, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 22)
    for i in range(12):
        draw.text((40, 30 + 45 * i), f"Rechnung {rnd.randrange(10**6)} Total 1.234,56", font=font)
    px = image.load()
    assert px is not None
    for _ in range(6000):
        x, y = rnd.randrange(800), rnd.randrange(600)
        px[x, y] = rnd.choice((60, 120, 180))
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return image


def _median_share(image: Image.Image) -> float:
    """The speckle share as it was measured before, with a 3x3 median filter."""
    dark = image.point(lambda v: 255 if v < 200 else 0)
    paper = image.filter(ImageFilter.MedianFilter(3)).point(lambda v: 255 if v > 230 else 0)
    return ImageChops.multiply(dark, paper).histogram()[255] / (image.width * image.height)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_measures_speckle_exactly_as_the_median_filter_did(seed):
    page = _page(seed)
    assert speckle_share(page) == _median_share(page)
    assert speckle_share(page) > 0.005


@pytest.mark.parametrize("angle", [-1.2, 0.0, 0.7])
def test_it_finds_the_skew_of_a_page(angle):
    assert abs(deskew_angle(_page(angle=angle)) + angle) <= 0.2


def test_it_hands_tesseract_an_uncompressed_grey_image():
    data = image_bytes(Image.new("L", (30, 20), 200))
    assert data.startswith(b"P5\n30 20\n255\n") and len(data) == len(b"P5\n30 20\n255\n") + 600
    assert image_bytes(Image.new("1", (8, 2), 1)).startswith(b"P5\n8 2\n")
    assert image_bytes(Image.new("RGB", (4, 4))).startswith(b"P6\n")


@needs_tesseract
def test_tesseract_reads_the_uncompressed_image():
    image = Image.new("L", (700, 90), 255)
    ImageDraw.Draw(image).text((20, 20), "Factuur 2026-0417", font=ImageFont.truetype(FONT, 40))
    words = [r["text"] for r in TesseractEngine()._tsv(image, psm=7)]
    assert words == ["Factuur", "2026-0417"]


def _rows(texts: list[str], conf: float = 80.0) -> list[dict]:
    return [
        {"text": t, "left": 20 + 200 * i, "top": 10, "width": 180, "height": 30, "conf": conf}
        for i, t in enumerate(texts)
    ]


class Counting(TesseractEngine):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def _tsv(self, *args, **kwargs):
        self.calls += 1
        return []


@pytest.mark.parametrize(
    "texts",
    [
        ["USt-IdNr.", "DE123456789"],  # a sample number counting up
        ["TVA", "FR", "05", "987", "654", "321"],  # counting down, in groups
        ["Capital", "de", "3.441.812", "Euros"],  # a French word, not a country code
        ["IBAN", "DE28700100809999999999"],  # a placeholder account
    ],
)
def test_it_does_not_read_again_a_value_no_reading_can_make_pass(texts):
    engine, rows = Counting(), _rows(texts)
    timings: dict[str, float] = {}
    assert reread.reread_rows(engine, Image.new("L", (1400, 60), 255), rows, timings) == rows
    assert engine.calls == 0 and not any(k.startswith("n:") for k in timings)


@pytest.mark.parametrize(
    "texts",
    [["TVA", "BE0790476458"], ["USt-IdNr.", "DE1234S6789"], ["IBAN", "DE77370700600321987100"]],
)
def test_it_still_reads_again_a_value_that_fails_for_a_misread(texts):
    engine = Counting()
    timings: dict[str, float] = {}
    reread.reread_rows(engine, Image.new("L", (1400, 60), 255), _rows(texts), timings)
    assert engine.calls > 0 and sum(v for k, v in timings.items() if k.count(":") == 1) == 1
