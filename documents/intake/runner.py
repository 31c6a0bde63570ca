"""The step runner: runs a document's pending steps in order and keeps the only record of each."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.conversions import ConversionError
from documents.intake.steps import steps
from documents.models import Document, DocumentStep, StepStatus

log = logging.getLogger(__name__)


def process(document_id: int) -> None:
    """Run the document's pending steps in order; safe to run twice (finished steps are skipped)."""
    doc = Document.objects.select_related("dossier").filter(pk=document_id).first()
    if doc is None:
        return
    for step in steps():
        row, _created = DocumentStep.objects.get_or_create(document=doc, name=step.name)
        if row.status in (StepStatus.DONE, StepStatus.SKIPPED):
            continue
        DocumentStep.objects.filter(pk=row.pk).update(
            status=StepStatus.RUNNING,
            attempts=row.attempts + 1,
            started_at=timezone.now(),
            reason="",
        )
        try:
            skipped = step.run(doc)
        except ConversionError as exc:
            _finish(row, StepStatus.FAILED, str(exc))
            Document.objects.filter(pk=doc.pk).update(notice=str(exc))
            return
        except Exception as exc:  # a bug or a crashed engine: keep the reason, offer a retry
            log.exception("step %s failed for document %s", step.name, doc.pk)
            _finish(
                row,
                StepStatus.FAILED,
                _("Internal error (%(err)s); try again later.") % {"err": type(exc).__name__},
            )
            return
        _finish(row, StepStatus.SKIPPED if skipped else StepStatus.DONE, skipped or "")


def _finish(row: DocumentStep, status: str, reason: str) -> None:
    DocumentStep.objects.filter(pk=row.pk).update(
        status=status, reason=reason, finished_at=timezone.now(), progress=100
    )


def resume_unfinished(older_than_seconds: int = 120) -> int:
    """Queue again documents whose steps never finished (a worker killed mid-task).

    The task queue forgets a task whose worker died while running it; the steps'
    own status does not. Running a document twice is harmless (done steps are skipped).
    """
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        DocumentStep.objects.filter(
            status__in=[StepStatus.PENDING, StepStatus.RUNNING],
            document__created_at__lt=cutoff,
            name__in=["visual", "pages"],
        )
        .exclude(status=StepStatus.RUNNING, started_at__gte=cutoff)
        .values_list("document_id", flat=True)
        .distinct()
    )
    from documents.tasks import process_document

    for doc_id in ids:
        process_document.enqueue(doc_id)
    return len(ids)
