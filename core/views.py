from __future__ import annotations

from pathlib import Path

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def csrf_failure(request, reason: str = ""):
    return render(
        request,
        "core/error.html",
        {
            "title": _("This form has expired"),
            "message": _(
                "For your safety the page must be reloaded before sending it again. Go back, reload and retry."
            ),
        },
        status=403,
    )


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


FAVICON = Path(__file__).resolve().parent / "static" / "fidu" / "favicon.ico"


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel=icon> says."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
