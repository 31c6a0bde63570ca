"""The REST API under /api/: one NinjaAPI, one router per app, one error shape.

Routers are discovered: an installed app with an `api.py` exposing `router`
(a ninja.Router) is mounted at /api/<prefix>/ where prefix is `router.fidu_prefix`
or "" by default. Apps never edit this file to add endpoints.
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import django_auth

from tenancy.api_auth import TokenAuth

api = NinjaAPI(
    title="Fidu API",
    version="1",
    description=(
        "Fidu's REST API. Authenticate with a personal API token (`Authorization: Bearer fidu_...`, "
        "created under *My profile > API tokens*) or with the browser session. Every endpoint answers "
        'only for the dossiers the user may see; errors are `{"detail": ...}`.'
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "You may not do this."}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": exc.messages}, status=422)


def _mount_app_routers() -> None:
    for name in settings.FIDU_APPS:
        try:
            module = importlib.import_module(f"{name}.api")
        except ModuleNotFoundError as exc:
            if exc.name == f"{name}.api":
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(router, "fidu_prefix", ""), router)


_mount_app_routers()
