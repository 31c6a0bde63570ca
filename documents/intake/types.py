"""What a channel hands to the door: the file, where it goes, and what the sender said."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class IntakeRefused(Exception):
    """Nothing was stored: the message says why (empty file, far too large, wrong dossier)."""


@dataclass(frozen=True)
class IntakeMeta:
    doc_type: str = ""
    title: str = ""
    payment_status: str = ""
    payment_method: str = ""
    journal_code: str = ""
    labels: tuple[str, ...] = ()
    note: str = ""
    folder_id: int | None = None


@dataclass(frozen=True)
class Incoming:
    dossier: Any
    mailbox: str
    source: str
    file_name: str
    data: bytes
    actor: Any = None
    sender: str = ""
    source_ref: str = ""
    meta: IntakeMeta = field(default_factory=IntakeMeta)
    parents: tuple[int, ...] = ()
