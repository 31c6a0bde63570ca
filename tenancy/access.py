"""Decorators that put the permission policy in front of every view and API operation.

Each decorator also leaves an `Access` description on the view, which the
permission harness (tenancy/tests/test_permission_harness.py) reads to prove,
route by route, that outsiders and profiles without the right get 403/404.
A route whose view carries no `Access` fails that test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tenancy.policy import Cap, can, is_office_admin
from tenancy.selectors import dossier_get_for_user


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "login", "office_admin", "office_staff", "dossier", "object"
    cap: Cap | None = None
    kwarg: str | None = None
    model: str | None = None  # "app_label.Model" for object routes
    dossier_path: str = "dossier"  # attribute path from the object to its dossier


def _mark(view: Callable, access: Access) -> Callable:
    view.fidu_access = access  # type: ignore[attr-defined]
    return view


def _anonymous(request) -> bool:
    return not request.user.is_authenticated


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def public(view: Callable) -> Callable:
    return _mark(view, Access(kind="public"))


def login_only(view: Callable) -> Callable:
    """Pages about the user themself (profile, tokens): no dossier involved."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if _anonymous(request) and not _is_api(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapped, Access(kind="login"))


def office_staff(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from tenancy.policy import office_member

        if _anonymous(request) and not _is_api(request):
            return redirect_to_login(request.get_full_path())
        if office_member(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapped, Access(kind="office_staff"))


def office_admin(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if _anonymous(request) and not _is_api(request):
            return redirect_to_login(request.get_full_path())
        if not is_office_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapped, Access(kind="office_admin"))


def dossier_access(cap: Cap, kwarg: str = "dossier_id") -> Callable[[Callable], Callable]:
    """The view works on one dossier: 404 if the user cannot see it, 403 without `cap`.

    The loaded dossier is handed to the view as `request.dossier`.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if _anonymous(request) and not _is_api(request):
                return redirect_to_login(request.get_full_path())
            dossier = dossier_get_for_user(user=request.user, dossier_id=kwargs[kwarg])
            if not can(request.user, cap, dossier):
                raise PermissionDenied
            request.dossier = dossier
            return view(request, *args, **kwargs)

        return _mark(wrapped, Access(kind="dossier", cap=cap, kwarg=kwarg))

    return decorator


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def object_access(
    model: str,
    cap: Cap,
    kwarg: str,
    *,
    dossier_path: str = "dossier",
    check: Callable[[Any, Any], bool] | None = None,
) -> Callable[[Callable], Callable]:
    """The view works on one object of a dossier (a document, an entry, ...).

    404 when the object does not exist, its dossier is not visible to the user, or
    `check(user, obj)` says no (e.g. a delivery user and someone else's upload);
    403 when the dossier is visible but the user lacks `cap`. The object is handed
    to the view as `request.fidu_object`, its dossier as `request.dossier`.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if _anonymous(request) and not _is_api(request):
                return redirect_to_login(request.get_full_path())
            model_cls = apps.get_model(model)
            root = dossier_path.split(".")[0]
            try:
                obj = model_cls.objects.select_related(root).get(pk=kwargs[kwarg])
            except (model_cls.DoesNotExist, ValueError, TypeError):
                raise Http404 from None
            dossier = _follow(obj, dossier_path)
            visible = dossier_get_for_user(user=request.user, dossier_id=dossier.pk)
            if check is not None and not check(request.user, obj):
                raise Http404
            if not can(request.user, cap, visible):
                raise PermissionDenied
            request.dossier = visible
            request.fidu_object = obj
            return view(request, *args, **kwargs)

        return _mark(
            wrapped,
            Access(kind="object", cap=cap, kwarg=kwarg, model=model, dossier_path=dossier_path),
        )

    return decorator
