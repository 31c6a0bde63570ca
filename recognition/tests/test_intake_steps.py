"""Recognition's intake steps (issue 12): registered, recorded by the runner only, retryable,
announced to the apps above once done."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import override_settings

from core import extensions
from core.texts import render
from documents import services as document_services
from documents.intake import steps
from documents.models import DocumentStep, StepStatus
from documents.pdfgen import make_pdf
from recognition import services
from recognition.models import Extraction

INVOICE = (
    "FACTURE 2026-0042 Date 12/03/2026 Fournisseur Papeterie Leroy SRL TVA BE0412345614 "
    "Total HTVA 100,00 TVA 21% 21,00 Total TVAC 121,00"
)


def statuses(doc) -> dict[str, str]:
    return dict(DocumentStep.objects.filter(document=doc).values_list("name", "status"))


def test_the_steps_run_in_one_registered_order():
    # the office's gate (C11) holds a document before anything costs a recognition credit;
    # bank's step reads CODA files before recognition would take them for invoices
    names = [s.name for s in steps()]
    assert names == [
        "visual",
        "pages",
        "office_release",
        "bank_statement",
        "extraction",
        "proposal",
        "text",
    ]


@override_settings(FIDU_RECOGNITION_ON_INTAKE=True)
def test_a_failed_recognition_is_retried_by_the_persons_retry(
    world, handed_in, django_capture_on_commit_callbacks
):
    with mock.patch.object(services, "recognize_bytes", side_effect=RuntimeError("engine down")):
        [doc] = handed_in(file=make_pdf([INVOICE]))
    step = DocumentStep.objects.get(document=doc, name="extraction")
    assert step.status == StepStatus.FAILED and "RuntimeError" in render(step.reason)
    assert "recognition" not in statuses(doc)  # one row for recognition's step, not two
    with django_capture_on_commit_callbacks(execute=True):
        assert document_services.step_retry(actor=world.clients["administrator"], document=doc)
    assert statuses(doc)["extraction"] == StepStatus.DONE
    assert Extraction.objects.get(document=doc).invoice_number == "2026-0042"


@override_settings(FIDU_RECOGNITION_ON_INTAKE=True)
def test_the_apps_above_hear_when_an_extraction_is_done(world, handed_in):
    heard: list[int] = []

    def listener(*, document_id: int) -> None:
        heard.append(document_id)

    extensions.subscribe(services.EXTRACTED, listener)
    try:
        [doc] = handed_in(file=make_pdf([INVOICE]))
        with mock.patch.object(services, "recognize_bytes", side_effect=RuntimeError("down")):
            [_failed] = handed_in(file=make_pdf([INVOICE + " bis"]))
    finally:
        extensions._subscribers[services.EXTRACTED].remove(listener)
    assert heard == [doc.pk]  # not for the failed one


@override_settings(FIDU_RECOGNITION_ON_INTAKE=True)
def test_a_page_edit_is_not_flagged_a_duplicate_of_its_parent_invoice(
    world, handed_in, django_capture_on_commit_callbacks
):
    [doc] = handed_in(file=make_pdf([INVOICE]))
    doc.refresh_from_db()
    assert Extraction.objects.get(document=doc).invoice_number == "2026-0042"
    with django_capture_on_commit_callbacks(execute=True):
        turned = document_services.document_pages_edit(
            actor=world.clients["administrator"], document=doc, pages=[(1, 0)]
        )
    turned.refresh_from_db()
    extraction = Extraction.objects.get(document=turned)
    assert extraction.invoice_number == "2026-0042"  # the same invoice, read again
    assert extraction.possible_duplicate_of is None
    assert turned.duplicate_of_id is None


@pytest.mark.parametrize("switch", [False])
def test_recognition_switched_off_skips_the_step_with_a_reason(world, handed_in, switch, settings):
    settings.FIDU_RECOGNITION_ON_INTAKE = switch
    [doc] = handed_in()
    step = DocumentStep.objects.get(document=doc, name="extraction")
    assert step.status == StepStatus.SKIPPED
    assert step.reason == {"msgid": "recognition is switched off"}
    assert statuses(doc)["text"] == StepStatus.SKIPPED


@pytest.mark.slow
def test_a_text_layer_stopped_by_a_limit_fails_for_good_with_words(world, handed_in, monkeypatch):
    import io

    from PIL import Image, ImageDraw

    from core.sandbox import Limits
    from recognition.engine import ocr

    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).text((100, 100), "FACTURE 2026-7 Total 121,00 EUR", fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(150, 150))
    monkeypatch.setattr(ocr, "_chunk_limits", lambda pages: Limits(0.2, 1024 * 1024 * 1024))
    [doc] = handed_in(file=buf.getvalue(), name="scan.png")
    step = DocumentStep.objects.get(document=doc, name="text")
    assert step.status == StepStatus.FAILED
    assert step.next_attempt_at is None  # permanent: the same scan would be stopped again
    assert step.reason["msgid"].startswith("The searchable text layer took too long")
    assert statuses(doc)["extraction"] == StepStatus.DONE  # the rest of the document is kept
