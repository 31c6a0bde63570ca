"""Writes of the recognition app: run recognition on a document, record corrections.

`recognize_document(document_id=...)` is the one entry point the intake pipeline calls
after the visual exists. It is idempotent: running it again replaces the extraction of
that document version. It never leaves the document stuck: the "extraction" step ends
"done", "skipped" or "failed" with a reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.audit import audit_log
from core.storage import blob_bytes
from documents.models import Document, DocumentStep, StepStatus
from documents.services import document_flag_duplicate, document_visual_replace

from .engine.memory import learn_hint
from .engine.output import _s as to_text
from .engine.pipeline import recognize_bytes
from .engine.types import FieldValue, PageText, RecognitionResult, Word
from .models import (
    CounterpartyMemory,
    DossierRecognitionSettings,
    Extraction,
    ExtractionStatus,
    ProcessingMode,
    UsageCounter,
)
from .quotas import exhausted_fallback, quota_after_usage

logger = logging.getLogger(__name__)

STEP = "extraction"
# Stored untranslated (the step's reason is data); pages translate it when shown.
TECHNICAL_ERROR = gettext_noop("technical error")
AMOUNT_FIELDS = ("total_excl_vat", "total_vat", "total_incl_vat", "payable_amount")
DATE_FIELDS = ("issue_date", "due_date")


# -- small helpers ------------------------------------------------------------------------


def compact(value: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


def counterparty_key(fields: dict[str, Any], direction: str | None) -> str:
    """VAT number, else IBAN, else name of the other party (C4's lookup order)."""
    side = "buyer" if direction == "sales" else "seller"
    vat = compact(_v(fields.get(f"{side}_vat")))
    if vat:
        return f"vat:{vat}"
    iban = compact(_v(fields.get("iban"))) if side == "seller" else ""
    if iban:
        return f"iban:{iban}"
    name = re.sub(r"[^0-9a-z]+", " ", str(_v(fields.get(f"{side}_name")) or "").lower()).strip()
    return f"name:{name[:50]}" if name else ""


def _v(field: Any) -> Any:
    if isinstance(field, FieldValue):
        return field.value
    if isinstance(field, dict):
        return field.get("value")
    return field


def processing_mode(document: Document) -> str:
    settings = DossierRecognitionSettings.objects.filter(dossier_id=document.dossier_id).first()
    if settings is None:
        return ProcessingMode.AUTOMATIC
    return settings.mode_for(document.journal_code or None)


def mode_decision(document: Document) -> tuple[str, str]:
    """The mode a document is processed in, and why when it is not the dossier's choice.

    C10: when the office chose the transport fallback and the cartridge of the chosen mode
    is used up, the document goes to the office unrecognised (and counts as transport).
    """
    mode = processing_mode(document)
    if exhausted_fallback(office_id=document.dossier.office_id, mode=mode):
        return ProcessingMode.TRANSPORT, str(
            _("the %(mode)s cartridge is used up: sent unrecognised (transport mode)")
            % {"mode": ProcessingMode(mode).label}
        )
    return mode, ""


def _step_update(document_id: int, **changes: Any) -> DocumentStep:
    step, _created = DocumentStep.objects.get_or_create(document_id=document_id, name=STEP)
    for key, value in changes.items():
        setattr(step, key, value)
    step.save()
    return step


def usage_count(*, dossier_id: int, mode: str, pages: int, day: dt.date | None = None) -> None:
    """Add one document and its pages to the dossier's counter of the day (C10), then let
    the office's cartridge of that mode alert at its thresholds."""
    day = day or timezone.localdate()
    updated = UsageCounter.objects.filter(dossier_id=dossier_id, day=day, mode=mode).update(
        documents=F("documents") + 1, pages=F("pages") + pages
    )
    if not updated:
        try:
            with transaction.atomic():
                UsageCounter.objects.create(
                    dossier_id=dossier_id, day=day, mode=mode, documents=1, pages=pages
                )
        except IntegrityError:  # created meanwhile by another worker
            UsageCounter.objects.filter(dossier_id=dossier_id, day=day, mode=mode).update(
                documents=F("documents") + 1, pages=F("pages") + pages
            )
    quota_after_usage(dossier_id=dossier_id, mode=mode, day=day)


def _json_value(value: Any) -> Any:
    if isinstance(value, (Decimal, dt.date)):
        return to_text(value)
    return value


def _words_json(pages: list[PageText]) -> list[list[list]]:
    out = []
    for page in pages:
        out.append(
            [
                [w.text, round(w.x0 / page.width, 4), round(w.y0 / page.height, 4),
                 round(w.x1 / page.width, 4), round(w.y1 / page.height, 4)]
                for w in page.words
            ]
        )  # fmt: skip
    return out


def pages_from_words(words: list[list[list]]) -> list[PageText]:
    """Rebuild page texts (unit page 1000 x 1000) from the stored word boxes."""
    return [
        PageText(
            number=i + 1,
            width=1000.0,
            height=1000.0,
            words=[
                Word(t, x0 * 1000, y0 * 1000, x1 * 1000, y1 * 1000) for t, x0, y0, x1, y1 in page
            ],
            source="text",
        )
        for i, page in enumerate(words)
    ]


def _hints_loader(dossier_id: int):
    def hints_for(fields: dict[str, FieldValue]) -> dict:
        keys = {counterparty_key(fields, d) for d in ("purchase", "sales")} - {""}
        memory = CounterpartyMemory.objects.filter(dossier_id=dossier_id, key__in=keys).first()
        return dict(memory.hints) if memory else {}

    return hints_for


# -- recognition ----------------------------------------------------------------------------


def recognize_document(*, document_id: int) -> Extraction | None:
    """Recognise a document's current original; returns None in transport mode."""
    document = Document.objects.select_related("dossier", "original").get(pk=document_id)
    mode, why = mode_decision(document)
    if mode == ProcessingMode.TRANSPORT:
        # C1: transport documents go to the office as they are; they still count (C10).
        with transaction.atomic():
            _step_update(
                document_id, status=StepStatus.SKIPPED, reason=why or str(_("transport mode")),
                finished_at=timezone.now(),
            )  # fmt: skip
            usage_count(dossier_id=document.dossier_id, mode=mode, pages=document.page_count or 1)
        return None

    _step_update(
        document_id,
        status=StepStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    try:
        data = blob_bytes(document.original.sha256)
        result = recognize_bytes(
            data,
            own_vat=document.dossier.vat_number or None,
            hints_for=_hints_loader(document.dossier_id),
        )
    except Exception as exc:  # noqa: BLE001 - a failed step is recorded, never raised to the worker
        logger.exception("recognition of document %s failed", document_id)
        _step_update(
            document_id, status=StepStatus.FAILED, reason=f"{TECHNICAL_ERROR}: {type(exc).__name__}",
            finished_at=timezone.now(),
        )  # fmt: skip
        return None
    return _save(document, result, mode)


def _save(document: Document, result: RecognitionResult, mode: str) -> Extraction:
    fields = result.fields
    direction = _v(fields.get("direction")) or (
        "sales"
        if document.mailbox == "sales"
        else "purchase"
        if document.mailbox == "purchases"
        else ""
    )
    side = "buyer" if direction == "sales" else "seller"
    values = {
        "status": result.status,
        "reason": result.reason,
        "source": result.source,
        "mode": mode,
        "document_type": _v(fields.get("document_type")) or "",
        "direction": direction or "",
        "invoice_number": str(_v(fields.get("invoice_number")) or "")[:100],
        "issue_date": _v(fields.get("issue_date")),
        "due_date": _v(fields.get("due_date")),
        "currency": str(_v(fields.get("currency")) or "")[:3],
        "counterparty_name": str(_v(fields.get(f"{side}_name")) or "")[:200],
        "counterparty_vat": str(_v(fields.get(f"{side}_vat")) or "")[:30],
        "counterparty_iban": compact(_v(fields.get("iban")) if side == "seller" else "")[:34],
        "counterparty_key": counterparty_key(fields, direction),
        "payment_reference": str(_v(fields.get("payment_reference")) or "")[:140],
        "fields": {k: {**f.as_dict(), "value": _json_value(f.value)} for k, f in fields.items()},
        "vat_breakdown": [
            {k: _json_value(v) for k, v in row.items()} for row in result.vat_breakdown
        ],
        "lines": [{k: _json_value(v) for k, v in row.items()} for row in result.lines],
        "validation": result.validation,
        "words": _words_json(result.page_texts),
        "pages": result.pages,
        "ocr_pages": result.ocr_pages,
        "seconds": result.seconds,
    }
    for name in AMOUNT_FIELDS:
        value = _v(fields.get(name))
        values[name] = (
            value if isinstance(value, Decimal) and abs(value) < Decimal("1e12") else None
        )
    for name in DATE_FIELDS:
        if not isinstance(values[name], dt.date):
            values[name] = None
    with transaction.atomic():
        extraction, _created = Extraction.objects.update_or_create(
            document=document, version=document.original.sha256, defaults=values
        )
        extraction.possible_duplicate_of = find_duplicate(extraction)
        extraction.save(update_fields=["possible_duplicate_of"])
        if extraction.possible_duplicate_of is not None:
            # B10: the same invoice (counterparty + number + amount) shows on the document too.
            document_flag_duplicate(
                document=document, duplicate_of=extraction.possible_duplicate_of
            )
        failed = result.status == ExtractionStatus.TECHNICAL_ERROR
        _step_update(
            document.pk,
            status=StepStatus.FAILED if failed else StepStatus.DONE,
            reason=result.reason if result.status != ExtractionStatus.OK else "",
            progress=100,
            finished_at=timezone.now(),
        )
        usage_count(dossier_id=document.dossier_id, mode=mode, pages=max(1, result.pages))
        audit_log(
            actor=None,
            action="recognition.extracted",
            obj=document,
            data={"status": result.status, "source": result.source, "extraction": extraction.pk},
        )
    if result.ocr_pages:
        from .tasks import text_layer_task

        transaction.on_commit(lambda: text_layer_task.enqueue(extraction.pk))
    return extraction


def find_duplicate(extraction: Extraction) -> Document | None:
    """B10 at invoice level: same counterparty, number and total in the same dossier."""
    if not (extraction.counterparty_key and extraction.invoice_number):
        return None
    others = (
        Extraction.objects.filter(
            document__dossier_id=extraction.document.dossier_id,
            counterparty_key=extraction.counterparty_key,
            invoice_number__iexact=extraction.invoice_number,
            total_incl_vat=extraction.total_incl_vat,
        )
        .exclude(document_id=extraction.document_id)
        .exclude(document__state="deleted")
        .order_by("created_at")
    )
    first = others.select_related("document").first()
    return first.document if first else None


def text_layer_store(*, extraction_id: int) -> None:
    """Give a scanned document a searchable text layer (OCRmyPDF), page by page."""
    from core.storage import blob_put

    from .engine.ocr import searchable_pdf

    extraction = Extraction.objects.select_related("document__original").get(pk=extraction_id)
    # The visual is already upright and a PDF (images converted with their EXIF orientation).
    document = extraction.document
    data = blob_bytes(document.visual_id or document.original.sha256)
    if b"%PDF" not in data[:1024]:
        import img2pdf

        data = img2pdf.convert(data)

    def progress(done: int, total: int) -> None:
        DocumentStep.objects.filter(document_id=extraction.document_id, name="text").update(
            progress=int(100 * done / max(total, 1))
        )

    _text_step(extraction.document_id, status=StepStatus.RUNNING, started_at=timezone.now())
    try:
        pdf = searchable_pdf(data, progress=progress)
    except Exception as exc:  # noqa: BLE001
        logger.exception("text layer of extraction %s failed", extraction_id)
        _text_step(
            extraction.document_id, status=StepStatus.FAILED,
            reason=f"{TECHNICAL_ERROR}: {type(exc).__name__}", finished_at=timezone.now(),
        )  # fmt: skip
        return
    with transaction.atomic():
        blob = blob_put(pdf, content_type="application/pdf")
        Extraction.objects.filter(pk=extraction_id).update(text_layer=blob)
        # C2: the scan the client downloads and searches is the one with the text layer.
        document_visual_replace(document=document, visual=blob, reason="text layer")
        _text_step(
            extraction.document_id, status=StepStatus.DONE, progress=100, finished_at=timezone.now()
        )


def _text_step(document_id: int, **changes: Any) -> None:
    step, _c = DocumentStep.objects.get_or_create(document_id=document_id, name="text")
    for key, value in changes.items():
        setattr(step, key, value)
    step.save()


# -- corrections (C9) -------------------------------------------------------------------------


def extraction_correct(*, actor: Any, extraction_id: int, changes: dict[str, Any]) -> Extraction:
    """A person corrects fields; the dossier remembers it for this counterparty (C9).

    `changes` maps field names to typed values (Decimal, date, str). The next document of
    the same counterparty is read with what was learned here.
    """
    with transaction.atomic():
        extraction = (
            Extraction.objects.select_for_update(of=("self",))
            .select_related("document")
            .get(pk=extraction_id)
        )
        pages = pages_from_words(extraction.words)
        fields = dict(extraction.fields)
        for name, value in changes.items():
            fields[name] = {
                "value": _json_value(value), "confidence": 1.0, "source": "person",
                "page": None, "box": None,
            }  # fmt: skip
            typed = (
                name
                if name
                in AMOUNT_FIELDS
                + DATE_FIELDS
                + ("invoice_number", "payment_reference", "currency", "document_type")
                else None
            )
            if typed:
                setattr(extraction, typed, value)
        extraction.fields = fields
        if any(k.endswith(("_vat", "_name")) or k == "iban" for k in changes):
            side = "buyer" if extraction.direction == "sales" else "seller"
            extraction.counterparty_vat = str(_v(fields.get(f"{side}_vat")) or "")[:30]
            extraction.counterparty_name = str(_v(fields.get(f"{side}_name")) or "")[:200]
        extraction.counterparty_key = counterparty_key(fields, extraction.direction)
        extraction.save()
        if extraction.counterparty_key:
            memory, _c = CounterpartyMemory.objects.select_for_update().get_or_create(
                dossier_id=extraction.document.dossier_id, key=extraction.counterparty_key
            )
            for name, value in changes.items():
                hint = learn_hint(pages, name, value) if pages else None
                if hint:
                    memory.hints[name] = hint
                if name.endswith("_name"):
                    memory.values[name] = str(value)
            memory.corrections += 1
            memory.save()
        audit_log(
            actor=actor,
            action="recognition.corrected",
            obj=extraction.document,
            data={"extraction": extraction.pk, "fields": sorted(changes)},
        )
    return extraction
