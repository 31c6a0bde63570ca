"""Who may read what the client gets back: client users with the dashboard/reports
capability (FEEDBACK), or office staff who configure the dossier (they still read the
figures when the office has switched the client's dashboard module off)."""

from __future__ import annotations

from collections.abc import Callable

from tenancy.access import dossier_access
from tenancy.policy import Cap


def feedback_access(kwarg: str = "dossier_id") -> Callable[[Callable], Callable]:
    """For pages use it directly; for the API: ``@decorate_view(feedback_access())``."""
    return dossier_access((Cap.FEEDBACK, Cap.CONFIGURE), kwarg=kwarg)
