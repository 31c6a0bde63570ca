from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
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
