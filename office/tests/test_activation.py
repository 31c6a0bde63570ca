"""I3: the activation checklist: steps read from the data, steps a person confirms."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from core.audit import AuditEvent
from ledger.models import FiscalYear, Period
from office.activation import STEPS, checklist, left_counts, step_tick
from office.models import ChecklistTick
from tenancy.models import DossierMembership, ValidationMode

pytestmark = pytest.mark.django_db


def _state(dossier):
    return {s.key: s.done for s in checklist(dossier)}


def test_data_steps_follow_the_data(world):
    d = world.dossier
    assert _state(d)["users"] is True  # the world has client users
    assert _state(d)["periods_closed"] is False  # no fiscal year yet
    fy = FiscalYear.objects.create(
        dossier=d, name="2024", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    p = Period.objects.create(
        dossier=d, fiscal_year=fy, number=1, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert _state(d)["periods_closed"] is False
    p.closed = True
    p.save()
    assert _state(d)["periods_closed"] is True
    DossierMembership.objects.filter(dossier=d).delete()
    d.validation_mode = ValidationMode.CLIENT
    d.save()
    st = _state(d)
    assert st["users"] is False and st["validation_owner"] is False


def test_left_counts_matches_the_page_and_a_tick_is_audited(world, django_assert_max_num_queries):
    d, other = world.dossier, world.other_dossier
    before = left_counts([d.pk, other.pk])
    assert before[d.pk] == sum(not s.done for s in checklist(d))
    assert before[other.pk] == sum(not s.done for s in checklist(other))
    assert step_tick(actor=world.admin, dossier=d, step="vat_exempt", done=True) is True
    assert step_tick(actor=world.admin, dossier=d, step="vat_exempt", done=True) is False
    assert left_counts([d.pk])[d.pk] == before[d.pk] - 1
    tick = ChecklistTick.objects.get(dossier=d, step="vat_exempt")
    assert tick.done_by == world.admin
    ev = AuditEvent.objects.get(action="office.checklist_ticked")
    assert ev.dossier_id == d.pk and ev.data == {"step": "vat_exempt"}
    with pytest.raises(ValueError):
        step_tick(actor=world.admin, dossier=d, step="users", done=True)  # read from data
    with django_assert_max_num_queries(6):
        left_counts([d.pk, other.pk])


def test_page_ticks_on_post_only_and_outsiders_get_nothing(world):
    d = world.dossier
    url = reverse("office_checklist", kwargs={"dossier_id": d.pk})
    c = world.client_for(world.admin)
    r = c.get(url)
    assert r.status_code == 200
    for _key, label, _u, _how in STEPS:
        assert str(label) in r.content.decode()
    assert not ChecklistTick.objects.exists()
    r = c.post(url, {"step": "numbering", "done": "1"})
    assert r.status_code == 302 and ChecklistTick.objects.filter(step="numbering").exists()
    c.post(url, {"step": "numbering", "done": "0"})
    assert not ChecklistTick.objects.exists()
    assert AuditEvent.objects.filter(action="office.checklist_unticked").count() == 1
    assert c.post(url, {"step": "users", "done": "1"}).status_code == 404
    for user in (world.outsider, world.clients["administrator"], world.stranger_office_admin):
        r = world.client_for(user).post(url, {"step": "numbering", "done": "1"})
        assert r.status_code in (403, 404)
    assert not ChecklistTick.objects.exists()


def test_monitor_shows_the_steps_left(world):
    r = world.client_for(world.admin).get(reverse("office_monitor"))
    n = left_counts([world.dossier.pk])[world.dossier.pk]
    assert f'data-checklist="{world.dossier.pk}"' in r.content.decode()
    assert f"{n} " in r.content.decode()
