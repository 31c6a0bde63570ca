"""Intake: the one door (`intake_file`), the store, the step registry and runner, the channels.

Every channel (upload, API, SMTP, IMAP, folder, `manage.py ingest`, split/merge results)
builds an `Incoming` and calls `intake_file`.
"""

from documents.intake.door import create_document, enqueue_processing, intake_file
from documents.intake.runner import process, resume_unfinished
from documents.intake.steps import Step, register_step, steps
from documents.intake.types import Incoming, IntakeMeta, IntakeRefused

__all__ = [
    "Incoming",
    "IntakeMeta",
    "IntakeRefused",
    "Step",
    "create_document",
    "enqueue_processing",
    "intake_file",
    "process",
    "register_step",
    "resume_unfinished",
    "steps",
]
