"""Intake: the one door (`intake_file`), the store, the step registry and runner, the channels.

Every channel (upload, API, SMTP, IMAP, folder, `manage.py ingest`, split/merge results)
builds an `Incoming` and calls `intake_file`. Higher apps register their processing
steps with `register_step` from their AppConfig.ready(); steps.py lists them.
"""

from documents.intake.claim import enqueue_processing
from documents.intake.door import intake_file
from documents.intake.runner import (
    failure_text,
    is_processing,
    process,
    release_held_step,
    resume_unfinished,
    run_step,
    step_progress,
    steps_of,
)
from documents.intake.steps import Step, StepFailed, StepHeld, register_step, steps
from documents.intake.types import Incoming, IntakeMeta, IntakeRefused

__all__ = [
    "Incoming",
    "IntakeMeta",
    "IntakeRefused",
    "Step",
    "StepFailed",
    "StepHeld",
    "enqueue_processing",
    "failure_text",
    "intake_file",
    "is_processing",
    "process",
    "register_step",
    "release_held_step",
    "resume_unfinished",
    "run_step",
    "step_progress",
    "steps",
    "steps_of",
]
