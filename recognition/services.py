"""Writes of the recognition app: run recognition on a document, record corrections.

Recognition's two intake steps, registered in RecognitionConfig.ready() (the runner in
documents/intake keeps their rows; nothing here writes a DocumentStep):

- `extraction` (`step_extraction`): reads the invoice; skipped in transport mode; raises
  StepFailed on a technical error. Once done it notifies `recognition.extracted`
  (document_id=...) after commit, for the apps that build on an extraction (booking).
- `text` (`step_text`): gives a scan its searchable text layer (OCR), last.

`recognize_document(document_id=...)` runs the extraction again on request (booking's
reprocess, tests) through the same runner. Both are idempotent: running again replaces
the extraction of that document version.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from core import extensions
from core.audit import audit_log
from core.storage import blob_bytes
from core.texts import stored
from documents.intake import StepFailed, run_step, step_progress
from documents.models import DocState, DocType, Document
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
TEXT_STEP = "text"
EXTRACTED = "recognition.extracted"  # event: core.extensions.notify(EXTRACTED, document_id=...)
# Stored as codes (the step's reason is data); pages translate them when shown.
TECHNICAL_ERROR = gettext_noop("technical error")
TECHNICAL_ERROR_OF = gettext_noop("technical error: %(err)s")
TRANSPORT = gettext_noop("transport mode")
USED_UP = gettext_noop("the %(mode)s cartridge is used up: sent unrecognised (transport mode)")
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


def mode_decision(document: Document) -> tuple[str, dict | None]:
    """The mode a document is processed in, and why (a stored text) when it is not the
    dossier's choice.

    C10: when the office chose the transport fallback and the cartridge of the chosen mode
    is used up, the document goes to the office unrecognised (and counts as transport).
    """
    mode = processing_mode(document)
    if exhausted_fallback(office_id=document.dossier.office_id, mode=mode):
        # The sentence is translated when shown; the mode's name is given in the dossier's
        # language (a stored parameter is not translated again).
        with translation.override(document.dossier.language):
            label = str(ProcessingMode(mode).label)
        return ProcessingMode.TRANSPORT, stored(USED_UP, mode=label)
    return mode, None


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
                [
                    w.text,
                    round(w.x0 / page.width, 4),
                    round(w.y0 / page.height, 4),
                    round(w.x1 / page.width, 4),
                    round(w.y1 / page.height, 4),
                ]
                for w in page.words
            ]
        )
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
    """Recognise a document's current original now, recorded by the intake runner as its
    `extraction` step; returns None in transport mode or on a technical error."""
    document = Document.objects.select_related("dossier", "original").get(pk=document_id)
    made: list[Extraction] = []
    run_step(document, STEP, run=lambda doc: _extract(doc, made))
    return made[0] if made else None


def step_extraction(document: Document) -> dict | None:
    """The `extraction` step of intake (registered in RecognitionConfig.ready)."""
    if not getattr(settings, "FIDU_RECOGNITION_ON_INTAKE", True):
        return stored(gettext_noop("recognition is switched off"))
    if document.doc_type == DocType.BANK_STATEMENT:
        return stored(gettext_noop("a bank statement, read by the bank"))
    return _extract(document, [])


def _extract(document: Document, made: list[Extraction]) -> dict | None:
    """Read the document; None when done, a skip reason in transport mode; raises StepFailed."""
    mode, why = mode_decision(document)
    if mode == ProcessingMode.TRANSPORT:
        # C1: transport documents go to the office as they are; they still count (C10).
        usage_count(dossier_id=document.dossier_id, mode=mode, pages=document.page_count or 1)
        return why or stored(TRANSPORT)
    try:
        data = blob_bytes(document.original_id)
        result = recognize_bytes(
            data,
            own_vat=document.dossier.vat_number or None,
            hints_for=_hints_loader(document.dossier_id),
        )
    except Exception as exc:
        logger.exception("recognition of document %s failed", document.pk)
        raise StepFailed(stored(TECHNICAL_ERROR_OF, err=type(exc).__name__)) from exc
    extraction = _save(document, result, mode)
    made.append(extraction)
    if result.status == ExtractionStatus.TECHNICAL_ERROR:
        raise StepFailed(result.reason or stored(TECHNICAL_ERROR))
    return None


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
        usage_count(dossier_id=document.dossier_id, mode=mode, pages=max(1, result.pages))
        audit_log(
            actor=None,
            action="recognition.extracted",
            obj=document,
            data={"status": result.status, "source": result.source, "extraction": extraction.pk},
        )
        if result.status != ExtractionStatus.TECHNICAL_ERROR:
            # Booking rebuilds the proposal of a document nobody has corrected yet.
            document_id = document.pk
            transaction.on_commit(lambda: extensions.notify(EXTRACTED, document_id=document_id))
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
        .exclude(document__state__in=[DocState.DELETED, DocState.REPLACED])
        # A document made from another (split, merge, page edit) is not its own duplicate.
        .exclude(document__children=extraction.document_id)
        .order_by("created_at")
    )
    first = others.select_related("document").first()
    return first.document if first else None


def step_text(document: Document) -> dict | None:
    """The `text` step of intake: a scan's searchable text layer (registered in ready())."""
    extraction = (
        Extraction.objects.filter(document=document, version=document.original_id)
        .only("pk", "ocr_pages", "text_layer")
        .first()
    )
    if extraction is None or not extraction.ocr_pages:
        return stored(gettext_noop("not a scan"))
    if extraction.text_layer_id:
        return None
    text_layer_store(extraction_id=extraction.pk)
    return None


def text_layer_store(*, extraction_id: int) -> None:
    """Give a scanned document a searchable text layer (OCRmyPDF), page by page.

    Raises on failure (the runner records the `text` step); progress goes to that step.
    """
    from core.sandbox import LimitExceeded
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
        step_progress(document.pk, TEXT_STEP, int(100 * done / max(total, 1)))

    try:
        pdf = searchable_pdf(data, progress=progress)
    except LimitExceeded as exc:  # a hostile or absurd scan: retrying would only do it again
        why = (
            gettext_noop(
                "The searchable text layer took too long to make and was stopped; "
                "the document is kept as it is."
            )
            if exc.which == "time"
            else gettext_noop(
                "The searchable text layer needed too much memory and was stopped; "
                "the document is kept as it is."
            )
        )
        raise StepFailed(stored(why), permanent=True) from exc
    with transaction.atomic():
        blob = blob_put(pdf, content_type="application/pdf")
        Extraction.objects.filter(pk=extraction_id).update(text_layer=blob)
        # C2: the scan the client downloads and searches is the one with the text layer.
        document_visual_replace(document=document, visual=blob, reason="text layer")


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
                "value": _json_value(value),
                "confidence": 1.0,
                "source": "person",
                "page": None,
                "box": None,
            }
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
