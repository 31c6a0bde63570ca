"""Root URLs. Every app with a `urls.py` is included at the root; its own paths
carry their prefixes (e.g. documents/urls.py uses "d/<int:dossier_id>/documents/...")."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.urls import include, path

from core.views import favicon, healthz
from fidu.api import api
from tenancy.access import public

urlpatterns = [
    path("api/", api.urls),
    path("healthz", public(healthz), name="healthz"),
    path("favicon.ico", public(favicon), name="favicon"),
]

for _name in settings.FIDU_APPS:
    try:
        importlib.import_module(f"{_name}.urls")
    except ModuleNotFoundError as exc:
        if exc.name == f"{_name}.urls":
            continue
        raise
    urlpatterns.append(path("", include(f"{_name}.urls")))

handler400 = "core.views.bad_request"
