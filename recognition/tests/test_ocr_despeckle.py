"""Speckle removal before OCR, on images drawn here (no corpus file)."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from recognition.engine.ocr import SPECKLE_SHARE, despeckle, speckle_share


def _speckled(image: Image.Image, share: float = 0.025, seed: int = 7) -> Image.Image:
    """Lone mid-grey dots over a share of the pixels, as a dusty scanner glass gives."""
    rnd = random.Random(seed)
    out = image.copy()
    px = out.load()
    for _ in range(int(share * image.width * image.height)):
        x, y = rnd.randrange(image.width), rnd.randrange(image.height)
        px[x, y] = min(px[x, y], 120)
    return out


def _strokes() -> Image.Image:
    """A one-pixel minus sign, a 3x3 decimal point and a thick bar, on paper."""
    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.line((40, 50, 70, 50), fill=0, width=1)  # minus
    draw.rectangle((100, 100, 102, 102), fill=0)  # decimal point
    draw.rectangle((150, 150, 300, 160), fill=0)
    return image


def test_it_finds_a_clean_page_clean_and_a_speckled_page_speckled():
    clean = _strokes()
    assert speckle_share(clean) < SPECKLE_SHARE
    assert speckle_share(_speckled(clean)) > SPECKLE_SHARE


def test_it_leaves_a_clean_page_as_it_is():
    clean = _strokes()
    assert despeckle(clean).tobytes() == clean.tobytes()


def test_it_removes_lone_dots_and_keeps_thin_strokes_and_points():
    noisy = _speckled(_strokes())
    out = despeckle(noisy)
    px = out.load()
    assert all(px[x, 50] == 0 for x in range(41, 70))  # the one-pixel minus stays
    assert px[101, 101] == 0  # the decimal point stays
    assert px[200, 155] == 0
    # Away from the strokes almost no dark dot is left.
    dots = sum(1 for x in range(200, 400) for y in range(180, 300) if px[x, y] < 200)
    before = sum(1 for x in range(200, 400) for y in range(180, 300) if noisy.load()[x, y] < 200)
    assert before > 400
    assert dots < 0.05 * before


def test_it_takes_a_median_to_a_heavily_speckled_page():
    """With dots touching each other, lone-dot removal would leave the clusters."""
    from recognition.engine.ocr import HEAVY_SPECKLE_SHARE

    page = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(page).rectangle((150, 150, 300, 160), fill=0)
    noisy = _speckled(page, share=0.08)
    assert speckle_share(noisy) >= HEAVY_SPECKLE_SHARE
    out = despeckle(noisy)
    assert speckle_share(out) < SPECKLE_SHARE / 4

    def dark_away_from_the_bar(image: Image.Image) -> int:
        return sum(1 for x in range(140) for y in range(300) if image.getpixel((x, y)) < 200)

    assert dark_away_from_the_bar(out) < 0.02 * dark_away_from_the_bar(noisy)
    assert out.getpixel((200, 155)) == 0
