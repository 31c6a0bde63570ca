"""C13: misc documents sent to the office are filed, or marked done, from one worklist."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import AuditEvent
from documents.models import DocState, Document, Mailbox
from office.misc import misc_file, misc_pending
from office.models import MiscFiling
from office.tests.factories import documents

pytestmark = pytest.mark.django_db


def _misc(dossier, n):
    return documents(dossier, n, state=DocState.SENT, mailbox=Mailbox.MISC)


def _monitor_misc(world, dossier):
    data = world.client_for(world.admin).get("/api/office/monitor").json()
    [row] = [r for r in data["rows"] if r["id"] == dossier.pk]
    return row["counters"]["misc"]["count"]


def test_the_three_outcomes_leave_the_queue_and_the_monitor(world):
    d = world.dossier
    a, b, c = _misc(d, 3)
    documents(d, 1, state=DocState.SENT)  # a purchase invoice is not misc
    assert misc_pending(user=world.admin).count() == 3
    assert _monitor_misc(world, d) == 3
    misc_file(actor=world.collaborator, document=a, outcome="archive")
    misc_file(actor=world.collaborator, document=b, outcome="permanent", category="leases")
    misc_file(actor=world.collaborator, document=c, outcome="done")
    assert misc_pending(user=world.admin).count() == 0
    assert _monitor_misc(world, d) == 0
    states = dict(Document.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "state"))
    assert states == {a.pk: DocState.BOOKED, b.pk: DocState.BOOKED, c.pk: DocState.SENT}
    assert MiscFiling.objects.get(document=b).category == "leases"
    events = AuditEvent.objects.filter(action="office.misc_filed").order_by("pk")
    assert [e.data["outcome"] for e in events] == ["archive", "permanent", "done"]
    with pytest.raises(ValidationError):
        misc_file(actor=world.collaborator, document=c, outcome="done")  # twice


def test_permanent_needs_a_category_and_bad_input_loses_nothing(world):
    [doc] = _misc(world.dossier, 1)
    url = reverse("office_misc_file", kwargs={"document_id": doc.pk})
    c = world.client_for(world.collaborator)
    r = c.post(url, {"outcome": "permanent", "category": ""}, follow=True)
    assert [m.level_tag for m in r.context["messages"]] == ["error"]
    assert not MiscFiling.objects.exists()
    assert c.get(reverse("office_misc")).content.decode().count("data-misc=") == 1
    c.post(url, {"outcome": "permanent", "category": "contracts"})
    assert MiscFiling.objects.get().outcome == "permanent"


def test_outsiders_neither_see_nor_file(world):
    [doc] = _misc(world.dossier, 1)
    [other] = _misc(world.other_dossier, 1)
    url = reverse("office_misc_file", kwargs={"document_id": doc.pk})
    for user in (world.outsider, world.clients["administrator"], world.stranger_office_admin):
        r = world.client_for(user).post(url, {"outcome": "done"})
        assert r.status_code in (302, 403, 404)
        if r.status_code == 302:
            assert "/login" in r["Location"]
    assert not MiscFiling.objects.exists()
    page = world.client_for(world.collaborator).get(reverse("office_misc")).content.decode()
    assert f'data-misc="{doc.pk}"' in page and f'data-misc="{other.pk}"' not in page
