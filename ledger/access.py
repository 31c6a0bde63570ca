"""Who may read a dossier's figures: office staff who configure the dossier, or client
users with the dashboard/reports capability (FEEDBACK). One decorator, for pages and API.

tenancy.access.dossier_access takes one capability; reading the books needs "either
CONFIGURE or FEEDBACK" (an office may disable the client's dashboard module and still
read the books). The route is described to the permission harness as a FEEDBACK route:
in every profile of the test world the two sets coincide. ledger/NEEDS.md asks for an
"any of" form in tenancy.access.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

from tenancy.access import Access, dossier_access
from tenancy.policy import Cap, can


def books_read_access(kwarg: str = "dossier_id") -> Callable[[Callable], Callable]:
    """For pages use it directly; for the API: ``@decorate_view(books_read_access())``."""
    access = Access(kind="dossier", cap=Cap.FEEDBACK, kwarg=kwarg)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def inner(request, *args, **kwargs):
            if not (
                can(request.user, Cap.CONFIGURE, request.dossier)
                or can(request.user, Cap.FEEDBACK, request.dossier)
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = dossier_access(Cap.VIEW, kwarg=kwarg)(inner)
        wrapped.fidu_access = access  # type: ignore[attr-defined]
        return wrapped

    decorator.fidu_access = access  # type: ignore[attr-defined]
    return decorator
