"""B13 "VAT documents OK": the client's page per period, and the office's overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from messaging.vat_ok import period_states, vat_documents_declare, vat_documents_withdraw
from tenancy.access import dossier_access, office_staff
from tenancy.policy import Cap, can, dossiers_visible_to


@dossier_access(Cap.VIEW)
def vat_ok_view(request, dossier_id: int):
    dossier = request.dossier
    states = period_states([dossier], timezone.localdate(), count=8)[dossier.pk]
    return render(
        request,
        "messaging/vat_ok.html",
        {
            "dossier": dossier,
            "states": states,
            "can_declare": can(request.user, Cap.DOCUMENT_EDIT, dossier),
        },
    )


@require_POST
@dossier_access(Cap.DOCUMENT_EDIT)
def vat_ok_declare_view(request, dossier_id: int):
    period = request.POST.get("period", "")
    if request.POST.get("withdraw") == "1":
        vat_documents_withdraw(actor=request.user, dossier=request.dossier, period=period)
        messages.success(request, _("Withdrawn."))
    else:
        try:
            vat_documents_declare(actor=request.user, dossier=request.dossier, period=period)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your accountant sees that this period is complete."))
    return redirect("messaging_vat_ok", dossier_id=dossier_id)


@office_staff
def office_vat_ok_view(request):
    q = request.GET.get("q", "").strip()
    dossiers = dossiers_visible_to(request.user).filter(is_active=True).order_by("name")
    if q:
        dossiers = dossiers.filter(name__icontains=q)
    rows = list(dossiers[:300])
    states = period_states(rows, timezone.localdate(), count=4)
    missing = request.GET.get("missing") == "1"
    table = []
    for d in rows:
        s = states[d.pk]
        # "Missing": the last finished period is not declared complete yet.
        if missing and s[1].ok_at is not None:
            continue
        table.append((d, s))
    return render(
        request,
        "messaging/office_vat_ok.html",
        {"table": table, "q": q, "missing": missing},
    )
