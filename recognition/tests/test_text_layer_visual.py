"""C2: a scan gets a searchable text layer, and that searchable PDF becomes what the client sees."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.test import override_settings

from core.storage import blob_bytes
from documents.pdfgen import make_pdf


def _scan_jpeg() -> bytes:
    pdf = pypdfium2.PdfDocument(make_pdf(["FACTURE 2026-0099 Total TVAC 121,00 EUR"]))
    image = pdf[0].render(scale=200 / 72).to_pil().convert("RGB")
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _text(pdf_bytes: bytes) -> str:
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    return " ".join(page.get_textpage().get_text_range() for page in pdf)


@pytest.mark.slow
@override_settings(FIDU_RECOGNITION_ON_INTAKE=True)
def test_a_scan_is_shown_with_its_text_layer(world, handed_in):
    [doc] = handed_in(file=_scan_jpeg(), name="photo.jpg", actor=world.clients["full_access"])
    doc.refresh_from_db()
    assert doc.original_id != doc.visual_id
    assert "2026-0099" in _text(blob_bytes(doc.visual_id)).replace(" ", "")
    assert doc.steps.get(name="text").status == "done"
