"""Tasks of a dossier (H4): the list with generated deadlines, adding one, ticking it off,
and for the office the settings the deadlines come from."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

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
    task_create(
        actor=request.user,
        dossier=request.dossier,
        title=form.cleaned_data["title"],
        due_date=form.cleaned_data["due_date"],
        assignee=assignee,
    )
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
