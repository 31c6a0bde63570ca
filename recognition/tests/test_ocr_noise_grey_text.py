"""Scans noisier than the benchmark's (bench/recognition/noise.py): small grey print is
not taken for a dotted rule, a value glued to its IBAN label or boxed short by Tesseract
is read again, and pages turned up to 5 degrees are set straight. Images drawn here."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from recognition.engine import reread
from recognition.engine.dashes import remove_dashed_rules
from recognition.engine.ocr import TesseractEngine, _keep_grey_text, deskew_angle

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
DPI = 200
IBAN = "DE88200800000970375700"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


def _grey_footer(size: int = 16, grey: int = 130, blur: float = 0.5) -> Image.Image:
    """A footer line in small grey print, as a scanner softens it (6 pt at 200 dpi)."""
    image = Image.new("L", (900, 80), 255)
    ImageDraw.Draw(image).text(
        (20, 25), f"IBAN {IBAN}", font=ImageFont.truetype(SANS, size), fill=grey
    )
    return image.filter(ImageFilter.GaussianBlur(blur))


def _clean(image: Image.Image) -> Image.Image:
    return _keep_grey_text(image, remove_dashed_rules(image, DPI), DPI)


@pytest.mark.parametrize(("size", "grey", "blur"), [(16, 130, 0.5), (18, 130, 0.8), (20, 130, 0.8)])
def test_small_grey_print_is_no_longer_whitened_as_a_dotted_rule(size, grey, blur):
    footer = _grey_footer(size, grey, blur)
    # The rule finder alone whitens the line or the feet of its digits (the stems are
    # lighter than its ink level)...
    assert remove_dashed_rules(footer, DPI).tobytes() != footer.tobytes()
    # ...and the page cleaner now puts the print back.
    assert _clean(footer).tobytes() == footer.tobytes()


def test_dashed_rules_beside_it_still_go():
    image = Image.new("L", (1400, 300), 255)
    draw = ImageDraw.Draw(image)
    mono = ImageFont.truetype(MONO, 28)
    draw.text((40, 40), "Gesamtbetraege        Netto EUR   Brutto EUR", font=mono, fill=0)
    for y, rule in ((90, "-" * 60), (150, "=" * 60), (210, "." * 60)):
        draw.text((40, y), rule, font=mono, fill=0)
    out = np.asarray(_clean(image))
    for y in (90, 150, 210):
        assert int((out[y : y + 34] < 160).sum()) == 0, y
    assert int((out[40:80] < 160).sum()) == int((np.asarray(image)[40:80] < 160).sum())


@needs_tesseract
def test_tesseract_reads_the_grey_iban_only_when_its_print_is_kept():
    footer = _grey_footer().resize((1800, 160), Image.Resampling.LANCZOS)

    def words(image: Image.Image) -> str:
        return "".join(r["text"] for r in TesseractEngine()._tsv(image, psm=7))

    assert IBAN in words(_clean(_grey_footer()).resize((1800, 160), Image.Resampling.LANCZOS))
    assert IBAN not in words(remove_dashed_rules(_grey_footer(), DPI).resize((1800, 160)))
    assert IBAN in words(footer)


# -- second readings ----------------------------------------------------------------------


def _row(text: str, left: int, top: int, width: int, height: int) -> dict:
    return {
        "text": text,
        "left": left,
        "top": top,
        "width": width,
        "height": height,
        "conf": 50.0,
        "block": 1,
        "par": 1,
        "line": 1,
    }


def test_an_iban_glued_to_its_label_is_read_again_and_keeps_its_label():
    rows = [_row("IBAN-DE887ANBNNANAD7N375", 20, 20, 400, 30)]
    assert reread._iban_spans(rows) == [rows]
    # Before: only a label standing alone led to a second reading.
    assert reread._iban_spans([_row("IBAN-DE88", 20, 20, 100, 30)]) == []

    class Reads(TesseractEngine):
        def _tsv(self, image, psm=11, languages=None, whitelist="", timeout=20):
            return [{"text": f"IBAN {IBAN}"}]

    out = reread.reread_rows(Reads(), Image.new("L", (900, 80), 255), rows)
    assert [r["text"] for r in out] == ["IBAN DE88 2008 0000 0970 3757 00"]


# -- skew -----------------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [3.8, -4.4])
def test_a_page_turned_four_degrees_is_set_straight(angle):
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SANS, 28)
    for y in range(150, 2150, 60):
        draw.text((120, y), "Rechnung 471102 vom 15.11.2024 Total 1.234,56 EUR", font=font, fill=0)
    turned = page.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC)
    assert abs(deskew_angle(turned) + angle) <= 0.2
    assert abs(deskew_angle(turned, limit=3.0) + angle) > 0.25  # the former search


def test_a_dashed_rule_on_a_speckled_page_still_goes():
    image = Image.new("L", (1400, 200), 255)
    draw = ImageDraw.Draw(image)
    mono = ImageFont.truetype(MONO, 28)
    draw.text((40, 20), "Summe netto             496,00", font=mono, fill=0)
    draw.text((40, 80), "-" * 60, font=mono, fill=0)
    rnd = np.random.default_rng(7)
    a = np.asarray(image).copy()
    a[rnd.random(a.shape) < 0.05] = 180  # grains: lighter than ink, darker than paper
    speckled = Image.fromarray(a)
    rule = slice(80 + 12, 80 + 24)
    before = int((np.asarray(speckled)[rule] < 160).sum())
    assert int((np.asarray(_clean(speckled))[rule] < 160).sum()) < 0.1 * before
