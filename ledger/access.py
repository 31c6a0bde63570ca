"""Who may read a dossier's figures: office staff who configure the dossier, or client
users with the dashboard/reports capability (FEEDBACK). An office may switch the
client's dashboard module off and still read the books, hence "any of" the two.
"""

from __future__ import annotations

from collections.abc import Callable

from tenancy.access import dossier_access
from tenancy.policy import Cap


def books_read_access(kwarg: str = "dossier_id") -> Callable[[Callable], Callable]:
    """For pages use it directly; for the API: ``@decorate_view(books_read_access())``."""
    return dossier_access((Cap.CONFIGURE, Cap.FEEDBACK), kwarg=kwarg)
