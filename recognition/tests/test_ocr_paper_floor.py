"""Near-white haze turned to paper before OCR, on images drawn here (no corpus file)."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from recognition.engine.ocr import PAPER_FLOOR, paper_floor


def _hazy_page_with_faint_print() -> Image.Image:
    """Faint toner (grey 175) and mid-grey text on paper covered with light haze."""
    rnd = random.Random(3)
    image = Image.new("L", (300, 200), 255)
    px = image.load()
    for _ in range(6000):
        px[rnd.randrange(300), rnd.randrange(200)] = rnd.randrange(PAPER_FLOOR, 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 120, 30), fill=175)
    draw.rectangle((20, 60, 120, 70), fill=120)
    return image


def test_it_turns_haze_to_paper():
    out = paper_floor(_hazy_page_with_faint_print())
    assert out.crop((150, 100, 300, 200)).getextrema() == (255, 255)


def test_it_keeps_faint_and_grey_print():
    out = paper_floor(_hazy_page_with_faint_print())
    assert out.getpixel((70, 25)) == 175
    assert out.getpixel((70, 65)) == 120


def test_it_leaves_the_image_alone_when_switched_off():
    image = _hazy_page_with_faint_print()
    assert paper_floor(image, level=0).tobytes() == image.tobytes()


def test_it_reads_a_page_again_without_haze_when_tesseract_times_out():
    from recognition.engine.ocr import OCR_TIMEOUT_SECONDS, OcrTimeout, TesseractEngine

    seen: list[Image.Image] = []
    timeouts: list[float | None] = []

    class Choking(TesseractEngine):
        def _tsv(self, image, **kwargs):
            seen.append(image)
            timeouts.append(kwargs.get("timeout"))
            if len(seen) == 1:
                raise OcrTimeout("tesseract timed out")
            return [
                {
                    "block": 1,
                    "par": 1,
                    "line": 1,
                    "left": 20,
                    "top": 20,
                    "width": 100,
                    "height": 10,
                    "conf": 90.0,
                    "text": "Total",
                },
            ] * 8

    page = Choking().page_text(_hazy_page_with_faint_print(), 1, 300, 200)
    assert [w.text for w in page.words][:1] == ["Total"]
    assert len(seen) == 2
    assert seen[0].getextrema()[1] == 255 and max(seen[0].histogram()[PAPER_FLOOR:255]) > 0
    assert sum(seen[1].histogram()[PAPER_FLOOR:255]) == 0  # the haze is paper now
    assert timeouts[1] is not None and timeouts[1] < OCR_TIMEOUT_SECONDS  # and less time
