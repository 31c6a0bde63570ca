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


def bad_request(request, exception=None):
    """Django's 400 (handler400). The usual cause on Fidu is an upload whose multipart body
    cannot be read: a part header over Django's 1 KB limit (a file name of thousands of
    characters, which no operating system makes) or a broken boundary. We keep Django's
    limit and say so in words, as JSON to API and upload clients, as a page to browsers."""
    from django.http.multipartparser import MultiPartParserError

    if isinstance(exception, MultiPartParserError):
        message = _(
            "The upload could not be read: its file name is too long (over about 1,000 "
            "characters) or the request is damaged. Rename the file and send it again."
        )
    else:
        message = _("The request could not be understood. Go back and try again.")
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        return JsonResponse({"detail": message}, status=400)
    return render(
        request,
        "core/error.html",
        {"title": _("This request could not be read"), "message": message},
        status=400,
    )
