"""A second OCR engine for second readings of single fields: RapidOCR's text-line
recogniser (PaddleOCR PP-OCRv4, run by ONNX Runtime), from the `rapidocr-onnxruntime`
package.

Its model file ships inside that package's wheel (`rapidocr_onnxruntime/models/`); nothing
is ever downloaded: when the file is not there the engine says it is unavailable and the
second readings use Tesseract alone. Only the recogniser is loaded (no text detection:
the region to read is already known from Tesseract's boxes), with one thread.

It is loaded only when a second reading needs it, inside the sandboxed child that reads
(core.sandbox limits apply to it as to Tesseract): about 0.3 s of CPU for the imports and
the model (numpy is imported in the worker already, by ocr.py), paid only by documents
with a failing value. Not preloaded in the worker: the
task worker may fork a process per job (RQ does), so a preload would be paid by each.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_recognizer: Any = None
_unavailable = False
# Line height the model reads at (its input is 48 pixels high, the line padded to fit).
LINE_HEIGHT = 48


def _model_config() -> dict | None:
    import rapidocr_onnxruntime
    from rapidocr_onnxruntime.utils import read_yaml

    root = Path(rapidocr_onnxruntime.__file__).resolve().parent
    config = read_yaml(str(root / "config.yaml"))["Rec"]
    model = root / config["model_path"]
    if not model.is_file():
        return None  # never fetched from elsewhere
    config["model_path"] = str(model)
    config["intra_op_num_threads"] = 1
    config["inter_op_num_threads"] = 1
    return config


def _load() -> Any:
    global _recognizer, _unavailable
    if _recognizer is not None or _unavailable:
        return _recognizer
    with _lock:
        if _recognizer is None and not _unavailable:
            try:
                config = _model_config()
                if config is None:
                    logger.warning("RapidOCR's model is not in its package: second engine off")
                    _unavailable = True
                    return None
                from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

                _recognizer = TextRecognizer(config)
            except Exception as exc:  # not installed, or a missing system library
                logger.warning("second OCR engine unavailable: %s", exc)
                _unavailable = True
    return _recognizer


def available() -> bool:
    return _load() is not None


def read_lines(images: Sequence[Image.Image]) -> list[tuple[str, float]]:
    """The text of each one-line image, with the model's score (0-1). Empty readings when
    the engine is unavailable."""
    recognizer = _load()
    if recognizer is None or not images:
        return [("", 0.0) for _ in images]
    import numpy as np

    arrays = []
    for image in images:
        gray = image.convert("L")
        if gray.height > 2 * LINE_HEIGHT:
            f = 2 * LINE_HEIGHT / gray.height
            gray = gray.resize(
                (max(1, round(gray.width * f)), 2 * LINE_HEIGHT), Image.Resampling.LANCZOS
            )
        arrays.append(np.asarray(gray.convert("RGB")))
    results, _elapsed = recognizer(arrays)
    return [(str(text), float(score)) for text, score in results]
