"""The registry of processing steps, in the order they run.

Lower apps never call higher ones: each app registers its own steps from its
`AppConfig.ready()` with `register_step(name, run, after=..., retryable=...)`.
The steps registered today, in the order they run for every document:

======  ==============  ==========================================================
order   app             step
======  ==============  ==========================================================
1       documents       ``visual``: the original turned into a PDF (B8), checked
                        against the limits (documents/intake/builtin_steps.py)
2       documents       ``pages``: thumbnails, page texts, the split hint
2b      office          ``office_release``: a gate (C11) that holds the documents of a
                        client user the office checks first (raises ``StepHeld``)
3       recognition     ``extraction``: the invoice's fields read (C1-C10); skipped in
                        transport mode; notifies ``recognition.extracted`` once done
                        (recognition/services.py ``step_extraction``)
4       booking         ``proposal``: the booking proposal of a document already sent
                        to the office (booking/pipeline.py), after ``extraction``
5       recognition     ``text``: the searchable text layer of a scan (OCR, C2), after
                        ``extraction``; the slow one, so it runs last
======  ==============  ==========================================================

A step's function takes the document and returns None when done, or a skip reason (a
`core.texts.stored(...)` value, or plain text). A gate raises `StepHeld` to hold the
document (status `held`, the later steps wait) until `release_held_step`. It raises to fail: `StepFailed` or
`ConversionError` (the file itself is the problem: failed for good at once, its reason
becomes the document's notice) or anything else (a bug or a crashed engine: tried again
with backoff, `FIDU_INTAKE_MAX_ATTEMPTS` times in all). Steps are idempotent: a person's
retry or a resumed document runs them again. The runner (runner.py) keeps the only
`DocumentStep` row of each step; steps never write those rows themselves
(long steps report progress through `step_progress`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.texts import render
from documents.models import Document

# None when done; otherwise why the step was skipped (core.texts.stored(...) or plain text).
StepResult = dict[str, Any] | str | None


class StepFailed(Exception):
    """A step failed with a reason meant for people.

    `text` is a stored text (core.texts.stored) or plain text; `permanent` says trying
    again cannot help (the file itself is the problem), so no automatic retry.
    """

    def __init__(self, text: dict[str, Any] | str, *, permanent: bool = False) -> None:
        super().__init__(render(text))
        self.text = text
        self.permanent = permanent


class StepHeld(Exception):
    """A gate step holds the document until a person lets it go on (C11: the office checks
    a client user's documents before recognition). The runner marks the step `held` and
    runs none of the later steps; `release_held_step` queues it again."""

    def __init__(self, text: dict[str, Any] | str) -> None:
        super().__init__(render(text))
        self.text = text


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Document], StepResult]
    retryable: bool = True  # False: the first failure is final (no automatic retry)


_steps: list[Step] = []


def register_step(
    name: str,
    run: Callable[[Document], StepResult],
    *,
    after: str | None = None,
    retryable: bool = True,
) -> None:
    """Add a processing step after `after` (default: last). Re-registering replaces it."""
    global _steps
    _steps = [s for s in _steps if s.name != name]
    index = len(_steps)
    if after is not None:
        index = next((i + 1 for i, s in enumerate(_steps) if s.name == after), index)
    _steps.insert(index, Step(name, run, retryable))


def steps() -> list[Step]:
    return list(_steps)


def step_named(name: str) -> Step | None:
    return next((s for s in _steps if s.name == name), None)


def step_names() -> list[str]:
    return [s.name for s in _steps]
