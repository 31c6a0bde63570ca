"""C13: the misc worklist page and the action that processes one document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.models import DocState, Mailbox
from office.misc import CATEGORIES, misc_file, misc_pending, misc_processed
from tenancy.access import object_access, office_staff
from tenancy.policy import Cap


def _dossier_param(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


@office_staff
@require_GET
def misc_queue_view(request):
    dossier_id = _dossier_param(request.GET.get("dossier", ""))
    rows = list(misc_pending(user=request.user, dossier_id=dossier_id)[:200])
    done = list(misc_processed(user=request.user, dossier_id=dossier_id)[:20])
    categories = [(k, str(v)) for k, v in CATEGORIES.items()]
    labels = dict(categories)
    outcomes = {
        "archive": _("Filed to the archive"),
        "permanent": _("Permanent dossier"),
        "done": _("Done"),
    }
    for f in done:
        f.outcome_label = outcomes.get(f.outcome, f.outcome)  # type: ignore[attr-defined]
        f.category_label = labels.get(f.category, "")  # type: ignore[attr-defined]
    return render(
        request,
        "office/misc/queue.html",
        {"rows": rows, "done": done, "dossier_id": dossier_id, "categories": categories},
    )


def _is_misc(user, doc) -> bool:
    return doc.mailbox == Mailbox.MISC and doc.state in (DocState.SENT, DocState.BOOKED)


@object_access("documents.Document", Cap.WORKLIST, "document_id", check=_is_misc)
@require_POST
def misc_file_view(request, document_id: int):
    try:
        misc_file(
            actor=request.user,
            document=request.fidu_object,
            outcome=request.POST.get("outcome", ""),
            category=request.POST.get("category", ""),
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The document is processed."))
    back = request.POST.get("dossier", "")
    return redirect(reverse("office_misc") + (f"?dossier={back}" if back.isdigit() else ""))
