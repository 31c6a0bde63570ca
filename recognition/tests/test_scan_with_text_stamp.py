"""A scan whose PDF carries a little text of its own (a scanner's footer, a fax line): the
invoice is in the picture, so the page is read by OCR as well as by its text layer."""

from __future__ import annotations

import base64
import io
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from recognition.engine.pipeline import recognize_bytes

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

pytestmark = pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract not installed")


def _invoice_picture() -> bytes:
    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)
    rows = [
        "Imprimerie Lambert SRL",
        "Rue de la Station 8, 5000 Namur",
        "TVA BE0403.170.701",
        "",
        "Facture n° 2026-0815",
        "Date de facture : 14/03/2026",
        "",
        "Total HTVA            500,00 EUR",
        "TVA 21 %              105,00 EUR",
        "Total TVAC            605,00 EUR",
    ]
    for i, row in enumerate(rows):
        draw.text((150, 200 + 60 * i), row, font=font, fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(200, 200))
    return buf.getvalue()


def _pdf(footer: str) -> bytes:
    from weasyprint import HTML

    picture = base64.b64encode(_invoice_picture()).decode()
    html = f"""<html><head><style>@page {{ size: A4; margin: 0 }}
      img {{ width: 210mm; height: 297mm; display: block }}
      p {{ position: absolute; bottom: 5mm; left: 10mm; font-size: 7pt; margin: 0 }}</style></head>
      <body><img src="data:image/png;base64,{picture}"><p>{footer}</p></body></html>"""
    return HTML(string=html).write_pdf()


def test_it_reads_the_invoice_in_the_picture_under_a_scanners_footer():
    result = recognize_bytes(_pdf("Scanned with OfficeScan Pro 4.2 on 14/03/2026 09:12"))
    assert result.status == "ok"
    assert result.source == "ocr"
    assert result.value("invoice_number") == "2026-0815"
    assert str(result.value("total_incl_vat")) == "605.00"
    # The footer's exact words are kept beside what OCR read.
    assert any(w.text == "OfficeScan" for w in result.page_texts[0].words)


@pytest.mark.parametrize(
    "label", ["Facture n° 12", "Facture n 12", "Facture n* 12", "Factuur nr 12"]
)
def test_an_invoice_number_label_survives_ocr_losing_the_degree_sign(label):
    from recognition.engine.labels import INVOICE_NUMBER

    found = INVOICE_NUMBER.search(label)
    assert found and label[found.end() :].strip() == "12"
