from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from booking.models import Direction, Proposal, State, Status
from documents.models import DocState, Mailbox
from ledger.models import SyncState
from messaging.models import Conversation, Message, Task
from office.models import MonitorPrefs
from office.tests.factories import documents
from tenancy.models import ClientGroup, Dossier, ValidationMode

pytestmark = pytest.mark.django_db


def _proposal(dossier, doc, status=Status.COMPLETE, direction=Direction.PURCHASE):
    return Proposal.objects.create(
        dossier=dossier, document=doc, state=State.OPEN, status=status, direction=direction
    )


def _row(data, dossier):
    return next(r for r in data["rows"] if r["id"] == dossier.pk)


def test_it_counts_each_kind_of_work_per_dossier(world):
    d = world.dossier
    client = world.clients["administrator"]
    documents(d, 3, state=DocState.INBOX)
    sent = documents(d, 2, state=DocState.SENT)
    documents(d, 4, state=DocState.SENT, mailbox=Mailbox.MISC)
    documents(d, 1, state=DocState.DELETED)
    _proposal(d, sent[0])
    _proposal(d, sent[1], status=Status.CHECKED)
    Task.objects.create(dossier=d, title="VAT", due_date=date(2026, 1, 20))
    Task.objects.create(dossier=d, title="Old", due_date=date(2026, 1, 20), done=True)
    waiting = Conversation.objects.create(dossier=d, subject="Q", created_by=client)
    Message.objects.create(conversation=waiting, author=client, body="?")
    answered = Conversation.objects.create(dossier=d, subject="A", created_by=client)
    Message.objects.create(conversation=answered, author=client, body="?")
    Message.objects.create(conversation=answered, author=world.collaborator, body="!")
    SyncState.objects.create(
        dossier=d, sent_counter=7, status="ok", updated_until=date(2026, 3, 31)
    )

    r = world.client_for(world.collaborator).get("/api/office/monitor")
    assert r.status_code == 200
    data = r.json()
    assert [row["id"] for row in data["rows"]] == [d.pk]  # the collaborator's only dossier
    row = _row(data, d)
    c = row["counters"]
    assert c["unsent"] == {"count": 3, "url": None}  # no A6 consent: no link into the inbox
    assert c["to_validate"]["count"] == 2 and c["to_validate"]["office"] == 2
    assert c["misc"]["count"] == 4
    assert c["misc"]["url"] == f"/office/misc/?dossier={d.pk}"  # the office's worklist (C13)
    assert c["tasks"]["count"] == 1 and c["conversations"]["count"] == 1
    assert c["sent"]["count"] == 7
    assert row["updated_until"] == "2026-03-31" and row["sync_status"] == "ok"
    assert row["last_document"] is not None


def test_it_splits_to_validate_by_validation_mode(world):
    d = world.dossier
    sent = documents(d, 3, state=DocState.SENT)
    _proposal(d, sent[0])
    _proposal(d, sent[1])
    _proposal(d, sent[2], status=Status.CHECKED)
    admin = world.client_for(world.admin)
    d.validation_mode = ValidationMode.HYBRID
    d.save()
    c = _row(admin.get("/api/office/monitor").json(), d)["counters"]["to_validate"]
    assert (c["count"], c["client"], c["office"]) == (3, 2, 1)
    d.validation_mode = ValidationMode.CLIENT
    d.save()
    c = _row(admin.get("/api/office/monitor").json(), d)["counters"]["to_validate"]
    assert (c["client"], c["office"]) == (3, 0)
    page = admin.get("/office/").content.decode()
    assert "text-bg-success" in page  # green: the client validates


def test_every_count_links_to_a_list_that_shows_exactly_it(world):
    d = world.dossier
    d.allow_accountant_unsent = True
    d.save()
    client = world.clients["administrator"]
    documents(d, 2, state=DocState.INBOX)
    documents(d, 3, state=DocState.SENT, mailbox=Mailbox.MISC)
    Task.objects.create(dossier=d, title="Pay the rent", due_date=date(2026, 1, 20))
    Task.objects.create(dossier=d, title="Closed one", due_date=date(2026, 1, 20), done=True)
    conv = Conversation.objects.create(dossier=d, subject="Waiting one", created_by=client)
    Message.objects.create(conversation=conv, author=client, body="?")
    other = Conversation.objects.create(dossier=d, subject="Answered one", created_by=client)
    Message.objects.create(conversation=other, author=world.admin, body="!")
    office = world.client_for(world.admin)
    c = _row(office.get("/api/office/monitor").json(), d)["counters"]
    assert office.get(c["unsent"]["url"]).content.decode().count("doc-") >= 2
    misc = office.get(c["misc"]["url"])
    assert misc.status_code == 200 and len(misc.context["rows"]) == 3
    tasks = office.get(c["tasks"]["url"]).content.decode()
    assert "Pay the rent" in tasks and "Closed one" not in tasks
    convs = office.get(c["conversations"]["url"]).content.decode()
    assert "Waiting one" in convs and "Answered one" not in convs


def test_it_filters_searches_and_sorts(world):
    a, b = world.dossier, world.other_dossier
    documents(b, 5, state=DocState.SENT, mailbox=Mailbox.MISC)
    documents(a, 1, state=DocState.SENT, mailbox=Mailbox.MISC)
    group = ClientGroup.objects.create(office=world.office, name="Ghent")
    b.client_groups.add(group)
    a.manager = world.admin
    a.save()
    c = world.client_for(world.admin)

    def ids(query: str) -> list[int]:
        return [r["id"] for r in c.get("/api/office/monitor" + query).json()["rows"]]

    assert ids("") == [a.pk, b.pk]  # by name
    assert ids("?sort=misc&dir=desc") == [b.pk, a.pk]
    assert ids("?sort=misc&dir=asc") == [a.pk, b.pk]
    assert ids("?q=beta") == [b.pk]
    assert ids("?q=0411905847") == [a.pk]
    assert ids(f"?group={group.pk}") == [b.pk]
    assert ids(f"?manager={world.admin.pk}") == [a.pk]
    assert ids("?mine=1") == [a.pk]
    b.is_active = False
    b.save()
    assert ids("") == [a.pk]
    assert ids("?status=inactive") == [b.pk]
    assert ids("?status=all") == [a.pk, b.pk]
    assert ids("?sort=nonsense&dir=up&page=999") == [a.pk]  # bad input falls back
    assert c.get("/api/office/monitor?page=x").status_code == 422


def test_the_page_sorts_asc_desc_then_none(world):
    c = world.client_for(world.admin)
    page = c.get("/office/")
    html = page.content.decode()
    assert 'href="?sort=misc&amp;dir=asc"' in html
    html = c.get("/office/?sort=misc&dir=asc").content.decode()
    assert 'href="?sort=misc&amp;dir=desc"' in html
    html = c.get("/office/?sort=misc&dir=desc").content.decode()
    assert 'data-sort="misc"' in html and 'href="?" data-sort="misc"' in html


def test_columns_are_chosen_and_remembered_per_user(world):
    c = world.client_for(world.admin)
    r = c.post("/office/monitor/columns/", {"columns": ["misc", "tasks", "bogus"]})
    assert r.status_code == 302
    assert MonitorPrefs.objects.get(user=world.admin).columns == ["misc", "tasks"]
    html = c.get("/office/").content.decode()
    assert 'data-col="misc"' in html and 'data-col="unsent"' not in html
    other = world.client_for(world.collaborator).get("/office/").content.decode()
    assert 'data-col="unsent"' in other
    c.post("/office/monitor/columns/", {"columns": []})  # nothing ticked: back to all
    assert not MonitorPrefs.objects.filter(user=world.admin).exists()


def test_the_query_count_does_not_grow_with_the_dossiers(world):
    c = world.client_for(world.admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/api/office/monitor").status_code == 200
        return len(ctx.captured_queries)

    documents(world.dossier, 3, state=DocState.SENT, mailbox=Mailbox.MISC)
    few = queries()
    for i in range(30):
        d = Dossier.objects.create(office=world.office, name=f"Z {i:02}", manager=world.admin)
        documents(d, 2, state=DocState.INBOX)
        Task.objects.create(dossier=d, title="t", due_date=date(2026, 1, 20))
    many = queries()
    assert many == few
    page = c.get("/api/office/monitor").json()
    assert page["count"] == 32 and len(page["rows"]) == 32


def test_outsiders_and_clients_get_nothing(world):
    assert world.client_for(None).get("/api/office/monitor").status_code == 401
    for user in (world.clients["administrator"], world.outsider):
        assert world.client_for(user).get("/api/office/monitor").status_code == 403
        assert world.client_for(user).get("/office/").status_code == 403
    stranger = world.client_for(world.stranger_office_admin).get("/api/office/monitor").json()
    assert stranger["rows"] == []


def test_support_sees_its_assigned_worklists_only(world):
    c = world.client_for(world.support)
    rows = c.get("/api/office/monitor").json()["rows"]
    assert [r["id"] for r in rows] == [world.dossier.pk]
    html = c.get("/office/").content.decode()
    assert 'data-col="to_validate"' in html and 'data-col="tasks"' not in html


def test_office_home_lands_on_the_monitor(world):
    r = world.client_for(world.collaborator).get("/")
    assert r.status_code == 302 and r["Location"] == "/office/"
    assert world.client_for(world.admin).get("/office/dossiers/").status_code == 200
    assert timezone.now()
