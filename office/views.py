"""Pages of the office's cockpit: the active-clients monitor (I1) and the C11 queue."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import selectors as sel
from office.activation import left_counts, may_activate
from office.numbering import numbering_enabled
from office.services import (
    document_release,
    membership_check_set,
    monitor_columns_save,
    numbering_check_set,
)
from tenancy.access import dossier_access, object_access, office_staff
from tenancy.models import DossierMembership, OfficeRole
from tenancy.policy import Cap, office_member
from tenancy.selectors import access_requests_for_office, dossier_list_for_user


def _column_labels() -> dict[str, str]:
    return {
        "unsent": _("Not sent"),
        "to_validate": _("To validate"),
        "sent": _("Sent since reset"),
        "misc": _("Misc pending"),
        "to_release": _("To release"),
        "tasks": _("Open tasks"),
        "conversations": _("Conversations waiting"),
        "last_document": _("Last document"),
        "updated_until": _("Updated until"),
        "sync": _("Synchronisation"),
        "manager": _("Manager"),
    }


def monitor_ctx(request) -> dict:
    f = sel.monitor_filter(request.GET)
    result = sel.monitor(user=request.user, f=f)
    shown = sel.monitor_columns(request.user)
    labels = _column_labels()
    base = request.GET.copy()
    base.pop("page", None)

    def sort_url(key: str) -> str:
        # asc -> desc -> no sort, as in the booking worklist.
        q = base.copy()
        for k in ("sort", "dir"):
            q.pop(k, None)
        if f.sort != key:
            q.update({"sort": key, "dir": "asc"})
        elif f.dir == "asc":
            q.update({"sort": key, "dir": "desc"})
        return "?" + q.urlencode()

    def page_url(n: int) -> str:
        q = base.copy()
        q["page"] = str(n)
        return "?" + q.urlencode()

    columns = [{"key": "name", "label": _("Dossier")}] + [
        {"key": k, "label": labels[k]} for k in sel.COLUMNS if k in shown
    ]
    for c in columns:
        c["url"] = sort_url(c["key"])
        c["dir"] = f.dir if f.sort == c["key"] else ""
    for row in result.rows:
        row.cells = [(k, row.counters.get(k)) for k in shown]  # type: ignore[attr-defined]
    # I3: the activation steps left, a badge beside the name (fixed number of queries).
    member = office_member(request.user)
    # Support users cannot configure dossiers: no badge leading to a page they may not open.
    can_configure = member is not None and member.role != OfficeRole.SUPPORT
    left = left_counts([row.id for row in result.rows]) if can_configure else {}
    for row in result.rows:
        row.checklist_left = left.get(row.id, 0)  # type: ignore[attr-defined]
    # Clients' access requests (A5) stay in front of the office on its landing page.
    access_requests = (
        access_requests_for_office(office=member.office).filter(
            dossier__in=dossier_list_for_user(user=request.user)
        )
        if member is not None
        else []
    )
    return {
        "mass_url": _mass_message_url(f, member, result.count),
        "access_requests": access_requests,
        "f": f,
        "result": result,
        "columns": columns,
        "shown": shown,
        "all_columns": [(k, labels[k]) for k in sel.columns_for(request.user)],
        "choices": sel.monitor_choices(request.user),
        "statuses": [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
        "prev_url": page_url(result.page - 1) if result.has_previous else "",
        "next_url": page_url(result.page + 1) if result.has_next else "",
        "is_office_admin": member is not None and member.role == "admin",
        "can_activate": member is not None and may_activate(request.user, member.office),
    }


def _mass_message_url(f: sel.MonitorFilter, member, count: int) -> str:
    """H3 from the monitor: messaging's mass message with the monitor's filters carried over
    (it writes to active dossiers only; support users send no messages)."""
    if member is None or member.role == OfficeRole.SUPPORT or f.status == "inactive" or not count:
        return ""
    query: dict[str, str] = {}
    if f.q:
        query["q"] = f.q
    if f.group:
        query["group"] = str(f.group)
    if f.manager:
        query["manager"] = str(f.manager)
    if f.mine:
        query["mine"] = "on"
    return reverse("messaging_mass") + ("?" + urlencode(query) if query else "")


@office_staff
@require_GET
def monitor_view(request):
    ctx = monitor_ctx(request)
    template = "office/_monitor_rows.html" if request.htmx else "office/monitor.html"
    return render(request, template, ctx)


@office_staff
@require_POST
def monitor_columns_view(request):
    monitor_columns_save(actor=request.user, columns=request.POST.getlist("columns"))
    messages.success(request, _("Your columns are saved."))
    back = request.POST.get("back", "")
    # Only a query string of the monitor itself: never an address from the form.
    query = back if back.startswith("?") and "//" not in back else ""
    return redirect(reverse("office_monitor") + query)


@office_staff
@require_GET
def release_queue_view(request):
    raw = request.GET.get("dossier", "")
    dossier_id = int(raw) if raw.isdigit() else None
    rows = list(sel.release_queue(user=request.user, dossier_id=dossier_id)[:200])
    return render(request, "office/release.html", {"rows": rows, "dossier_id": dossier_id})


@object_access("office.Release", Cap.WORKLIST, "release_id")
@require_POST
def release_view(request, release_id: int):
    release = request.fidu_object
    if document_release(actor=request.user, release=release):
        messages.success(request, _("The document goes on to recognition."))
    else:
        messages.info(request, _("This document was released already."))
    back = request.POST.get("dossier", "")
    return redirect(reverse("office_release") + (f"?dossier={back}" if back.isdigit() else ""))


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def checks_view(request, dossier_id: int):
    """C11 per client user: "documents sent by this user are checked by the office first"."""
    dossier = request.dossier
    memberships = list(
        DossierMembership.objects.filter(dossier=dossier).select_related("user").order_by("pk")
    )
    if request.method == "POST" and "numbering" in request.POST:
        numbering_check_set(
            actor=request.user, dossier=dossier, on=request.POST.get("numbering") == "1"
        )
        messages.success(request, _("Saved."))
        return redirect("office_checks", dossier_id=dossier.pk)
    if request.method == "POST":
        raw = request.POST.get("membership", "")
        membership = next((m for m in memberships if str(m.pk) == raw), None)
        if membership is None:
            raise Http404
        membership_check_set(
            actor=request.user, membership=membership, on=request.POST.get("on") == "1"
        )
        messages.success(request, _("Saved."))
        return redirect("office_checks", dossier_id=dossier.pk)
    ctx = {
        "dossier": dossier,
        "memberships": memberships,
        "numbering": numbering_enabled(dossier),
    }
    return render(request, "office/checks.html", ctx)
