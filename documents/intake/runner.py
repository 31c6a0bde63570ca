"""The step runner: runs a document's steps in order and keeps the only record of each.

Attempts are bounded: a step that fails is tried again after a backoff
(`FIDU_INTAKE_RETRY_BACKOFF` seconds, times 4 for each further attempt), at most
`FIDU_INTAKE_MAX_ATTEMPTS` times (default 3); then it has failed for good and waits for
a person's retry (documents.services.step_retry), which starts the count again. A step
whose failure comes from the file itself (`ConversionError`, `StepFailed(permanent=True)`)
is not tried again automatically. The steps after a step that failed for good still run
(they skip what they lack: no visual, no extraction), so the document never looks busy.

A task runs a document only once it holds its claim (claim.py), so two tasks never run
the same steps at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.texts import stored
from documents.conversions import ConversionError
from documents.intake.claim import (
    GONE,
    claim,
    enqueue_processing,
    free_of_claims,
    heartbeat,
    keep_fresh,
    release,
)
from documents.intake.steps import (
    Step,
    StepFailed,
    StepHeld,
    step_named,
    step_names,
    steps,
)
from documents.models import Document, DocumentStep, StepStatus

log = logging.getLogger(__name__)

FINISHED = (StepStatus.DONE, StepStatus.SKIPPED)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "FIDU_INTAKE_MAX_ATTEMPTS", 3)))


def retry_backoff(attempts: int) -> timedelta:
    base = float(getattr(settings, "FIDU_INTAKE_RETRY_BACKOFF", 60))
    return timedelta(seconds=base * 4 ** max(0, attempts - 1))


def process(document_id: int) -> None:
    """Run the document's due steps in order; safe to run twice (finished steps are skipped,
    a second task for a document being processed returns at once)."""
    token = claim(document_id)
    if token is None:
        return  # missing, or another worker runs it now
    try:
        doc = Document.objects.select_related("dossier").get(pk=document_id)
        if doc.state in GONE:
            return
        for step in steps():
            heartbeat(document_id, token)
            if _run_due(doc, step) == "wait":
                break
    finally:
        release(document_id, token)
    if _has_due_steps(document_id):  # a person asked for a retry while it ran
        enqueue_processing(document_id)


def _run_due(doc: Document, step: Step) -> str:
    """Run the step if it is due; "wait" stops the document until a retry is due."""
    row, _created = DocumentStep.objects.get_or_create(document=doc, name=step.name)
    if row.status in FINISHED:
        return "next"
    if row.status == StepStatus.HELD:
        return "wait"  # a gate holds it until a person releases it (release_held_step)
    if row.status == StepStatus.FAILED:
        if row.next_attempt_at is None:
            return "next"  # failed for good: the later steps skip what they lack
        if row.next_attempt_at > timezone.now():
            return "wait"
    if row.status == StepStatus.RUNNING and row.attempts >= max_attempts():
        # Its worker was killed that often on it (memory, time): never again on its own.
        _finish(row, StepStatus.FAILED, stored(STOPPED, times=row.attempts))
        return "next"
    status = _execute(doc, step, row)
    return "wait" if status in ("retry", StepStatus.HELD) else "next"


STOPPED = gettext_noop("The work on this step was stopped %(times)s times; try again later.")
INTERNAL = gettext_noop("Internal error (%(err)s); try again later.")


def _execute(doc: Document, step: Step, row: DocumentStep) -> str:
    attempts = row.attempts + 1
    DocumentStep.objects.filter(pk=row.pk).update(
        status=StepStatus.RUNNING,
        attempts=attempts,
        started_at=timezone.now(),
        finished_at=None,
        next_attempt_at=None,
        reason="",
        progress=0,
    )
    row.attempts = attempts
    try:
        skipped = step.run(doc)
    except StepHeld as exc:
        _finish(row, StepStatus.HELD, exc.text)
        return StepStatus.HELD
    except (ConversionError, StepFailed) as exc:
        # Expected refusals (limits, damage); the engine's own error, when any, is logged.
        log.warning(
            "step %s of document %s failed: %s", step.name, doc.pk, exc, exc_info=exc.__cause__
        )
        text = failure_text(exc)
        permanent = isinstance(exc, ConversionError) or exc.permanent or not step.retryable
        if isinstance(exc, ConversionError):
            Document.objects.filter(pk=doc.pk).update(notice=text)
        return _failed(row, text, permanent)
    except Exception as exc:  # a bug or a crashed engine: keep the reason, try again later
        log.exception("step %s failed for document %s", step.name, doc.pk)
        return _failed(row, stored(INTERNAL, err=type(exc).__name__), not step.retryable)
    _finish(row, StepStatus.SKIPPED if skipped else StepStatus.DONE, skipped or "")
    return StepStatus.SKIPPED if skipped else StepStatus.DONE


def failure_text(exc: BaseException) -> dict[str, Any] | str:
    """What to show of a failure: the stored text an exception carries (`.text`), else its
    message (plain text in the worker's language, as older converters still raise)."""
    text = getattr(exc, "text", None)
    if isinstance(text, dict) and "msgid" in text:
        return text
    if isinstance(text, str) and text:
        return text
    return str(exc)


def _failed(row: DocumentStep, text: dict[str, Any] | str, permanent: bool) -> str:
    if permanent or row.attempts >= max_attempts():
        _finish(row, StepStatus.FAILED, text)
        return StepStatus.FAILED
    _finish(
        row, StepStatus.FAILED, text, next_attempt_at=timezone.now() + retry_backoff(row.attempts)
    )
    return "retry"


def _finish(row: DocumentStep, status: str, reason: Any, next_attempt_at=None) -> None:
    DocumentStep.objects.filter(pk=row.pk).update(
        status=status,
        reason=reason,
        finished_at=timezone.now(),
        progress=100,
        next_attempt_at=next_attempt_at,
    )


def run_step(
    document: Document | int, name: str, *, run: Callable[[Document], Any] | None = None
) -> str:
    """Run one registered step now, whatever its state, recorded like any other run (a
    service asking again, e.g. recognition's `recognize_document`, which passes its own
    `run` to skip the intake-only switches). Returns the step's status afterwards."""
    step = step_named(name)
    if step is None:
        raise LookupError(f"no step named {name!r} is registered")
    if run is not None:
        step = Step(step.name, run, step.retryable)
    doc = (
        document
        if isinstance(document, Document)
        else Document.objects.select_related("dossier").get(pk=document)
    )
    row, _created = DocumentStep.objects.get_or_create(document=doc, name=name)
    outcome = _execute(doc, step, row)
    return StepStatus.FAILED if outcome == "retry" else outcome


def step_progress(document_id: int, name: str, percent: int) -> None:
    """A long step says how far it is (shown on the document page); keeps the claim fresh."""
    DocumentStep.objects.filter(document_id=document_id, name=name).update(
        progress=max(0, min(100, int(percent)))
    )
    keep_fresh(document_id)


def _due_steps(now) -> Any:
    return DocumentStep.objects.filter(name__in=step_names()).filter(
        Q(status__in=[StepStatus.PENDING, StepStatus.RUNNING])
        | Q(status=StepStatus.FAILED, next_attempt_at__lte=now)
    )


def _waiting_steps(now) -> Any:
    """Steps that stop their document for now: a retry not due yet, or a gate holding it."""
    return DocumentStep.objects.filter(name__in=step_names()).filter(
        Q(status=StepStatus.FAILED, next_attempt_at__gt=now) | Q(status=StepStatus.HELD)
    )


def _has_due_steps(document_id: int) -> bool:
    now = timezone.now()
    return (
        _due_steps(now).filter(document_id=document_id).exists()
        and not _waiting_steps(now).filter(document_id=document_id).exists()
    )


def resume_unfinished(older_than_seconds: int = 120, *, workers_stopped: bool = False) -> int:
    """Queue again the documents with a step due: never run, left running by a killed worker,
    or failed and due for another attempt. Never a deleted or replaced document, nor one a
    task already holds (queued or running). Returns how many tasks were queued.

    `older_than_seconds` leaves alone documents handed in that recently. `workers_stopped`
    (`manage.py intake_resume`, run before the workers start) takes every running claim as
    left by a killed worker, without waiting for it to go stale.
    """
    now = timezone.now()
    ids = list(
        Document.objects.filter(created_at__lt=now - timedelta(seconds=older_than_seconds))
        .exclude(state__in=GONE)
        .filter(free_of_claims(now, workers_stopped=workers_stopped))
        .filter(pk__in=_due_steps(now).values("document_id"))
        .exclude(pk__in=_waiting_steps(now).values("document_id"))
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in ids if enqueue_processing(pk, workers_stopped=workers_stopped))


def is_processing(document: Document) -> bool:
    """Whether the page should wait (spinner): a step runs, or steps wait and none failed."""
    rows = list(document.steps.values_list("status", flat=True))
    if StepStatus.RUNNING in rows:
        return True
    if StepStatus.HELD in rows:
        return False  # waits for a person, not for a worker
    return StepStatus.PENDING in rows and StepStatus.FAILED not in rows


def release_held_step(document_id: int, name: str) -> bool:
    """Let a held document go on: its gate step runs again (and, when the gate now lets
    it through, the later steps after it). False when that step was not held."""
    changed = DocumentStep.objects.filter(
        document_id=document_id, name=name, status=StepStatus.HELD
    ).update(status=StepStatus.PENDING, reason="", attempts=0, next_attempt_at=None, progress=0)
    if changed:
        enqueue_processing(document_id)
    return bool(changed)


def steps_of(document: Document) -> list[DocumentStep]:
    """The document's step rows in the order the steps run (rows of retired steps last)."""
    order = {name: i for i, name in enumerate(step_names())}
    rows = list(document.steps.all())
    return sorted(rows, key=lambda r: (order.get(r.name, len(order)), r.pk))
