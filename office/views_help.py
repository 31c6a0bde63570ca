"""I4 (clients' activity) and I5 (help per module, release notes, feedback) pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from office.activity import PAGE_SIZE, activity
from office.help import MODULES, feedback_send, help_seen_mark, notes_for, unread_modules
from office.office_settings import help_videos_for
from tenancy.access import login_only, office_staff


@office_staff
@require_GET
def activity_view(request):
    q = request.GET.get("q", "").strip()[:100]
    raw = request.GET.get("page", "1")
    page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    rows, total = activity(user=request.user, q=q, page=page)
    now = timezone.now()
    for r in rows:
        r.age_days = (now - r.oldest).days if r.oldest else None  # type: ignore[attr-defined]
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(
        request,
        "office/help/activity.html",
        {"rows": rows, "q": q, "page": page, "pages": pages, "total": total},
    )


def _modules(user) -> list[dict]:
    unread = unread_modules(user)
    return [
        {"key": k, "title": str(title), "unread": k in unread} for k, (title, _t) in MODULES.items()
    ]


@login_only
@require_GET
def help_view(request, module: str = "documents"):
    if module not in MODULES:
        raise Http404
    title, text = MODULES[module]
    return render(
        request,
        "office/help/help.html",
        {
            "module": module,
            "title": title,
            "text": text,
            "modules": _modules(request.user),
            "notes": notes_for(module),
            "videos": help_videos_for(request.user, module),
        },
    )


@login_only
@require_POST
def help_seen_view(request, module: str):
    if module not in MODULES:
        raise Http404
    help_seen_mark(actor=request.user, module=module)
    return redirect("office_help_module", module=module)


@login_only
@require_POST
def feedback_view(request):
    module = request.POST.get("module", "")
    try:
        n = feedback_send(
            actor=request.user, module=module, message=request.POST.get("message", "")
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("Thank you: the office's administrators received your message (%(n)s).") % {"n": n},
        )
    if module in MODULES:
        return redirect("office_help_module", module=module)
    return redirect("office_help")
