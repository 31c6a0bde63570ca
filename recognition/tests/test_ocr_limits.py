"""The OCR of a page runs under core.sandbox limits: a runaway page is stopped, not waited for."""

from __future__ import annotations

import os
import time

import pytest
from PIL import Image

from recognition.engine.ocr import OcrTimeout, TesseractEngine
from recognition.engine.pipeline import read_page
from recognition.engine.types import PageText


class StuckEngine(TesseractEngine):
    def page_text(self, image, number, width, height):
        time.sleep(60)  # a page of noise that keeps Tesseract busy
        return PageText(number, width, height, [], "ocr")


class WhereEngine(TesseractEngine):
    def page_text(self, image, number, width, height):
        return PageText(number, width, height, [], f"pid {os.getpid()}")


def test_a_stuck_page_is_stopped_at_the_time_limit(settings):
    settings.FIDU_SANDBOX_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(OcrTimeout):
        read_page(StuckEngine(), Image.new("L", (10, 10)), 1, 595.0, 842.0)
    assert time.monotonic() - started < 10


def test_the_page_is_read_in_another_process():
    page = read_page(WhereEngine(), Image.new("L", (10, 10)), 3, 595.0, 842.0)
    assert page.number == 3 and page.source != f"pid {os.getpid()}"
