"""Second readings of a scan's checked values: the reading that passes its check is kept,
the second engine (RapidOCR, its model inside its package) reads under the sandbox's
limits, and the document's arithmetic chooses among amount readings. Images drawn here."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from recognition.engine import ocr_rapid, reread
from recognition.engine.ocr import TesseractEngine
from recognition.engine.types import FieldValue, PageText, Word

from .test_ocr_noise_grey_text import _row

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


def _line(text: str, size: int = 30) -> Image.Image:
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (40 + int(size * 0.7 * len(text)), size * 2), 255)
    ImageDraw.Draw(image).text((20, size // 2), text, font=font, fill=0)
    return image


# -- the chooser ------------------------------------------------------------------------


def test_the_first_reading_that_passes_the_check_is_chosen_and_later_readers_never_run():
    called = []

    def reader(name: str, text: str):
        def read() -> str:
            called.append(name)
            return text

        return name, read

    chosen = reread.choose(
        [
            reader("a", "BE0790476487"),  # a 5 read as 8: fails mod 97
            reader("b", "BE0790476457"),
            reader("c", "BE0790476457"),
        ],
        reread.check_vat("BE"),
    )
    assert chosen == ("BE0790476457", "b")
    assert called == ["a", "b"]


def test_no_reading_passing_the_check_chooses_nothing_and_a_failing_reader_is_passed_over():
    def broken() -> str:
        raise RuntimeError("engine crashed")

    readers = [("x", broken), ("y", lambda: "DE77 3707 0060 0321 9871 00"), ("z", lambda: "")]
    assert reread.choose(readers, reread.check_iban) is None
    readers = [("x", broken), ("y", lambda: "DE77 3707 0060 0321 9870 00")]
    assert reread.choose(readers, reread.check_iban) == ("DE77 3707 0060 0321 9870 00", "y")


def test_the_checks_accept_only_values_that_pass():
    assert reread.check_vat("BE")("TVA BE 0790.476.457") == "BE0790476457"
    assert reread.check_vat("DE")("BE0790476457") is None  # not the first reading's country
    assert reread.check_ogm("+++090/9337/55493+++") == "+++090/9337/55493+++"
    assert reread.check_ogm("+++090/9337/55494+++") is None
    assert reread.check_date("31.03.2026") == "31.03.2026"
    assert reread.check_date("32.03.2026") is None
    assert reread.check_date("31.O3.2026") is None


# -- re-reading the page image ----------------------------------------------------------


def _rows(texts: list[str], size: int = 30) -> list[dict]:
    """Tesseract-like rows for the words of `_line(" ".join(texts), size)`, where they are
    drawn (the first reading's text may differ from the drawing)."""
    font = ImageFont.truetype(FONT, size)
    rows = []
    for i, t in enumerate(texts):
        before = " ".join(texts[:i]) + (" " if i else "")
        left = 20 + round(font.getlength(before))
        rows.append(
            {
                "text": t,
                "left": left,
                "top": size // 2,
                "width": round(font.getlength(t)),
                "height": size,
                "conf": 80.0,
                "block": 1,
                "par": 1,
                "line": 1,
            }
        )
    return rows


@needs_tesseract
def test_a_vat_number_misread_at_one_glyph_is_read_again_from_the_image_and_the_check_chooses():
    image = _line("TVA BE0790476457")
    rows = _rows(["TVA", "BE0790476487"])  # Tesseract's first reading: 5 taken for 8
    timings: dict[str, float] = {}
    out = reread.reread_rows(TesseractEngine(), image, rows, timings)
    assert "BE0790476457" in [r["text"] for r in out]
    assert "BE0790476487" not in [r["text"] for r in out]
    assert timings["n:vat"] == 1


def test_when_tesseract_cannot_read_the_region_the_second_engine_gives_the_checked_reading():
    if not ocr_rapid.available():
        pytest.skip("rapidocr-onnxruntime not installed")

    class Blind(TesseractEngine):
        def _tsv(self, image, psm=11, languages=None, whitelist="", timeout=20):
            return [{"text": "BE07904764", "left": 0, "top": 0, "width": 1, "height": 1}]

    image = _line("IBAN BE71 0961 2345 6769")
    rows = _rows(["IBAN", "BE71", "0961", "2345", "6788"])
    timings: dict[str, float] = {}
    out = reread.reread_rows(Blind(), image, rows, timings)
    assert "BE71 0961 2345 6769" in [r["text"] for r in out]
    assert timings["n:iban:rapidocr"] == 1


@needs_tesseract
def test_values_that_pass_their_check_are_not_read_again():
    class Counting(TesseractEngine):
        calls = 0

        def _tsv(self, *args, **kwargs):
            Counting.calls += 1
            return []

    rows = _rows(["TVA", "BE0790476457", "12.03.2026", "+++090/9337/55493+++"])
    out = reread.reread_rows(Counting(), Image.new("L", (900, 80), 255), rows)
    assert out == rows and Counting.calls == 0


def test_a_placeholder_vat_number_is_not_read_again_but_a_failing_real_one_is():
    class Counting(TesseractEngine):
        calls = 0

        def _tsv(self, *args, **kwargs):
            Counting.calls += 1
            return []

    image = Image.new("L", (900, 80), 255)
    placeholder = _rows(["TVA", "DE999999999"])
    assert reread.reread_rows(Counting(), image, placeholder) == placeholder
    assert Counting.calls == 0
    reread.reread_rows(Counting(), image, _rows(["TVA", "BE0790476458"]))
    assert Counting.calls > 0


def test_a_reading_switched_off_for_measuring_is_not_used(monkeypatch):
    monkeypatch.setenv("FIDU_OCR_REREAD_OFF", "vat")
    rows = _rows(["TVA", "BE0790476487"])
    assert reread.reread_rows(TesseractEngine(), _line("TVA BE0790476457"), rows) == rows


# -- the second engine ------------------------------------------------------------------


def test_the_second_engine_model_ships_inside_its_package():
    pytest.importorskip("rapidocr_onnxruntime")
    import rapidocr_onnxruntime

    config = ocr_rapid._model_config()
    assert config is not None
    model = Path(config["model_path"])
    assert model.is_file() and model.stat().st_size > 1_000_000
    assert Path(rapidocr_onnxruntime.__file__).resolve().parent in model.resolve().parents


def _read_in_child(image: Image.Image) -> tuple[str, tuple[int, int], bool]:
    import resource

    from core.sandbox import network_isolated  # noqa: F401  (the child has dropped it)

    text = ocr_rapid.read_lines([image])[0][0]
    return text, resource.getrlimit(resource.RLIMIT_CPU), Path("/proc/net/dev").exists()


def _read_forever(image: Image.Image) -> None:
    while True:
        ocr_rapid.read_lines([image])


def test_the_second_engine_reads_inside_the_sandbox_child_under_its_limits(settings):
    if not ocr_rapid.available():
        pytest.skip("rapidocr-onnxruntime not installed")
    from core.sandbox import LimitExceeded, Limits, run_limited

    image = _line("BE0790476457")
    text, (cpu_soft, _hard), _net = run_limited(_read_in_child, image)
    assert text.replace(".", "") == "BE0790476457"
    assert cpu_soft == int(settings.FIDU_SANDBOX_SECONDS)
    with pytest.raises(LimitExceeded) as stopped:
        run_limited(_read_forever, image, limits=Limits(seconds=2, memory_bytes=512 * 2**20))
    assert stopped.value.which == "time"


# -- amounts: the arithmetic chooses ----------------------------------------------------


def _fields(excl: str, vat: str, incl: str) -> dict[str, FieldValue]:
    return {
        "total_excl_vat": FieldValue(Decimal(excl), 0.9, "ocr"),
        "total_vat": FieldValue(Decimal(vat), 0.9, "ocr"),
        "total_incl_vat": FieldValue(Decimal(incl), 0.9, "ocr"),
    }


def test_an_amount_reading_is_kept_only_when_the_totals_then_add_up():
    words = [
        Word("100,00", 0, 0, 10, 10),
        Word("27,00", 0, 20, 10, 30),
        Word("121,00", 0, 40, 9, 50),
    ]
    page = PageText(1, 595, 842, words, "ocr", alternatives={1: ["21,00"], 2: ["127,00"]})

    def extract(pages: list[PageText]):
        excl, vat, incl = (w.text.replace(",", ".") for w in pages[0].words)
        return _fields(excl, vat, incl), []

    first = extract([page])[0]
    assert not reread.totals_consistent(first)
    pages, chosen = reread.choose_amounts([page], first, extract)
    assert chosen is not None and reread.totals_consistent(chosen[0])
    assert [w.text for w in pages[0].words] == ["100,00", "21,00", "121,00"]


def test_totals_that_add_up_are_not_touched_and_useless_readings_change_nothing():
    words = [
        Word("100,00", 0, 0, 10, 10),
        Word("21,00", 0, 20, 10, 30),
        Word("121,00", 0, 40, 9, 50),
    ]
    page = PageText(1, 595, 842, words, "ocr", alternatives={1: ["27,00"]})
    calls = []

    def extract(pages):
        calls.append(1)
        return _fields(*(w.text.replace(",", ".") for w in pages[0].words)), []

    assert reread.choose_amounts([page], extract([page])[0], extract) == ([page], None)
    assert len(calls) == 1
    bad = PageText(1, 595, 842, [words[0], Word("29,00", 0, 20, 10, 30), words[2]], "ocr")
    bad.alternatives = {1: ["28,00"]}
    assert reread.choose_amounts([bad], extract([bad])[0], extract) == ([bad], None)


def test_doubtful_amounts_are_read_again_and_only_different_values_become_alternatives():
    words = [
        Word("100,00", 0, 0, 10, 10),
        Word("27,00", 0, 20, 10, 30),
        Word("121,00", 0, 40, 9, 50),
    ]
    page = PageText(1, 595, 842, words, "ocr", doubtful={1: b"crop-1", 2: b"crop-2"})
    seen = []

    def fake_read(crops: list[bytes]) -> list[str | None]:
        seen.extend(crops)
        return ["21,00", "121.00"]  # the second reads the same value: no alternative

    assert reread.add_amount_readings([page], fake_read) == 2
    assert seen == [b"crop-1", b"crop-2"]
    assert page.alternatives == {1: ["21,00"]}


def test_the_image_of_an_amount_tesseract_doubts_is_kept_and_read_by_the_second_engine():
    if not ocr_rapid.available():
        pytest.skip("rapidocr-onnxruntime not installed")
    image = _line("Total 1.234,56")
    rows = _rows(["Total", "1.234,58"])
    rows[1]["conf"] = 60.0
    reread.mark_doubtful_amounts(image, rows)
    assert "crop" not in rows[0] and rows[1]["crop"].startswith(b"\x89PNG")
    assert reread.read_amounts([rows[1]["crop"]]) == ["1.234,56"]


# -- IBANs the first reading damaged ----------------------------------------------------


def test_an_iban_whose_country_code_was_half_lost_or_misread_is_put_back_when_one_fits():
    assert reread.check_iban("R61 7735 0249 9978 6411 5625 444") == (
        "FR61 7735 0249 9978 6411 5625 444"
    )
    assert reread.check_iban("HE74 2886 6673 8279 1863 08") == "DE74 2886 6673 8279 1863 08"
    # One digit wrong as well: no country makes it pass, nothing is guessed.
    assert reread.check_iban("HE74 2886 6673 8279 1863 09") is None


def test_the_iban_read_again_is_only_its_own_words_on_its_own_line():
    # "IBAN: DE88 5413 gies 1204 5922 58   Geschäftsführer: …  USt-IdNr.: DE566935674":
    # a misread group boxed taller than its line, and the next column's words after it.
    rows = [
        _row("IBAN:", 20, 100, 48, 14),
        _row("DE88", 74, 100, 46, 14),
        _row("5413", 126, 100, 40, 14),
        _row("gies", 172, 100, 42, 34),
        _row("1204", 220, 81, 40, 33),
        _row("5922", 266, 100, 40, 14),
        _row("58", 312, 100, 20, 14),
        _row("Geschäftsführer:", 420, 99, 140, 16),
        _row("USt-IdNr.:", 700, 100, 90, 14),
        _row("DE566935674", 796, 100, 110, 14),
        _row("BIC:", 20, 120, 40, 14),  # the next line
    ]
    spans = reread._iban_spans(rows)
    assert [[w["text"] for w in span] for span in spans] == [
        ["DE88", "5413", "gies", "1204", "5922", "58"]
    ]
    # The crop is the line's band, not the tall boxes' reach.
    assert reread._box(spans[0]) == (68, 95, 338, 119)


@needs_tesseract
def test_a_date_whose_year_the_first_reading_left_out_is_read_again_with_the_room_beside_it():
    image = _line("Date 29/04/2025")
    rows = _rows(["Date", "29/04/"])
    out = reread.reread_rows(TesseractEngine(), image, rows)
    assert sorted(r["text"] for r in out) == ["29/04/2025", "Date"]
