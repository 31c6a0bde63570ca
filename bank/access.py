"""Who may read a dossier's bank data: office staff who configure the dossier, or client
users with the financial capability (E4)."""

from __future__ import annotations

from collections.abc import Callable

from tenancy.access import dossier_access
from tenancy.policy import Cap


def bank_read_access(kwarg: str = "dossier_id") -> Callable[[Callable], Callable]:
    return dossier_access((Cap.CONFIGURE, Cap.FINANCIAL), kwarg=kwarg)
