"""A photographed sheet found on its darker surface and set upright, on images drawn here."""

from __future__ import annotations

from PIL import Image, ImageDraw

from recognition.engine.ocr import _perspective, find_page, unwarp_page

SHEET = (420, 600)


def _sheet() -> Image.Image:
    """Paper with bars where lines of print would be."""
    sheet = Image.new("L", SHEET, 250)
    draw = ImageDraw.Draw(sheet)
    for y in range(60, 560, 40):
        draw.rectangle((40, y, 380, y + 8), fill=20)
    return sheet


def _photo(corners: list[tuple[float, float]]) -> Image.Image:
    """The sheet seen in perspective, its corners at `corners` of a 600 x 800 photo of a
    grey table."""
    w, h = SHEET
    table = Image.new("L", (600, 800), 80)
    # Where each photo pixel comes from on the sheet (out of the sheet: the table).
    coeffs = _perspective(corners, [(0, 0), (w, 0), (w, h), (0, h)])
    seen = _sheet().transform(table.size, Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=0)
    mask = Image.new("L", SHEET, 255).transform(
        table.size, Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0
    )
    table.paste(seen, (0, 0), mask)
    return table


CORNERS = [(110.0, 90.0), (500.0, 120.0), (540.0, 730.0), (70.0, 700.0)]


def test_it_finds_the_corners_of_a_photographed_sheet():
    found = find_page(_photo(CORNERS))
    assert found is not None
    for (x, y), (fx, fy) in zip(CORNERS, found, strict=True):
        assert abs(x - fx) <= 6 and abs(y - fy) <= 6


def test_it_sets_the_sheet_upright():
    photo = _photo(CORNERS)
    flat = unwarp_page(photo, find_page(photo))
    # Each bar of print is level again: its left and right ends on the same rows.
    ink = flat.point(lambda v: 255 if v < 128 else 0)
    w = flat.width
    left = ink.crop((round(0.15 * w), 0, round(0.2 * w), flat.height)).getbbox()
    right = ink.crop((round(0.8 * w), 0, round(0.85 * w), flat.height)).getbbox()
    assert left is not None and right is not None
    assert abs(left[1] - right[1]) <= 3 and abs(left[3] - right[3]) <= 3
    # And the table is gone: no dark margin along the edges.
    assert flat.crop((0, 0, w, 3)).getextrema()[0] > 128


def test_it_leaves_a_scan_alone():
    scan = Image.new("L", (600, 800), 255)
    scan.paste(_sheet(), (90, 100))
    assert find_page(scan) is None


def test_it_leaves_a_sheet_that_fills_the_frame_alone():
    assert find_page(_sheet().resize((600, 800))) is None


def test_it_reads_a_photographed_sheet_without_its_table_and_haze():
    from recognition.engine.ocr import PAPER_FLOOR, TesseractEngine

    photo = _photo(CORNERS)
    px = photo.load()
    for x in range(200, 400, 2):  # grain on the sheet, lighter than any print
        for y in range(300, 500, 2):
            if px[x, y] > 200:
                px[x, y] = 238
    seen: list[Image.Image] = []

    class Recording(TesseractEngine):
        def _tsv(self, image, **kwargs):
            seen.append(image)
            return [
                {
                    "block": 1,
                    "par": 1,
                    "line": 1,
                    "left": 10,
                    "top": 10,
                    "width": 50,
                    "height": 10,
                    "conf": 90.0,
                    "text": "Total",
                },
            ] * 8

    Recording().page_text(photo, 1, 144, 192)  # a 300 dpi photo: not enlarged
    read = seen[0]
    assert read.width < 0.8 * photo.width  # the table around the sheet is gone
    assert sum(read.histogram()[PAPER_FLOOR:255]) < 0.001 * read.width * read.height
