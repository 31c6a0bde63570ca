"""I3: the dossier activation checklist page (office staff who may configure the dossier)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from office.activation import PERSON_STEPS, checklist, step_tick
from tenancy.access import dossier_access
from tenancy.policy import Cap


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def checklist_view(request, dossier_id: int):
    dossier = request.dossier
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in PERSON_STEPS:
            raise Http404
        step_tick(
            actor=request.user, dossier=dossier, step=step, done=request.POST.get("done") == "1"
        )
        messages.success(request, _("Saved."))
        return redirect("office_checklist", dossier_id=dossier.pk)
    steps = checklist(dossier)
    left = [s for s in steps if not s.done]
    return render(
        request,
        "office/activation/checklist.html",
        {"dossier": dossier, "steps": steps, "left": len(left), "total": len(steps)},
    )
