"""The recognition engine on third-party PDFs and on bad input (no Django needed)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from recognition.engine.memory import apply_hints, learn_hint
from recognition.engine.pipeline import recognize_bytes
from recognition.engine.types import PageText, Word

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "4_pdf_invoices"
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="corpus not available")


def strip_xml(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        names = doc.Root.get("/Names")
        if names is not None and "/EmbeddedFiles" in names:
            del names["/EmbeddedFiles"]
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


@needs_corpus
def test_it_reads_a_dutch_text_pdf():
    r = recognize_bytes((CORPUS / "invoice2data/coolblue1.pdf").read_bytes())
    assert r.source == "text"
    assert r.value("invoice_number") == "993548900"
    assert r.value("issue_date") == dt.date(2014, 4, 19)
    assert r.value("seller_vat") == "NL810433941B01"
    assert r.value("iban") == "NL50INGB0683251309"
    assert (r.value("total_excl_vat"), r.value("total_vat"), r.value("total_incl_vat")) == (
        Decimal("593.36"),
        Decimal("124.61"),
        Decimal("717.97"),
    )
    assert r.vat_breakdown == [
        {"rate": Decimal("21"), "base": Decimal("593.36"), "vat": Decimal("124.61")}
    ]
    f = r.fields["total_incl_vat"]
    assert f.confidence > 0.8 and f.page == 1 and f.box and 0 <= f.box[0] < f.box[2] <= 1


@needs_corpus
def test_it_reads_a_french_pdf_once_its_xml_is_stripped():
    data = strip_xml((CORPUS / "mustangproject/Facture_F20180027.pdf").read_bytes())
    r = recognize_bytes(data)
    assert r.source == "text"
    assert r.value("invoice_number") == "F20180027"
    assert r.value("issue_date") == dt.date(2018, 12, 31)
    assert r.value("due_date") == dt.date(2019, 1, 30)
    assert r.value("seller_vat") == "FR32123456789"
    assert r.value("buyer_vat") == "FR05987654321"
    assert r.value("total_incl_vat") == Decimal("110.00")
    assert r.value("payable_amount") == Decimal("100.00")


@needs_corpus
def test_it_takes_every_field_from_the_xml_of_a_factur_x():
    r = recognize_bytes((CORPUS / "mustangproject/Facture_F20180027.pdf").read_bytes())
    assert r.source == "xml"
    assert all(f.source == "xml" and f.confidence == 1.0 for f in r.fields.values())
    assert r.validation["valid"] is True


@needs_corpus
def test_it_decides_the_direction_from_the_dossiers_vat_number():
    data = (CORPUS / "mustangproject/Facture_F20180027.pdf").read_bytes()
    assert recognize_bytes(data, own_vat="FR 05 987 654 321").value("direction") == "purchase"
    assert recognize_bytes(data, own_vat="FR32123456789").value("direction") == "sales"
    assert recognize_bytes(data).value("direction") is None


def _page(words: list[tuple[str, float, float]]) -> PageText:
    return PageText(
        1, 600, 800, [Word(t, x, y, x + 8 * len(t), y + 10) for t, x, y in words], "text"
    )


def test_it_remembers_where_a_corrected_field_is_printed():
    first = _page(
        [
            ("Acme", 40, 40),
            ("BV", 80, 40),
            ("Ref.", 40, 100),
            ("A-1001", 80, 100),
            ("Totaal", 300, 600),
            ("€", 360, 600),
            ("121,00", 380, 600),
        ]
    )
    hint = learn_hint([first], "invoice_number", "A-1001")
    assert hint and hint["label"] == "ref."
    second = _page([("Acme", 40, 40), ("BV", 80, 40), ("Ref.", 40, 100), ("B-2002", 80, 100)])
    fields = apply_hints([second], {}, {"invoice_number": hint})
    assert fields["invoice_number"].value == "B-2002"
    assert fields["invoice_number"].source == "learned"


def test_it_says_a_pdf_without_text_or_image_is_unreadable():
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buf = io.BytesIO()
    pdf.save(buf)
    r = recognize_bytes(buf.getvalue())
    assert r.status == "unreadable" and r.reason


@pytest.mark.parametrize(
    "data", [b"", b"hello", b"%PDF-1.4 broken", b"\x89PNG\r\n\x1a\nbroken", b"<a>"]
)
def test_it_never_raises_on_garbage(data):
    r = recognize_bytes(data)
    assert r.status in ("unreadable", "nothing_recognised")


def test_it_reads_a_100_megapixel_photo_without_holding_it_whole():
    from PIL import Image

    img = Image.new("L", (12000, 8400), 255)  # 100.8 MP
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=50)
    del img
    r = recognize_bytes(buf.getvalue())
    assert r.status == "unreadable"  # a blank photo: clear status, no crash
    assert "no text" in r.reason


def test_it_reports_an_unreadable_photo_clearly():
    import random

    from PIL import Image

    rnd = random.Random(1)
    img = Image.frombytes("L", (400, 300), bytes(rnd.randrange(256) for _ in range(400 * 300)))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    r = recognize_bytes(buf.getvalue())
    assert r.status in ("unreadable", "nothing_recognised")


@pytest.mark.slow
def test_it_reads_only_the_first_and_last_pages_of_a_500_page_scan():
    import time

    import img2pdf
    from PIL import Image

    page = Image.new("L", (850, 1100), 255)
    buf = io.BytesIO()
    page.save(buf, format="PNG", dpi=(100, 100))
    pdf = img2pdf.convert([buf.getvalue()] * 500)
    t0 = time.perf_counter()
    r = recognize_bytes(pdf)
    assert r.pages == 500
    assert r.status == "unreadable"  # blank pages, but a clear status
    assert time.perf_counter() - t0 < 30


@pytest.mark.slow
def test_it_reads_a_skewed_noisy_scan():
    import random

    import img2pdf
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    src = pdfium.PdfDocument((CORPUS / "invoice2data/coolblue1.pdf").read_bytes())
    img = src[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    img = img.rotate(1.0, fillcolor=255, resample=Image.BICUBIC)
    rnd = random.Random(3)
    speckle = Image.frombytes("L", img.size, rnd.randbytes(img.size[0] * img.size[1]))
    img = ImageChops.multiply(img, speckle.point(lambda v: 255 if v > 6 else 150))
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(200, 200))
    r = recognize_bytes(img2pdf.convert(buf.getvalue()))
    assert r.source == "ocr"
    assert r.value("seller_vat") == "NL810433941B01"
    assert r.value("total_incl_vat") == Decimal("717.97")
    assert r.value("total_excl_vat") == Decimal("593.36")


@pytest.mark.slow
def test_it_makes_a_searchable_text_layer_page_by_page():
    import img2pdf
    import pypdfium2 as pdfium

    from recognition.engine.ocr import searchable_pdf

    src = pdfium.PdfDocument((CORPUS / "invoice2data/coolblue1.pdf").read_bytes())
    img = src[0].render(scale=150 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(150, 150))
    scan = img2pdf.convert([buf.getvalue()] * 3)
    seen = []
    out = searchable_pdf(scan, chunk_pages=2, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2, 3), (3, 3)]
    doc = pdfium.PdfDocument(out)
    assert len(doc) == 3
    assert "Coolblue" in doc[2].get_textpage().get_text_range()


def test_ocrmypdf_runs_under_the_sandbox_limits_and_a_limit_stops_it(monkeypatch):
    """The text layer reads an untrusted scan with Ghostscript and Tesseract: in a sandbox
    child, so a scan that takes too long is stopped with its programs (issue 10)."""
    import img2pdf
    from PIL import Image

    from core.sandbox import LimitExceeded, Limits
    from recognition.engine import ocr

    buf = io.BytesIO()
    Image.effect_noise((1654, 2339), 120).convert("L").save(buf, format="PNG", dpi=(200, 200))
    scan = img2pdf.convert([buf.getvalue()] * 2)
    monkeypatch.setattr(ocr, "_chunk_limits", lambda pages: Limits(0.5, 1024 * 1024 * 1024))
    with pytest.raises(LimitExceeded) as stopped:
        ocr.searchable_pdf(scan)
    assert stopped.value.which == "time"
