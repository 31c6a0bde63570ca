"""The registry of processing steps, in the order they run.

Lower apps never call higher ones: each app registers its own steps from its
`AppConfig.ready()` (documents: `visual`, `pages`; recognition; booking: `proposal`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from documents.models import Document


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Document], str | None]  # returns a skip reason, or None when done


_steps: list[Step] = []


def register_step(
    name: str, run: Callable[[Document], str | None], *, after: str | None = None
) -> None:
    """Add a processing step (idempotent: re-registering replaces it)."""
    global _steps
    _steps = [s for s in _steps if s.name != name]
    index = len(_steps)
    if after is not None:
        index = next((i + 1 for i, s in enumerate(_steps) if s.name == after), index)
    _steps.insert(index, Step(name, run))


def steps() -> list[Step]:
    return list(_steps)
