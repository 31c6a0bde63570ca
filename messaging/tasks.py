"""Tasks of a dossier (H4) and the generation of its legal deadlines."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task as background_task

from core.audit import audit_log
from core.texts import stored
from documents.selectors import document_visible
from messaging.deadlines import deadlines_for
from messaging.models import DossierCalendar, Task


def calendar_of(dossier) -> DossierCalendar:
    """The dossier's deadline settings; defaults (unsaved) when none were chosen."""
    return DossierCalendar.objects.filter(dossier=dossier).first() or DossierCalendar(
        dossier=dossier
    )


@transaction.atomic
def calendar_save(
    *, actor, dossier, vat_filing: str, intra_eu_listing: bool, advance_payments: bool
) -> DossierCalendar:
    cal, _created = DossierCalendar.objects.update_or_create(
        dossier=dossier,
        defaults={
            "vat_filing": vat_filing,
            "intra_eu_listing": intra_eu_listing,
            "advance_payments": advance_payments,
        },
    )
    audit_log(
        actor=actor,
        action="messaging.calendar_changed",
        obj=dossier,
        data={"vat_filing": vat_filing},
    )
    return cal


@transaction.atomic
def task_create(*, actor, dossier, title: str, due_date, assignee=None, document=None) -> Task:
    if document is not None and (
        document.dossier_id != dossier.pk or not document_visible(actor, document)
    ):
        raise ValidationError(_("This document is not one you can see in this dossier."))
    task = Task.objects.create(
        dossier=dossier,
        title=stored("%(text)s", text=title.strip()),
        due_date=due_date,
        assignee=assignee,
        document=document,
    )
    audit_log(actor=actor, action="messaging.task_created", obj=task)
    from messaging.notifications import task_assigned

    transaction.on_commit(lambda: task_assigned(task, actor))
    return task


@transaction.atomic
def task_done_set(*, actor, task: Task, done: bool) -> Task:
    task.done = done
    task.save(update_fields=["done"])
    audit_log(
        actor=actor, action="messaging.task_done" if done else "messaging.task_reopened", obj=task
    )
    return task


@dataclass(frozen=True)
class GenerationReport:
    created: int
    kept: int
    removed: int


@transaction.atomic
def deadlines_generate(*, dossier, year: int) -> GenerationReport:
    """Make the year's deadline tasks of the dossier; running it again changes nothing.

    Open generated tasks of the year that the settings no longer call for (a filer gone
    from monthly to quarterly) are removed; done ones are kept as history."""
    cal = calendar_of(dossier)
    wanted = deadlines_for(
        year=year,
        vat_filing=cal.vat_filing,
        intra_eu_listing=cal.intra_eu_listing,
        advance_payments=cal.advance_payments,
    )
    existing = {
        t.rule_key: t
        for t in Task.objects.filter(dossier=dossier, due_date__year=year).exclude(rule_key="")
    }
    created = kept = 0
    for d in wanted:
        if d.key in existing or Task.objects.filter(dossier=dossier, rule_key=d.key).exists():
            kept += 1
            continue
        Task.objects.create(dossier=dossier, title=d.title, due_date=d.due, rule_key=d.key)
        created += 1
    keys = {d.key for d in wanted}
    stale = [t.pk for k, t in existing.items() if k not in keys and not t.done]
    Task.objects.filter(pk__in=stale).delete()
    return GenerationReport(created=created, kept=kept, removed=len(stale))


@background_task()
def digest_send_task() -> int:
    """The digest as a background task (django-tasks), for a scheduler that enqueues it."""
    from messaging.notifications import digest_send, due_reminders_queue

    due_reminders_queue(timezone.localdate())
    return digest_send()
