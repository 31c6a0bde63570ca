"""Tasks of a dossier (H4): the list with generated deadlines, adding one, ticking it off,
and for the office the settings the deadlines come from."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from documents.models import Document
from messaging import selectors as sel
from messaging.audience import client_users, office_users
from messaging.forms import CalendarForm, TaskForm
from messaging.models import Task
from messaging.tasks import (
    calendar_of,
    calendar_save,
    deadlines_generate,
    task_create,
    task_done_set,
)
from tenancy.access import dossier_access
from tenancy.policy import Cap, can


def _people(dossier) -> list:
    return office_users(dossier) + client_users(dossier)


def _page(request, task_form=None, calendar_form=None):
    dossier = request.dossier
    open_only = request.GET.get("state") == "open"
    cal = calendar_of(dossier)
    configure = can(request.user, Cap.CONFIGURE, dossier)
    return render(
        request,
        "messaging/tasks.html",
        {
            "dossier": dossier,
            "tasks": sel.task_list(dossier=dossier, open_only=open_only),
            "open_only": open_only,
            "form": task_form or TaskForm(users=_people(dossier)),
            "calendar_form": (
                calendar_form
                or CalendarForm(
                    initial={
                        "vat_filing": cal.vat_filing,
                        "intra_eu_listing": cal.intra_eu_listing,
                        "advance_payments": cal.advance_payments,
                    }
                )
            )
            if configure
            else None,
            "year": date.today().year,
            "today": date.today(),
        },
    )


@dossier_access(Cap.TASKS)
def tasks_view(request, dossier_id: int):
    return _page(request)


@require_POST
@dossier_access(Cap.TASKS)
def task_new_view(request, dossier_id: int):
    people = _people(request.dossier)
    form = TaskForm(request.POST, users=people)
    if not form.is_valid():
        return _page(request, task_form=form)
    assignee = next((u for u in people if u.pk == form.cleaned_data["assignee"]), None)
    document = None
    raw = request.POST.get("document", "")
    if raw:
        # Only a document of this dossier the user may open (else the same 404 as elsewhere).
        document = Document.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if document is None or document.dossier_id != request.dossier.pk:
            raise Http404
    try:
        task_create(
            actor=request.user,
            dossier=request.dossier,
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
            assignee=assignee,
            document=document,
        )
    except ValidationError as exc:
        raise Http404 from exc
    back = request.POST.get("back", "")
    if document is not None and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        messages.success(request, _("Task added."))
        return redirect(back)
    return redirect("messaging_tasks", dossier_id=dossier_id)


@require_POST
@dossier_access(Cap.TASKS)
def task_done_view(request, dossier_id: int, task_id: int):
    task = get_object_or_404(Task, pk=task_id, dossier=request.dossier)
    task_done_set(actor=request.user, task=task, done=request.POST.get("done") == "1")
    return redirect("messaging_tasks", dossier_id=dossier_id)


@require_POST
@dossier_access(Cap.CONFIGURE)
def calendar_view(request, dossier_id: int):
    form = CalendarForm(request.POST)
    if not form.is_valid():
        return _page(request, calendar_form=form)
    calendar_save(actor=request.user, dossier=request.dossier, **form.cleaned_data)
    year = date.today().year
    report = deadlines_generate(dossier=request.dossier, year=year)
    messages.success(
        request,
        ngettext(
            "%(n)s deadline added for %(year)s.",
            "%(n)s deadlines added for %(year)s.",
            report.created,
        )
        % {"n": report.created, "year": year},
    )
    return redirect("messaging_tasks", dossier_id=dossier_id)


def _month(raw: str, today: date) -> date:
    """The first day of the month asked for (?month=2026-03), else of this month."""
    try:
        y, m = (int(x) for x in raw.split("-"))
        return date(y, m, 1) if 1900 < y < 3000 and 1 <= m <= 12 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@dossier_access(Cap.TASKS)
def month_view(request, dossier_id: int):
    """H4: the tasks of one month as a calendar grid (weeks from Monday); on a phone the
    same tasks as a list, day by day (the template shows one or the other by width)."""
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    # The grid shows the neighbouring months' days too, with their tasks.
    tasks = list(sel.task_list(dossier=request.dossier).filter(due_date__range=(start, end)))
    by_day: dict[date, list] = {}
    for t in tasks:
        by_day.setdefault(t.due_date, []).append(t)
    weeks: list[list[dict]] = []
    day = start
    while day <= end:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(
            {"date": day, "in_month": day.month == first.month, "tasks": by_day.get(day, [])}
        )
        day += timedelta(days=1)
    prev_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    return render(
        request,
        "messaging/tasks_month.html",
        {
            "dossier": request.dossier,
            "month": first,
            "weeks": weeks,
            "days": sorted((k, v) for k, v in by_day.items() if first <= k <= last),
            "today": today,
            "weekdays": [weeks[0][i]["date"] for i in range(7)],
            "prev": f"{prev_month:%Y-%m}",
            "next": f"{next_month:%Y-%m}",
        },
    )
