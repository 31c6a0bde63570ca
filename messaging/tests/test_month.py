"""H4: the month calendar (grid, and a list on a phone) and tasks on a document."""

from __future__ import annotations

from datetime import date

import pytest

from booking.tests import factories
from messaging.models import Task
from messaging.tasks import task_create
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db


def test_month_grid_and_list(world):
    d = world.dossier
    task_create(actor=world.admin, dossier=d, title="Inventaire <b>", due_date=date(2026, 3, 31))
    task_create(actor=world.admin, dossier=d, title="Avril", due_date=date(2026, 4, 1))
    c = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    page = c.get(f"/d/{d.pk}/tasks/month/?month=2026-03").content.decode()
    # March 2026 starts on a Sunday: the grid starts Monday 23 February, ends Sunday 5 April.
    assert 'data-day="2026-02-23"' in page and 'data-day="2026-04-05"' in page
    assert 'data-day="2026-04-06"' not in page
    assert page.count('data-testid="month-task"') == 2  # 31 March, and 1 April in the grid
    assert "Inventaire &lt;b&gt;" in page and "Inventaire <b>" not in page
    assert "?month=2026-02" in page and "?month=2026-04" in page
    # The phone list holds the month's own tasks only.
    phone = page.split('data-testid="task-month-list"')[1]
    assert "Inventaire" in phone and "Avril" not in phone
    # Nonsense falls back to this month; an outsider sees nothing.
    assert c.get(f"/d/{d.pk}/tasks/month/?month=99-xx").status_code == 200
    assert world.client_for(world.outsider).get(f"/d/{d.pk}/tasks/month/").status_code == 404


def test_task_on_a_document(world, settings):
    settings.FIDU_RECOGNITION_ON_INTAKE = False
    doc = factories.sent_document(world.dossier, name="bail.pdf")
    other = factories.sent_document(world.other_dossier, name="autre.pdf")
    c = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    assert 'data-testid="document-task-form"' in c.get(f"/documents/{doc.pk}/").content.decode()
    r = c.post(
        f"/d/{world.dossier.pk}/tasks/new/",
        {
            "title": "Renouveler",
            "due_date": "2026-05-04",
            "document": doc.pk,
            "back": f"/documents/{doc.pk}/",
        },
    )
    assert r.status_code == 302 and r["Location"] == f"/documents/{doc.pk}/"
    assert Task.objects.get().document == doc
    assert "bail.pdf" in c.get(f"/d/{world.dossier.pk}/tasks/").content.decode()
    # Another dossier's document is refused and nothing is made.
    r = c.post(
        f"/d/{world.dossier.pk}/tasks/new/",
        {"title": "x", "due_date": "2026-05-04", "document": other.pk},
    )
    assert r.status_code == 404 and Task.objects.count() == 1
