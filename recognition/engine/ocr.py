"""OCR behind a small Protocol: Tesseract for words with boxes, OCRmyPDF for the text layer.

Tesseract runs with OMP_THREAD_LIMIT=1: on small machines its OpenMP threads fight each
other and one page takes 4x longer (measured: 4.6 s vs 1.2 s on 2 cores).
"""

from __future__ import annotations

import io
import math
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

# numpy is imported here, in the worker, once: each page is read in a forked child, and
# a child importing it itself paid 0.2 s of CPU a page (deskew, the second engine).
import numpy as np
from PIL import Image, ImageChops, ImageOps

from .dashes import remove_dashed_rules, tallest_stroke
from .threshold import otsu_threshold
from .types import PageText, Word

if TYPE_CHECKING:
    from core.sandbox import Limits

LANGUAGES = "fra+nld+deu+eng"
OCR_TIMEOUT_SECONDS = 20  # per page; a page of pure noise can keep Tesseract busy for minutes
# The limit is Tesseract's own CPU time (one thread): on a machine other work keeps busy a
# page's wall time grows with the load, and a wall-clock limit lost whole pages that read
# fine (generated scans under load 13 on 2 cores: page 1 of 2 of 24 invoices). The wall
# clock only backs it up, at a few times the CPU budget.
WALL_FACTOR = 4


def _cpu_limit(seconds: float) -> Callable[[], None]:
    def apply() -> None:
        import resource

        soft, hard = max(1, math.ceil(seconds)), max(1, math.ceil(seconds)) + 2
        _cur_soft, cur_hard = resource.getrlimit(resource.RLIMIT_CPU)
        if cur_hard != resource.RLIM_INFINITY:  # never above a sandbox's own limit
            soft, hard = min(soft, cur_hard), min(hard, cur_hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))

    return apply


MAX_OCR_PIXELS = 12_000_000  # larger images are scaled down first (A4 at 400 dpi)


# Scans below this are enlarged to it before OCR (measured on noisy 150 dpi scans of
# the benchmark's invoices: 84.5 % of key values read as they are, 88.3 % enlarged).
MIN_OCR_DPI = 200


class OcrError(RuntimeError):
    pass


class OcrTimeout(OcrError):
    pass


class OcrEngine(Protocol):
    def page_text(self, image: Image.Image, number: int, width: float, height: float) -> PageText:
        """Words of one page image, in page units (width x height, top-left origin)."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def prepare_image(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    pixels = image.width * image.height
    if pixels > MAX_OCR_PIXELS:
        scale = math.sqrt(MAX_OCR_PIXELS / pixels)
        image = image.resize(
            (max(1, int(image.width * scale)), max(1, int(image.height * scale))),
            Image.Resampling.LANCZOS,
        )
    return image.convert("L")


def even_light(image: Image.Image) -> Image.Image:
    """Grey image for Tesseract; phone photos with uneven light are divided by their
    paper brightness first.

    No thresholding here: measured on noisy 200 dpi scans, Tesseract's own
    binarisation on the grey image read 16/17 key values, a median filter plus
    threshold 14/17, a mid-grey threshold 12/17 (it loses light-grey print). Speckles
    and rules are removed by their own steps (despeckle, remove_rules). Rendering a
    200 dpi scan at 300 dpi was worse than at its own resolution; below 200 dpi,
    enlarging helps (MIN_OCR_DPI).
    """
    from PIL import ImageFilter, ImageMath

    gray = image.convert("L")
    small = gray.resize(
        (max(1, gray.width // 16), max(1, gray.height // 16)), Image.Resampling.BILINEAR
    )
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    lo, hi = cast(tuple[int, int], paper.getextrema())  # one band: (min, max)
    if hi - lo <= 50:
        return gray
    paper = paper.resize(gray.size, Image.Resampling.BILINEAR)
    return ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["a"] * 255.0 / a["max"](a["b"], 1.0), 255.0), "L"),
        a=gray,
        b=paper,
    )


def find_page(image: Image.Image) -> list[tuple[float, float]] | None:
    """Corners of a sheet photographed on a darker surface (top-left, top-right,
    bottom-right, bottom-left, in pixels of `image`), or None when the image is not such
    a photo: scans, whose edges are paper, and sheets that fill or leave the frame.

    Measured on a thumbnail: a median filter wipes out the print, the paper is what is
    brighter than Otsu's threshold, its corners are the extreme points of that region,
    and the region must be about the quadrilateral they make.
    """
    from PIL import ImageFilter

    gray = image.convert("L")
    scale = 300 / max(gray.size)
    thumb = gray.resize(
        (max(1, round(gray.width * scale)), max(1, round(gray.height * scale))),
        Image.Resampling.BILINEAR,
    ).filter(ImageFilter.MedianFilter(5))
    w, h = thumb.size
    if w < 60 or h < 60:
        return None
    cut = otsu_threshold(thumb.histogram())
    data = thumb.tobytes()
    border = [data[x] for x in range(w)] + [data[(h - 1) * w + x] for x in range(w)]
    border += [data[y * w] for y in range(h)] + [data[y * w + w - 1] for y in range(h)]
    if sum(1 for v in border if v <= cut) < 0.6 * len(border):
        return None  # the paper reaches the image's edges: a scan, or a close-up
    # Each row's paper from its first to its last bright pixel: dark print, bands and
    # logos inside the sheet count as paper.
    mask = thumb.point(lambda v: 255 if v > cut else 0).tobytes()
    ends, area_seen = [], 0
    for y in range(h):
        row = mask[y * w : (y + 1) * w]
        left = row.find(255)
        if left >= 0:
            right = row.rfind(255)
            ends += [(left, y), (right, y)]
            area_seen += right - left + 1
    if area_seen < 0.3 * w * h:
        return None
    corners = [
        min(ends, key=lambda p: p[0] + p[1]),
        max(ends, key=lambda p: p[0] - p[1]),
        max(ends, key=lambda p: p[0] + p[1]),
        max(ends, key=lambda p: p[1] - p[0]),
    ]
    area = 0.5 * abs(
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True)
        )
    )
    if not 0.92 <= area_seen / max(area, 1.0) <= 1.08:
        return None  # not a four-cornered sheet (folded, cut off, several pages)
    return [((x + 0.5) / scale, (y + 0.5) / scale) for x, y in corners]


def unwarp_page(image: Image.Image, corners: list[tuple[float, float]]) -> Image.Image:
    """The sheet inside `corners` as an upright rectangle (perspective undone), its size
    the longer of each pair of opposite edges so no print gets smaller."""

    def dist(a: tuple[float, float], b: tuple[float, float]) -> float:
        return math.hypot(a[0] - b[0], a[1] - b[1])

    tl, tr, br, bl = corners
    width = round(max(dist(tl, tr), dist(bl, br)))
    height = round(max(dist(tl, bl), dist(tr, br)))
    # The edge of the sheet itself is left out: a dark line there would be read.
    inset = max(2, round(width / 200))
    target: list[tuple[float, float]] = [
        (-inset, -inset),
        (width + inset, -inset),
        (width + inset, height + inset),
    ]
    target.append((-inset, height + inset))
    coeffs = _perspective(target, corners)
    return image.transform(
        (width, height),
        Image.Transform.PERSPECTIVE,
        coeffs,
        Image.Resampling.BICUBIC,
        fillcolor=255,
    )


def _perspective(out: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE coefficients taking each point of `out` to its point in `src`."""
    rows = []
    for (x, y), (u, v) in zip(out, src, strict=True):
        rows.append([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u])
        rows.append([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v])
    n = 8
    for c in range(n):  # Gauss-Jordan with partial pivoting
        pivot = max(range(c, n), key=lambda r: abs(rows[r][c]))
        rows[c], rows[pivot] = rows[pivot], rows[c]
        for r in range(n):
            if r != c and rows[r][c]:
                f = rows[r][c] / rows[c][c]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[c], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


# The darkest print of a page lighter than this is faint (toner running out, a light
# carbon copy, a pale photo): the page is stretched so that print becomes black.
FAINT_INK = 60


def stretch_contrast(image: Image.Image) -> Image.Image:
    """Faint print made dark and the paper white; pages with dark print are left alone.

    Levels from the histogram: the darkest 0.05 % of pixels are the print's core (a
    line of text has more; speckle and haze are lighter), the lightest half the paper.
    Measured: toner at grey 170 on a 245 paper read 77.7 % of key values as it was.
    """
    hist = image.histogram()
    total = sum(hist)
    seen, ink = 0, 0
    for level, n in enumerate(hist):
        seen += n
        if seen >= 0.0005 * total:
            ink = level
            break
    if ink < FAINT_INK:
        return image
    seen, paper = 0, 255
    for level in range(255, -1, -1):
        seen += hist[level]
        if seen >= 0.5 * total:
            paper = level
            break
    if paper - ink < 20:
        return image  # no print to speak of
    scale = 255 / (paper - ink)
    return image.point(lambda v: max(0, min(255, round((v - ink) * scale))))


# Share of the page's pixels that are isolated dark dots (a dark pixel whose 3x3
# neighbourhood is paper). Measured at 200 dpi: clean renders of invoices 0.05-0.16 %,
# the same pages with scanner speckle 1.5-2.4 %.
SPECKLE_SHARE = 0.004
# Pages with 6 % of their pixels speckled (and blurred) measure 3.5-3.9 %; the
# benchmark's 2.7 % speckle measures 1.5-2.4 %.
HEAVY_SPECKLE_SHARE = 0.03


def speckle_share(image: Image.Image) -> float:
    from PIL import ImageChops, ImageFilter

    gray = image.convert("L")
    dark = gray.point(lambda v: 255 if v < 200 else 0)
    # Paper where the 3x3 median is lighter than 230, that is where 5 of the 9 pixels are:
    # a box blur of the light mask counts them (5/9 of 255 is 142, 4/9 113) at a quarter
    # of a median filter's cost (0.03 s against 0.12 s a page).
    light = gray.point(lambda v: 255 if v > 230 else 0)
    paper = light.filter(ImageFilter.BoxBlur(1)).point(lambda v: 255 if v >= 128 else 0)
    isolated = ImageChops.multiply(dark, paper).histogram()[255]
    return isolated / max(1, gray.width * gray.height)


def despeckle(image: Image.Image) -> Image.Image:
    """Lone dark dots (one or two pixels with no dark neighbour else) turned to paper,
    on pages peppered with them, and only on those.

    Tesseract takes speckles beside letters for strokes ("Handelsrechnung Nr. 471102"
    read as "Han eisrechnu E ng Ne sr"). A 3x3 median removes them too but also erases
    one-pixel strokes (the minus of "-218,48", decimal points) and fills the holes of
    small digits; measured on noisy 200 dpi scans (3 seeds): median 83.0 %, lone dots
    removed 87.7 %, nothing 83.7 % of key values. Clean pages are left as they are.
    """
    from PIL import ImageChops, ImageFilter

    share = speckle_share(image)
    if share < SPECKLE_SHARE:
        return image
    if share >= HEAVY_SPECKLE_SHARE:
        # So many dots that they touch one another and the letters: lone-dot removal
        # leaves the clusters. A median loses one-pixel strokes but, measured on pages
        # with 6 % darker speckle and more blur, 80.1 % of key values read against 74.3 %.
        return image.filter(ImageFilter.MedianFilter(3))
    dark = image.point(lambda v: 255 if v < 200 else 0)
    # 255 x the share of dark pixels in each 3x3 neighbourhood: 28 for a lone dot,
    # 57 for a pair; a stroke of three pixels or more stays.
    crowd = dark.filter(ImageFilter.BoxBlur(1))
    lone = ImageChops.multiply(dark, crowd.point(lambda v: 255 if v <= 58 else 0))
    return ImageChops.lighter(image, lone)


# Lighter than this, after even_light has brought the paper to white, is haze and not
# print: JPEG ringing around speckles, toner dust, paper grain. Print, even faint toner,
# sits well below it.
PAPER_FLOOR = 230


def paper_floor(image: Image.Image, level: int | None = None) -> Image.Image:
    """Near-white haze turned to paper.

    Tesseract thresholds the page as a whole (Otsu): on a page with little text the
    threshold falls between paper and haze, and every blob of haze becomes a letter to
    read (measured: a JPEG scan's mostly blank last page took over 20 s and timed out;
    with the haze turned to paper, 2.2 s and its text read).
    """
    level = PAPER_FLOOR if level is None else level
    if not level:
        return image
    return image.point(lambda v: 255 if v >= level else v)


def _shift(mask: Image.Image, d: int, horizontal: bool) -> Image.Image:
    """The mask moved by d pixels along one axis, paper (0) coming in at the edge."""
    out = Image.new("L", mask.size, 0)
    out.paste(mask, (d, 0) if horizontal else (0, d))
    return out


def _runs(mask: Image.Image, length: int, horizontal: bool) -> Image.Image:
    """Ink (255) that lies on a straight run of at least `length` pixels along the axis:
    an erosion then a dilation by a line, in log2(length) shifted copies each."""
    eroded, k = mask, 1
    while k < length:
        step = min(k, length - k)
        eroded = ImageChops.darker(eroded, _shift(eroded, -step, horizontal))
        k += step
    grown, k = eroded, 1
    while k < length:
        step = min(k, length - k)
        grown = ImageChops.lighter(grown, _shift(grown, step, horizontal))
        k += step
    return grown


def _grow(mask: Image.Image, by: int, horizontal: bool) -> Image.Image:
    out = mask
    for d in range(1, by + 1):
        out = ImageChops.lighter(out, _shift(mask, d, horizontal))
        out = ImageChops.lighter(out, _shift(mask, -d, horizontal))
    return out


def _thin(runs: Image.Image, width: int, horizontal: bool) -> Image.Image:
    """Runs no thicker than `width` across: rules, not filled bars or letter stems."""
    thick = _runs(runs, width, not horizontal)
    return ImageChops.subtract(runs, _grow(thick, 2, not horizontal))


def remove_rules(image: Image.Image, dpi: float) -> Image.Image:
    """Table rules and box borders turned to paper before OCR.

    Tesseract reads a border beside a figure as a stroke ("34,73|" read as "2473") or
    drops the text of a framed cell altogether ("Total EUR 34,73" in a box: not read).
    Removed: thin horizontal rules at least 0.4 inch long, and thin vertical ones at
    least 0.15 inch long that meet a horizontal rule (box sides and column separators;
    a letter's stem, however tall, does not touch a rule). Filled bars (white text on a
    dark band) are thicker than a rule and stay.
    """
    ink = image.point(lambda v: 255 if v < 160 else 0)
    thin = max(4, round(dpi / 25))  # about 1 mm; a band of white text is thicker
    rows = _thin(_runs(ink, max(20, round(0.4 * dpi)), True), thin, True)
    if not rows.getbbox():
        return image
    cols = _thin(_runs(ink, max(10, round(0.15 * dpi)), False), thin, False)
    # Vertical runs that touch a horizontal rule, then the whole of each such run
    # (grown along the run, within it, a quarter inch at a time).
    near = _grow(_grow(rows, 2, True), max(2, round(dpi / 60)), False)
    sides = ImageChops.darker(cols, near)
    step = max(4, round(0.25 * dpi))
    for _ in range(8):
        more = ImageChops.darker(cols, _grow_fast(sides, step))
        if more.tobytes() == sides.tobytes():
            break
        sides = more
    # With their anti-aliased edges, a pixel either side.
    rules = ImageChops.lighter(_grow(rows, 1, False), _grow(sides, 1, True))
    return ImageChops.lighter(image, rules)


def _keep_grey_text(before: Image.Image, after: Image.Image, dpi: float) -> Image.Image:
    """`after` (dashed rules whitened) with each whitened stretch put back when it is
    light grey print, not a rule.

    `remove_dashed_rules` counts as ink what is darker than 160; the stems of small grey
    print are lighter (a footer's "IBAN DE88200800000970375700", 150 dpi with speckle, or
    6 pt digits in grey 130), so a line of them, or the row of their round feet, looked
    like a dotted rule and was whitened: the IBAN was then unreadable by every reader.
    Counting grey (darker than 200) as print, a rule is a stroke of even height along
    its length, while print has stems standing taller (unbroken vertical runs) than the
    rest of it; the rows just above and below the stretch are looked at too, where the
    stems of whitened feet or tops still stand. Measured (bench/recognition, 2026-12-06): `noise.py` 150 dpi model
    96.4 -> 97.6 % of printed fields (that footer's seller VAT number and IBAN); corpus
    scans (`run.py`) 99.4 % as before, put back on 5 of 27 pages: print ("15.03.2018",
    "Textart:", "Seite 1/1") and one table's light grey rules; `noise.py` heavy model
    87.3 % as before (counting grey pixels instead of runs lost 3 totals there); 4 ms of
    CPU a page.
    """
    if after is before:
        return after
    a = np.asarray(before.convert("L"))
    b = np.asarray(after)
    changed = np.nonzero((a != b).any(axis=1))[0]
    if not len(changed):
        return after
    out = b
    reach = max(6, round(dpi / 25))  # about 1 mm: the lower half of a small digit
    for band in np.split(changed, np.nonzero(np.diff(changed) > 1)[0] + 1):
        top, bottom = int(band[0]), int(band[-1])
        cols = np.nonzero((a[top : bottom + 1] != b[top : bottom + 1]).any(axis=0))[0]
        # Stretches of the band apart from one another (a rule and, beside it on the same
        # rows, a line of digits) judged each on its own.
        for part in np.split(cols, np.nonzero(np.diff(cols) > 4 * reach)[0] + 1):
            # Unbroken vertical runs: the grains of a speckled page add to a column's
            # count but not to its runs (counting them put rules back beside the
            # totals of a heavily speckled scan, and lost them).
            runs = tallest_stroke(a[max(0, top - reach) : bottom + 1 + reach, part] < 200)
            runs = runs[runs > 0]
            if not len(runs):
                continue
            tall = float(np.mean(runs >= np.median(runs) + 3))
            if tall > 0.15:
                if out is b:
                    out = b.copy()
                out[top : bottom + 1, part] = a[top : bottom + 1, part]
    return after if out is b else Image.fromarray(out)


def _grow_fast(mask: Image.Image, by: int) -> Image.Image:
    """Vertical dilation by at least `by` pixels each way, in log2(by) shifted copies."""
    out, k = mask, 1
    while k <= by:
        out = ImageChops.lighter(out, _shift(out, k, False))
        out = ImageChops.lighter(out, _shift(out, -k, False))
        k *= 2
    return out


def image_bytes(image: Image.Image) -> bytes:
    """The image as Tesseract reads it from stdin: uncompressed PGM (PPM for colour).
    Compressing a 200 dpi A4 page to PNG cost 0.27 s of CPU, for a pipe; Tesseract gives
    the same words from either."""
    buf = io.BytesIO()
    image = image if image.mode in ("L", "RGB") else image.convert("L")
    image.save(buf, format="PPM")
    return buf.getvalue()


class TesseractEngine:
    """Tesseract in sparse-text mode (--psm 11): invoices are columns and tables, and
    the default page segmentation dropped lone right-hand amounts (measured on noisy
    scans: 53/56 key values read vs 46/56)."""

    def __init__(self, languages: str = LANGUAGES, binary: str = "tesseract") -> None:
        self.languages = languages
        self.binary = binary

    def _tsv(
        self,
        image: Image.Image,
        psm: int = 11,
        languages: str | None = None,
        whitelist: str = "",
        timeout: float = OCR_TIMEOUT_SECONDS,
    ) -> list[dict]:
        extra = ["-c", f"tessedit_char_whitelist={whitelist}"] if whitelist else []
        try:
            proc = subprocess.run(
                [
                    self.binary,
                    "stdin",
                    "stdout",
                    "-l",
                    languages or self.languages,
                    "--psm",
                    str(psm),
                    *extra,
                    "tsv",
                ],
                input=image_bytes(image),
                capture_output=True,
                timeout=timeout * WALL_FACTOR,
                env=_env(),
                check=False,
                preexec_fn=_cpu_limit(timeout),
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrTimeout(f"tesseract failed: {exc}") from exc
        except OSError as exc:
            raise OcrError(f"tesseract failed: {exc}") from exc
        if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise OcrTimeout(f"tesseract stopped after {timeout:.0f} s of CPU time")
        if proc.returncode != 0:
            raise OcrError(proc.stderr.decode("utf-8", "replace")[-300:])
        rows = []
        lines = proc.stdout.decode("utf-8", "replace").splitlines()
        for line in lines[1:]:
            parts = line.split("\t")
            if len(parts) != 12 or parts[0] != "5" or not parts[11].strip():
                continue
            rows.append(
                {
                    "block": int(parts[2]),
                    "par": int(parts[3]),
                    "line": int(parts[4]),
                    "left": int(parts[6]),
                    "top": int(parts[7]),
                    "width": int(parts[8]),
                    "height": int(parts[9]),
                    "conf": float(parts[10]),
                    "text": parts[11].strip(),
                }
            )
        return rows

    def orientation(self, image: Image.Image) -> int:
        """Rotation (0/90/180/270) that Tesseract's OSD proposes, 0 when unsure."""
        try:
            proc = subprocess.run(
                [self.binary, "stdin", "stdout", "--psm", "0", "-l", "osd"],
                input=image_bytes(image),
                capture_output=True,
                timeout=30,
                env=_env(),
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return 0
        rotate, conf = 0, 0.0
        for line in proc.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("Rotate:"):
                rotate = int(line.split(":")[1])
            elif line.startswith("Orientation confidence:"):
                conf = float(line.split(":")[1])
        return rotate if conf >= 2.0 else 0

    def page_text(self, image: Image.Image, number: int, width: float, height: float) -> PageText:
        from .reread import mark_doubtful_amounts, reread_rows

        timings: dict[str, float] = {}
        started = lap = time.perf_counter()

        def step(name: str) -> None:  # seconds of each cleaning step, for bench/recognition
            nonlocal lap
            now = time.perf_counter()
            timings[f"clean.{name}"] = timings.get(f"clean.{name}", 0.0) + now - lap
            lap = now

        image = prepare_image(image)
        corners = find_page(image)
        if corners:
            # A photographed sheet: the surface around it out, its perspective undone.
            image = unwarp_page(image, corners)
        image = stretch_contrast(even_light(image))
        step("sheet")
        image = despeckle(image)
        step("despeckle")
        if corners:
            # A camera's grain and JPEG ringing: haze all over the sheet.
            image = paper_floor(image)
        # A photo's stated resolution is often a default 72 dpi; a page is at most
        # about 8.5 inches wide, which bounds its real resolution from below.
        dpi = max(72 * image.width / max(width, 1.0), image.width / 8.5)
        f = MIN_OCR_DPI / dpi
        if f > 1.05 and image.width * image.height * f * f <= MAX_OCR_PIXELS:
            # Letters of 9-10 pt are then only 12-15 pixels high, below what Tesseract
            # reads reliably. Speckles were removed first, at their own size.
            image = image.resize(
                (round(image.width * f), round(image.height * f)), Image.Resampling.LANCZOS
            )
            dpi = MIN_OCR_DPI
        step("sheet")
        angle = deskew_angle(image)
        if abs(angle) >= 0.1:
            # Straight lines for Tesseract and for the layout step alike. Bicubic: bilinear
            # took 0.07 s less but lost a VAT number of the benchmark's scans.
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        step("deskew")
        image = remove_rules(image, dpi=dpi)
        step("rules")
        image = _keep_grey_text(image, remove_dashed_rules(image, dpi=dpi), dpi)
        step("dashes")
        timings["clean"] = time.perf_counter() - started
        started = time.perf_counter()
        try:
            rows = self._tsv(image)
        except OcrTimeout:
            # Haze that Tesseract takes for letters, on a page with little print: read
            # again with the haze turned to paper. Only then: on pages that read, turning
            # near-white to paper cost key values (noisy 200 dpi scans, 3 seeds: 89.3 %
            # against 89.6 %).
            # Half the time: a page that still chokes is lost either way (a heavily
            # speckled near-blank page took both tries in full, 45 s).
            image = paper_floor(image)
            rows = self._tsv(image, timeout=OCR_TIMEOUT_SECONDS / 2)
        if _looks_wrong(rows):
            rotate = self.orientation(image)
            if rotate:
                image = image.rotate(-rotate, expand=True)
                rows = self._tsv(image)
                if rotate in (90, 270):
                    width, height = height, width
        timings["tesseract"] = time.perf_counter() - started
        # Values with a check that fails read again (reread.py); the images of doubtful
        # amounts kept, for the document's arithmetic to have them read again if need be.
        rows = reread_rows(self, image, rows, timings)
        mark_doubtful_amounts(image, rows)
        sx, sy = width / image.width, height / image.height
        words: list[Word] = []
        doubtful: dict[int, bytes] = {}
        for r in rows:
            x0, y0 = r["left"], r["top"]
            x1, y1 = x0 + r["width"], y0 + r["height"]
            text = _clean(r["text"])
            if not text:
                continue
            if r.get("crop"):
                doubtful[len(words)] = r["crop"]
            words.append(Word(text, x0 * sx, y0 * sy, x1 * sx, y1 * sy))
        return PageText(
            number=number,
            width=width,
            height=height,
            words=words,
            source="ocr",
            timings=timings,
            doubtful=doubtful,
        )


_JUNK_EDGES = "_—–‘’“”„|~…«»¦©®°•·*^`´'\"" + "\\"


def _clean(text: str) -> str:
    """Speckles read as '_', '—' or quotes glued to a word ('_DE123456789')."""
    text = text.strip(_JUNK_EDGES)
    # "&" alone is a word too: "Maes Catering & Co AG" lost it and its name fell apart.
    return text if any(c.isalnum() or c in "€$£%+&" for c in text) else ""


# Skew searched up to this many degrees either way. With 3 the search reached 3.5 (coarse
# steps to 3, then 0.5 finer), and the `harsh` noise model turns pages 2-4 degrees
# (bench/recognition/noise.py): those over 3.5 were left partly skewed. The wider search
# costs about 0.01 s a page (0.035 -> 0.045 s on the corpus scans).
DESKEW_LIMIT = 5.0


def deskew_angle(image: Image.Image, limit: float = DESKEW_LIMIT, step: float = 0.1) -> float:
    """Skew in degrees by projection profiles: the rotation whose row sums vary most
    (text lines then fall on rows). Measured on a thumbnail, so it costs ~0.03 s."""
    thumb = image.convert("L")
    scale = 800 / max(thumb.size)
    if scale < 1:
        thumb = thumb.resize(
            (int(thumb.width * scale), int(thumb.height * scale)), Image.Resampling.BILINEAR
        )
    ink = thumb.point(lambda v: 255 if v < 128 else 0)

    def score(angle: float) -> float:
        rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        rows = np.asarray(rotated).sum(axis=1, dtype=np.int64)
        return float((np.diff(rows) ** 2).sum())

    best, best_score = 0.0, score(0.0)
    coarse = [round(-limit + i * 0.5, 2) for i in range(int(2 * limit / 0.5) + 1)]
    for angle in coarse:
        s = score(angle)
        if s > best_score:
            best, best_score = angle, s
    center = best
    for i in range(-5, 6):
        angle = round(center + i * step, 2)
        s = score(angle)
        if s > best_score:
            best, best_score = angle, s
    return best


def _looks_wrong(rows: list[dict]) -> bool:
    if len(rows) < 8:
        return True
    confident = [r for r in rows if r["conf"] >= 60 and len(r["text"]) >= 3]
    return len(confident) < 0.3 * len(rows)


def _chunk_limits(pages: int) -> Limits:
    """Tesseract's own timeout per page, plus room for Ghostscript and the PDF assembly."""
    from core.sandbox import Limits

    default = Limits.default()
    return Limits(
        seconds=max(default.seconds, 30 + pages * (OCR_TIMEOUT_SECONDS + 10)),
        memory_bytes=default.memory_bytes,
    )


def _ocr_chunk(cin: Path, cout: Path, languages: str) -> None:
    """OCRmyPDF on one chunk, in a sandbox child (`core.sandbox`): Ghostscript, Tesseract and
    pikepdf read an untrusted file there under time and memory limits, without network, and
    a kill reaches the programs they started (the child's process group)."""
    import ocrmypdf

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    ocrmypdf.ocr(
        cin,
        cout,
        language=languages.split("+"),
        skip_text=True,
        deskew=False,
        rotate_pages=True,
        optimize=0,
        output_type="pdf",
        progress_bar=False,
        jobs=1,
        tesseract_timeout=OCR_TIMEOUT_SECONDS,
    )


def searchable_pdf(
    pdf: bytes,
    *,
    languages: str = LANGUAGES,
    chunk_pages: int = 20,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The same PDF with an OCR text layer on pages that had none (OCRmyPDF, --skip-text).

    Long scans are cut into chunks so memory stays bounded and progress can be reported.
    """
    import pikepdf

    from core.sandbox import run_limited

    with tempfile.TemporaryDirectory(prefix="fidu-ocr-") as tmp:
        tmpdir = Path(tmp)
        src = pikepdf.open(io.BytesIO(pdf))
        total = len(src.pages)
        out = pikepdf.new()
        done = 0
        parts = []
        for start in range(0, total, chunk_pages):
            chunk = pikepdf.new()
            for page in src.pages[start : start + chunk_pages]:
                chunk.pages.append(page)
            cin, cout = tmpdir / f"in-{start}.pdf", tmpdir / f"out-{start}.pdf"
            chunk.save(cin)
            chunk.close()
            pages = min(chunk_pages, total - start)
            run_limited(_ocr_chunk, cin, cout, languages, limits=_chunk_limits(pages))
            part = pikepdf.open(cout)
            parts.append(part)
            out.pages.extend(part.pages)
            done = min(total, start + chunk_pages)
            if progress:
                progress(done, total)
        buf = io.BytesIO()
        out.save(buf)
        for part in parts:
            part.close()
        src.close()
        return buf.getvalue()
