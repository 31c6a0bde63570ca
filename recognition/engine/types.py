"""Plain data passed between the recognition engine's steps (no Django here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page, top-left origin


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # PDF points, top-left origin


@dataclass
class PageText:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    source: str  # "text" (the PDF's own layer) or "ocr"
    # Seconds per step of this page's reading ("clean", "tesseract", "reread", ...).
    timings: dict[str, float] = field(default_factory=dict)
    # Words whose check only the whole document can make (an amount that must add up)
    # and that OCR was unsure of: index in `words` -> the word's image (PNG bytes), read
    # again only when the totals fail; and the other readings found then, best first.
    doubtful: dict[int, bytes] = field(default_factory=dict)
    alternatives: dict[int, list[str]] = field(default_factory=dict)

    def box(self, words: list[Word]) -> Box:
        return (
            round(min(w.x0 for w in words) / self.width, 4),
            round(min(w.y0 for w in words) / self.height, 4),
            round(max(w.x1 for w in words) / self.width, 4),
            round(max(w.y1 for w in words) / self.height, 4),
        )


@dataclass
class FieldValue:
    value: Any
    confidence: float
    source: str  # "xml" | "text" | "ocr" | "learned" | "person"
    page: int | None = None
    box: Box | None = None

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "page": self.page,
            "box": list(self.box) if self.box else None,
        }


@dataclass
class RecognitionResult:
    """Everything recognition learned about one document version."""

    source: str  # "xml" | "text" | "ocr" | "mixed" | "none"
    fields: dict[str, FieldValue] = field(default_factory=dict)
    vat_breakdown: list[dict] = field(default_factory=list)  # {rate, base, vat} Decimals
    lines: list[dict] = field(default_factory=list)
    validation: dict | None = None  # e-invoice validation report
    pages: int = 0
    ocr_pages: int = 0
    status: str = "ok"  # "ok" | "nothing_recognised" | "unreadable" | "technical_error"
    reason: str = ""
    searchable_pdf: bytes | None = None  # the input with an OCR text layer, when OCR ran
    embedded_pdf: bytes | None = None  # an e-invoice's own PDF visual
    seconds: float = 0.0
    # Seconds per step ("render", "ocr", "extract", ...; the OCR child's own steps summed
    # over the pages as "ocr.clean", "ocr.tesseract", ...), for the benchmark.
    timings: dict[str, float] = field(default_factory=dict)
    page_texts: list[PageText] = field(default_factory=list)

    def value(self, name: str) -> Any:
        fv = self.fields.get(name)
        return fv.value if fv else None
