"""Decorators that put the permission policy in front of every view and API operation.

Pages:      @dossier_access(Cap.UPLOAD) above the view function.
API (ninja): @router.get(...) then @decorate_view(dossier_access(Cap.UPLOAD)) — ninja runs
            decorate_view decorators before it parses the body, so a refused caller gets
            403/404 whatever it sent.

Each decorator also leaves an `Access` description (on the view, and on the decorator
itself for ninja), which the permission harness (tenancy/tests/test_permission_harness.py)
reads to prove, route by route, that outsiders and profiles without the right get
403/404 and change nothing. A route without an `Access` fails that test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse

from tenancy.models import OfficeRole
from tenancy.policy import Cap, can, is_office_admin, office_member
from tenancy.selectors import dossier_get_for_user


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "login", "office_admin", "office_staff", "dossier", "object"
    cap: Cap | None = None
    kwarg: str | None = None
    model: str | None = None  # "app_label.Model" for object routes
    dossier_path: str = "dossier"  # attribute path from the object to its dossier
    check: Callable[[Any, Any], bool] | None = None
    any_of: tuple[Cap, ...] = ()  # dossier routes open to any of several capabilities

    @property
    def caps(self) -> tuple[Cap, ...]:
        return self.any_of or ((self.cap,) if self.cap else ())


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_user(request):
    """For API calls the token is checked here already, so the policy sees the right user."""
    if request.user.is_authenticated:
        return request.user
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from tenancy.services import api_token_authenticate

        user = api_token_authenticate(header[7:].strip())
        if user is not None:
            request.user = user
            # Token calls carry no CSRF token and need none: they carry no cookie.
            request._dont_enforce_csrf_checks = True
    return request.user


def _guard(access: Access, check: Callable[[Any, dict], None]) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            api = _is_api(request)
            user = _api_user(request) if api else request.user
            if access.kind != "public" and not user.is_authenticated:
                if api:
                    return JsonResponse({"detail": "Authentication required."}, status=401)
                return redirect_to_login(request.get_full_path())
            try:
                check(request, kwargs)
            except Http404:
                if api:
                    return JsonResponse({"detail": "Not found."}, status=404)
                raise
            except PermissionDenied:
                if api:
                    return JsonResponse({"detail": "You may not do this."}, status=403)
                raise
            return view(request, *args, **kwargs)

        wrapped.fidu_access = access  # type: ignore[attr-defined]
        return wrapped

    decorator.fidu_access = access  # type: ignore[attr-defined]
    return decorator


def _no_check(request, kwargs) -> None:
    return None


public = _guard(Access(kind="public"), _no_check)
public.__doc__ = "Anyone, logged in or not (login page, branding)."
login_only = _guard(Access(kind="login"), _no_check)
login_only.__doc__ = "Any logged-in user; the view only touches the user's own data."


def _office_staff_check(request, kwargs) -> None:
    if office_member(request.user) is None:
        raise PermissionDenied


def _office_admin_check(request, kwargs) -> None:
    if not is_office_admin(request.user):
        raise PermissionDenied


def _office_collaborator_check(request, kwargs) -> None:
    if not is_office_collaborator(request.user):
        raise PermissionDenied


def is_office_collaborator(user) -> bool:
    """Admins and collaborators: the office's people who work dossiers (support users only
    see the worklists assigned to them: no messages, no settings)."""
    member = office_member(user)
    return member is not None and member.role != OfficeRole.SUPPORT


office_staff = _guard(Access(kind="office_staff"), _office_staff_check)
office_admin = _guard(Access(kind="office_admin"), _office_admin_check)
office_collaborators = _guard(Access(kind="office_collaborators"), _office_collaborator_check)
office_collaborators.__doc__ = "Office admins and collaborators, not support users."


def dossier_access(
    cap: Cap | tuple[Cap, ...], kwarg: str = "dossier_id"
) -> Callable[[Callable], Callable]:
    """The view works on one dossier: 404 if the user cannot see it, 403 without `cap`
    (or without any of the capabilities when `cap` is a tuple).

    The loaded dossier is handed to the view as `request.dossier`.
    """
    caps = tuple(Cap(c) for c in cap) if isinstance(cap, tuple) else (Cap(cap),)

    def check(request, kwargs) -> None:
        dossier = dossier_get_for_user(user=request.user, dossier_id=kwargs[kwarg])
        if not any(can(request.user, c, dossier) for c in caps):
            raise PermissionDenied
        request.dossier = dossier

    access = Access(kind="dossier", cap=caps[0], kwarg=kwarg, any_of=caps if len(caps) > 1 else ())
    return _guard(access, check)


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

    def enforce(request, kwargs) -> None:
        model_cls = apps.get_model(model)
        try:
            obj = model_cls.objects.select_related(dossier_path.replace(".", "__")).get(
                pk=kwargs[kwarg]
            )
        except (model_cls.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        dossier = dossier_get_for_user(user=request.user, dossier_id=_follow(obj, dossier_path).pk)
        if check is not None and not check(request.user, obj):
            raise Http404
        if not can(request.user, cap, dossier):
            raise PermissionDenied
        request.dossier = dossier
        request.fidu_object = obj

    access = Access(
        kind="object",
        cap=Cap(cap),
        kwarg=kwarg,
        model=model,
        dossier_path=dossier_path,
        check=check,
    )
    return _guard(access, enforce)


@lru_cache(maxsize=8192)
def _resolved(urlconf: str | None, path: str):
    """`resolve(path)`, kept: a menu asks it of ~30 links on every page (2 ms each on a
    loaded machine), and the URL patterns do not change while the process runs."""
    from django.urls import resolve

    return resolve(path, urlconf)


def allows(user, path: str, dossier=None) -> bool:
    """Whether `user` passes the access decorator of the view behind `path`, so menus and
    buttons show only links that open. `dossier`: the one the page shows, when it has one
    (spares a query per menu entry). Object routes answer True when the dossier check
    cannot be made without loading the object: their pages build such links themselves."""
    from django.urls import Resolver404, get_urlconf

    try:
        match = _resolved(get_urlconf(), path.split("?", 1)[0])
    except Resolver404:
        return False
    access: Access | None = getattr(match.func, "fidu_access", None)
    if access is None or access.kind == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if access.kind == "login":
        return True
    if access.kind == "office_staff":
        return office_member(user) is not None
    if access.kind == "office_admin":
        return is_office_admin(user)
    if access.kind == "office_collaborators":
        return is_office_collaborator(user)
    if access.kind == "dossier":
        wanted = match.kwargs[access.kwarg]
        if dossier is None or dossier.pk != wanted:  # the page's own dossier is loaded already
            try:
                dossier = dossier_get_for_user(user=user, dossier_id=wanted)
            except Http404:
                return False
        return any(can(user, c, dossier) for c in access.caps)
    return True
