"""From bytes to a RecognitionResult: e-invoice XML first, then text, then OCR."""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from einvoice.model import EInvoice
from einvoice.reader import read_einvoice
from einvoice.xmlsafe import XmlRejected, looks_like_xml

from .address import extract_addresses
from .extract import extract_fields
from .lines import extract_lines
from .memory import apply_hints
from .ocr import OcrEngine, OcrError, OcrTimeout, TesseractEngine
from .reread import add_amount_readings, choose_amounts, read_amounts, totals_consistent
from .text import iter_pdf_pages, usable
from .totals_solver import breakdown_from_lines
from .types import FieldValue, PageText, RecognitionResult, Word

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL import Image

logger = logging.getLogger(__name__)

# Pages read for fields: invoices put them on the first pages and the last one. The
# whole document still gets a text layer, page by page, in the background step.
FIELD_PAGES_HEAD = 3
MAX_IMAGE_PIXELS = 250_000_000  # a 100 MP photo passes; a decompression bomb does not
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*", b"GIF8", b"BM", b"RIFF")


def _compact(v: str | None) -> str | None:
    return "".join(c for c in v.upper() if c.isalnum()) if v else None


def fields_from_einvoice(inv: EInvoice) -> tuple[dict[str, FieldValue], list[dict], list[dict]]:
    fields: dict[str, FieldValue] = {}

    def put(name: str, value: object) -> None:
        if value is not None and value != "":
            fields[name] = FieldValue(value, 1.0, "xml")

    put("document_type", inv.document_type)
    put("invoice_number", inv.invoice_number)
    put("issue_date", inv.issue_date)
    put("due_date", inv.due_date)
    put("currency", inv.currency)
    put("seller_name", inv.seller.name)
    put("seller_vat", inv.seller.vat)
    put("seller_tax_registration", inv.seller.tax_registration)
    put("seller_address", inv.seller.address)
    put("buyer_name", inv.buyer.name)
    put("buyer_vat", inv.buyer.vat)
    put("buyer_address", inv.buyer.address)
    put("iban", inv.iban)
    put("bic", inv.bic)
    put("payment_reference", inv.payment_reference)
    put("order_reference", inv.order_reference)
    put("buyer_reference", inv.buyer_reference)
    put("total_excl_vat", inv.total_excl_vat)
    put("total_vat", inv.total_vat)
    put("total_incl_vat", inv.total_incl_vat)
    put("prepaid_amount", inv.prepaid_amount)
    put("payable_amount", inv.payable_amount)
    breakdown = [
        {"rate": v.rate, "base": v.base, "vat": v.vat, "category": v.category}
        for v in inv.vat_breakdown
    ]
    lines = [
        {
            "id": ln.line_id,
            "description": ln.description,
            "quantity": ln.quantity,
            "unit_price": ln.unit_price,
            "net_amount": ln.net_amount,
            "vat_rate": ln.vat_rate,
        }
        for ln in inv.lines
    ]
    return fields, breakdown, lines


def add_direction(fields: dict[str, FieldValue], own_vat: str | None) -> None:
    """Sales when the dossier's VAT number is the seller's, purchase when the buyer's."""
    own = _compact(own_vat)
    if not own:
        return
    seller = fields.get("seller_vat")
    buyer = fields.get("buyer_vat")
    if seller and _compact(str(seller.value)) == own:
        fields["direction"] = FieldValue("sales", seller.confidence, seller.source)
    elif buyer and _compact(str(buyer.value)) == own:
        fields["direction"] = FieldValue("purchase", buyer.confidence, buyer.source)


def _sniff(data: bytes) -> str:
    if looks_like_xml(data):
        return "xml"
    if b"%PDF" in data[:1024]:
        return "pdf"
    if data.startswith(IMAGE_MAGIC) or data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image"
    return "unknown"


def recognize_bytes(
    data: bytes,
    *,
    own_vat: str | None = None,
    hints_for: Callable[[dict[str, FieldValue]], dict] | None = None,
    ocr: OcrEngine | None = None,
    with_report: bool = True,
) -> RecognitionResult:
    """Recognise one document. Never raises for bad input: the status says what happened.

    `hints_for(fields)` returns learned hints (C9) for the counterparty those fields name.
    """
    start = time.perf_counter()
    kind = _sniff(data)
    try:
        result = _recognize(
            data, kind, own_vat=own_vat, hints_for=hints_for, ocr=ocr, with_report=with_report
        )
    except XmlRejected as exc:
        result = RecognitionResult(source="none", status="unreadable", reason=str(exc))
    except OcrError as exc:
        result = RecognitionResult(source="none", status="technical_error", reason=str(exc)[:300])
    except Exception as exc:
        logger.exception("recognition failed")
        result = RecognitionResult(
            source="none", status="technical_error", reason=f"technical error: {type(exc).__name__}"
        )
    result.seconds = time.perf_counter() - start
    return result


def _recognize(
    data: bytes,
    kind: str,
    *,
    own_vat: str | None,
    hints_for: Callable[[dict[str, FieldValue]], dict] | None,
    ocr: OcrEngine | None,
    with_report: bool,
) -> RecognitionResult:
    if kind in ("xml", "pdf"):
        read = read_einvoice(data, with_report=with_report)
        if read is not None:
            fields, breakdown, lines = fields_from_einvoice(read.invoice)
            add_direction(fields, own_vat)
            return RecognitionResult(
                source="xml",
                fields=fields,
                vat_breakdown=breakdown,
                lines=lines,
                validation=read.report.as_dict(),
                embedded_pdf=read.invoice.embedded_pdf,
            )
        if kind == "xml":
            return RecognitionResult(
                source="none", status="unreadable", reason="XML that is not an invoice"
            )
    timings: dict[str, float] = {}
    if kind == "pdf":
        pages, n_pages, reason = _pdf_pages(data, ocr, timings)
    elif kind == "image":
        pages, n_pages, reason = _image_pages(data, ocr, timings)
    else:
        return RecognitionResult(
            source="none", status="unreadable", reason="not a PDF, image or XML"
        )
    if reason:
        return RecognitionResult(source="none", status="unreadable", reason=reason, pages=n_pages)
    started = time.perf_counter()
    fields, breakdown = extract_fields(pages, own_vat=own_vat)
    if any(p.doubtful for p in pages) and not totals_consistent(fields):
        # Totals that do not add up: doubtful amounts are read by the second engine and
        # its readings tried (reread.py).
        at = time.perf_counter()
        timings["n:amount"] = add_amount_readings(pages, _read_amounts_sandboxed)
        pages, chosen = choose_amounts(
            pages, fields, lambda trial: extract_fields(trial, own_vat=own_vat)
        )
        if chosen is not None:
            fields, breakdown = chosen
            timings["n:amount:chosen"] = 1
        timings["amounts"] = time.perf_counter() - at
    if hints_for is not None:
        hints = hints_for(fields)
        if hints:
            fields = apply_hints(pages, fields, hints)
    lines = extract_lines(pages, fields) if fields else []
    if not breakdown and lines and fields.get("total_excl_vat") and fields.get("total_vat"):
        breakdown = breakdown_from_lines(
            lines, fields["total_excl_vat"].value, fields["total_vat"].value
        )
    if fields:  # an address alone does not make a document recognised
        fields.update(extract_addresses(pages, fields))
    add_direction(fields, own_vat)
    timings["extract"] = time.perf_counter() - started - timings.get("amounts", 0.0)
    for page in pages:
        for step, seconds in page.timings.items():
            key = step if step.startswith("n:") else f"ocr.{step}"
            timings[key] = timings.get(key, 0.0) + seconds
    ocr_pages = sum(1 for p in pages if p.source == "ocr")
    source = "ocr" if ocr_pages and ocr_pages == len(pages) else ("mixed" if ocr_pages else "text")
    status = "ok" if fields else "nothing_recognised"
    return RecognitionResult(
        source=source,
        fields=fields,
        vat_breakdown=breakdown,
        lines=lines,
        pages=n_pages,
        ocr_pages=ocr_pages,
        status=status,
        reason="" if fields else "no field found",
        page_texts=pages,
        timings=timings,
    )


def _field_page_indexes(n: int) -> list[int]:
    idx = list(range(min(n, FIELD_PAGES_HEAD)))
    if n - 1 not in idx and n > 0:
        idx.append(n - 1)
    return idx


def read_page(engine: OcrEngine, image, number: int, width: float, height: float) -> PageText:
    """OCR of one page in a child process under core.sandbox's time and memory limits:
    a page of noise or a huge image stops there instead of holding the worker."""
    if not isinstance(engine, TesseractEngine):  # test doubles keep their state in-process
        return engine.page_text(image, number, width, height)
    from core.sandbox import LimitExceeded, run_limited

    try:
        return run_limited(engine.page_text, image, number, width, height)
    except LimitExceeded as exc:
        raise OcrTimeout(f"OCR of page {number} stopped: {exc}") from exc


def _pdf_pages(
    data: bytes, ocr: OcrEngine | None, timings: dict[str, float] | None = None
) -> tuple[list[PageText], int, str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return [], 0, f"unreadable PDF ({exc})"
    try:
        n = len(pdf)
        if n == 0:
            return [], 0, "PDF without pages"
        slots: list[PageText | None] = []
        jobs: list[tuple[int, int, Any, float, float, list]] = []  # slot, index, image, ...
        engine = ocr or TesseractEngine()
        timings = timings if timings is not None else {}
        started = time.perf_counter()
        for index in _field_page_indexes(n):
            page = pdf[index]
            try:
                width, height = page.get_size()
                text_page = next(iter_pdf_pages_single(pdf, index))
                scan_dpi = _image_dpi(page, width)
                if usable(text_page.words) and not (scan_dpi and _thin(text_page.words)):
                    slots.append(text_page)
                    continue
                if not _has_images(page) and not text_page.words:
                    slots.append(PageText(index + 1, width, height, [], "text"))
                    continue
                # Render at the scan's own resolution (upscaling a 200 dpi scan to 300 dpi
                # makes Tesseract slower and, measured, worse), within 150-300 dpi. Each
                # page is rendered once, here; OCR then reads the pages in parallel.
                dpi = min(300.0, max(150.0, scan_dpi or 300.0))
                scale = min(dpi / 72, (MAX_RENDER_PIXELS / max(width * height, 1)) ** 0.5)
                image = page.render(scale=scale, grayscale=True).to_pil()
                jobs.append((len(slots), index, image, width, height, text_page.words))
                slots.append(None)
            finally:
                page.close()
        timings["render"] = time.perf_counter() - started
        started = time.perf_counter()
        failed_pages = 0
        for slot, index, read, width, height, words in _ocr_pages(engine, jobs):
            if read is None:
                failed_pages += 1
                slots[slot] = PageText(index + 1, width, height, [], "ocr")
            else:
                slots[slot] = _with_text_layer(read, words)
        timings["ocr"] = time.perf_counter() - started
        pages = [p for p in slots if p is not None]
        if not any(p.words for p in pages):
            if failed_pages:
                raise OcrError(f"OCR failed on {failed_pages} page(s)")
            return pages, n, "no text and no readable image"
        return pages, n, ""
    finally:
        pdf.close()


def _read_amounts_sandboxed(crops: list[bytes]) -> list[str | None]:
    """The second engine reads the amount images in a child under core.sandbox's limits."""
    from core.sandbox import LimitExceeded, run_limited

    try:
        return run_limited(read_amounts, crops)
    except (LimitExceeded, OSError) as exc:
        logger.warning("second reading of amounts stopped: %s", exc)
        return [None for _ in crops]


def _ocr_pages(engine: OcrEngine, jobs: list) -> list[tuple]:
    """OCR of the rendered pages, up to one page per core at a time (Tesseract itself runs
    one thread a page, OMP_THREAD_LIMIT=1). Each page runs in its own sandboxed child, so
    threads here only wait. One page Tesseract cannot read (timeout on noise) must not sink
    the document: it comes back as None and the other pages still give the fields."""

    def one(job: tuple) -> tuple:
        slot, index, image, width, height, words = job
        try:
            return (
                slot,
                index,
                read_page(engine, image, index + 1, width, height),
                width,
                height,
                words,
            )
        except OcrError as exc:
            logger.warning("OCR of page %s failed: %s", index + 1, exc)
            return slot, index, None, width, height, words
        finally:
            image.close()

    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or not isinstance(engine, TesseractEngine):
        return [one(j) for j in jobs]  # test doubles keep their state in-process
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, jobs))


MAX_RENDER_PIXELS = 9_000_000
# A page-wide image under fewer letters than a short paragraph is a scan with a stamp, a
# scanner's footer or an e-mail header as its only text ("Scanned by ...", a fax line):
# the invoice is in the picture, so it is read by OCR too.
THIN_TEXT_CHARS = 150


def _thin(words: list) -> bool:
    return sum(sum(c.isalnum() for c in w.text) for w in words) < THIN_TEXT_CHARS


def _with_text_layer(read: PageText, text_words: list) -> PageText:
    """OCR words plus the page's own words where OCR has none (the text layer is exact)."""
    chars = sum(len(w.text) for w in text_words)
    if not text_words or sum(sum(c.isalnum() for c in w.text) for w in text_words) < chars / 2:
        return read  # no layer, or a garbled one (fonts without a character map)

    def covered(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        return any(t.x0 <= cx <= t.x1 and t.y0 <= cy <= t.y1 for t in text_words)

    words = [w for w in read.words if not covered(w)] + list(text_words)
    words.sort(key=lambda w: (round(w.y0), w.x0))
    crops = {id(read.words[i]): c for i, c in read.doubtful.items()}
    return PageText(
        read.number,
        read.width,
        read.height,
        words,
        read.source,
        timings=read.timings,
        doubtful={i: crops[id(w)] for i, w in enumerate(words) if id(w) in crops},
    )


def iter_pdf_pages_single(pdf: pdfium.PdfDocument, index: int) -> Iterator[PageText]:
    from .text import page_words

    page = pdf[index]
    try:
        width, height = page.get_size()
        yield PageText(index + 1, width, height, page_words(page), "text")
    finally:
        page.close()


def _image_dpi(page: pdfium.PdfPage, page_width: float) -> float | None:
    """Resolution of the largest image on the page (a scan's own dpi), if any."""
    import pypdfium2.raw as pdfium_c

    best = None
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            px_w, _px_h = obj.get_px_size()
            x0, _y0, x1, _y1 = obj.get_bounds()
            if x1 - x0 > 0.5 * page_width:
                dpi = px_w / ((x1 - x0) / 72)
                best = max(best or 0, dpi)
    except Exception:
        return None
    return best


def _has_images(page: pdfium.PdfPage) -> bool:
    import pypdfium2.raw as pdfium_c

    try:
        for obj in page.get_objects(max_depth=2):
            if obj.type in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH):
                return True
    except Exception:
        return True
    return False


def _image_pages(
    data: bytes, ocr: OcrEngine | None, timings: dict[str, float] | None = None
) -> tuple[list[PageText], int, str]:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:  # pragma: no cover
            pass
        image = Image.open(io.BytesIO(data))
        if image.format == "JPEG":
            # Decode big JPEGs at reduced size: a 100 MP photo never sits whole in memory.
            image.draft("L", (4000, 4000))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        return [], 0, f"unreadable image ({type(exc).__name__})"
    engine = ocr or TesseractEngine()
    width, height = _page_size(image)
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    page = read_page(engine, image, 1, width, height)
    timings["ocr"] = time.perf_counter() - started
    if not page.words:
        return [page], 1, "no text found in the image"
    return [page], 1, ""


def _page_size(image: Image.Image) -> tuple[float, float]:
    # Page units for an image: points at its stated resolution, 200 dpi when unknown.
    dpi = image.info.get("dpi", (200, 200))[0] or 200
    return image.width * 72 / float(dpi), image.height * 72 / float(dpi)


def decimal_str(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


__all__ = ["add_direction", "fields_from_einvoice", "iter_pdf_pages", "recognize_bytes"]
