"""I1: the monitor's stored counters (DossierCounters) equal a fresh count after every move
of a document through its life, whoever writes it (services, bulk updates, deletions), and
under concurrent transactions on PostgreSQL."""

from __future__ import annotations

import contextlib
import threading
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction

from booking.models import Direction, Proposal, State, Status
from booking.services.edit import proposal_delete, proposals_mark_checked
from documents.models import DocState, Document, Mailbox
from documents.services import document_delete, document_mark_booked, document_send_to_office
from office.counters import COUNTERS, fresh_counts, recount, stored_counts
from office.misc import misc_file
from office.models import DossierCounters, MiscFiling, Release
from office.services import document_release
from office.tests.factories import documents
from tenancy.models import Dossier, DossierMembership

pytestmark = pytest.mark.django_db


def counts(dossier) -> dict[str, int]:
    """The stored counters, after asserting they equal a fresh count of every dossier."""
    zero = dict.fromkeys(COUNTERS, 0)
    ids = list(Dossier.objects.values_list("pk", flat=True))
    stored, fresh = stored_counts(ids), fresh_counts(ids)
    for pk in ids:
        assert stored.get(pk, zero) == fresh.get(pk, zero), f"dossier {pk}"
    return stored.get(dossier.pk, zero)


def _proposal(dossier, doc, status=Status.COMPLETE, direction=Direction.PURCHASE):
    return Proposal.objects.create(
        dossier=dossier, document=doc, state=State.OPEN, status=status, direction=direction
    )


def test_a_document_moves_through_its_life(world, handed_in, django_capture_on_commit_callbacks):
    d, actor = world.dossier, world.collaborator
    client = world.clients["administrator"]
    assert counts(d)["unsent"] == 0
    [a] = handed_in(actor=client)  # upload
    [b] = handed_in(actor=client, file=b"%PDF-1.4\n" + b"b" * 60 + b"\n%%EOF", name="b.pdf")
    [c] = handed_in(actor=client, file=b"%PDF-1.4\n" + b"c" * 60 + b"\n%%EOF", name="c.pdf")
    assert counts(d)["unsent"] == 3
    document_delete(actor=client, document=Document.objects.get(pk=c.pk))  # delete
    assert counts(d)["unsent"] == 2
    with django_capture_on_commit_callbacks(execute=True):  # send: booking makes proposals
        document_send_to_office(actor=client, documents=list(Document.objects.filter(pk=a.pk)))
    n = counts(d)
    assert n["unsent"] == 1
    p = Proposal.objects.filter(document=a).first() or _proposal(d, Document.objects.get(pk=a.pk))
    assert counts(d)["open"] == 1
    Proposal.objects.filter(pk=p.pk).update(status=Status.COMPLETE)
    done, _errors = proposals_mark_checked(actor=actor, proposals=[Proposal.objects.get(pk=p.pk)])
    if not done:  # a recognition without the fields checking needs: validate by hand
        Proposal.objects.filter(pk=p.pk).update(status=Status.CHECKED)
    assert counts(d)["checked"] == 1  # validate
    Proposal.objects.filter(pk=p.pk).update(state=State.SENT)  # book
    document_mark_booked(actor=actor, document=Document.objects.get(pk=a.pk), office_number="1")
    n = counts(d)
    assert (n["open"], n["checked"], n["unsent"]) == (0, 0, 1)
    # A proposal deleted by the office discards its sent document.
    with django_capture_on_commit_callbacks(execute=True):
        document_send_to_office(actor=client, documents=list(Document.objects.filter(pk=b.pk)))
    q = Proposal.objects.filter(document=b).first() or _proposal(
        d, Document.objects.get(pk=b.pk), direction=Direction.SALES
    )
    assert counts(d)["open"] == 1
    proposal_delete(actor=actor, proposal=q)
    assert counts(d) == dict.fromkeys(COUNTERS, 0)


def test_misc_documents_are_pending_until_filed(world):
    d, actor = world.dossier, world.collaborator
    a, b, c = documents(d, 3, state=DocState.INBOX, mailbox=Mailbox.MISC)
    assert counts(d)["misc"] == 0 and counts(d)["unsent"] == 3
    document_send_to_office(actor=actor, documents=[a, b, c])
    assert counts(d)["misc"] == 3 and counts(d)["unsent"] == 0
    misc_file(actor=actor, document=a, outcome="archive")
    misc_file(actor=actor, document=b, outcome="done")  # stays sent, no longer pending
    assert counts(d)["misc"] == 1
    MiscFiling.objects.filter(document=b).delete()  # undone: pending again
    assert counts(d)["misc"] == 2
    misc_file(actor=actor, document=b, outcome="permanent", category="leases")
    Document.objects.filter(pk=c.pk).delete()  # a hard delete, filing or not
    Document.objects.filter(pk=b.pk).delete()
    assert counts(d)["misc"] == 0


def test_held_documents_count_until_released(world, handed_in):
    d = world.dossier
    user = world.clients["administrator"]
    DossierMembership.objects.filter(dossier=d, user=user).update(validate_before_recognition=True)
    [doc] = handed_in(actor=user)
    assert counts(d)["to_release"] == 1
    document_release(actor=world.collaborator, release=Release.objects.get(document=doc))
    assert counts(d)["to_release"] == 0


def test_bulk_writes_moves_between_dossiers_and_deleted_dossiers(world):
    a, b = world.dossier, world.other_dossier
    docs = documents(a, 5, state=DocState.INBOX)
    _proposal(a, documents(a, 1, state=DocState.SENT)[0], direction=Direction.SALES)
    Document.objects.filter(pk__in=[x.pk for x in docs[:2]]).update(dossier=b)
    Proposal.objects.update(dossier=b)
    assert counts(a)["unsent"] == 3 and counts(b)["unsent"] == 2
    assert counts(b)["open_sales"] == 1 and counts(a)["open"] == 0
    Document.objects.filter(dossier=a, state=DocState.INBOX).update(state=DocState.APPROVED)
    assert counts(a)["unsent"] == 3
    Document.objects.filter(dossier=a).delete()
    assert counts(a)["unsent"] == 0
    Document.objects.filter(dossier=b).delete()  # documents protect their dossier
    b.delete()  # its counters go with it
    assert not DossierCounters.objects.filter(dossier_id=b.pk).exists()
    assert counts(a) == dict.fromkeys(COUNTERS, 0)


def test_the_recount_repairs_a_drift_and_says_so(world):
    d = world.dossier
    documents(d, 4, state=DocState.INBOX)
    DossierCounters.objects.filter(dossier=d).update(unsent=99, misc=-1)
    assert recount([d.pk]) == {d.pk: {"unsent": (99, 4), "misc": (-1, 0)}}
    assert counts(d)["unsent"] == 4
    DossierCounters.objects.all().delete()  # e.g. a dump restored without the table's rows
    out = StringIO()
    call_command("office_recount", stdout=out)
    assert f"dossier {d.pk}: unsent 0 -> 4" in out.getvalue()
    assert counts(d)["unsent"] == 4
    out = StringIO()
    call_command("office_recount", stdout=out)
    assert out.getvalue().strip() == "0 dossiers corrected"


def test_the_monitor_shows_the_stored_counters(world):
    d = world.dossier
    documents(d, 2, state=DocState.INBOX)
    DossierCounters.objects.filter(dossier=d).update(unsent=7)  # what the page reads
    row = next(
        r
        for r in world.client_for(world.admin).get("/api/office/monitor").json()["rows"]
        if r["id"] == d.pk
    )
    assert row["counters"]["unsent"]["count"] == 7


# --- Concurrency: several processes (here threads, each its own connection) at once.


def _in_threads(jobs) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer")
@pytest.mark.django_db(transaction=True)
def test_concurrent_transactions_add_up_on_postgresql(world):
    d = world.dossier
    docs = documents(d, 40, state=DocState.INBOX)
    misc = documents(d, 10, state=DocState.SENT, mailbox=Mailbox.MISC)
    actor = world.collaborator

    def send(chunk):
        def job():
            for x in chunk:  # one transaction per document, interleaved with the others
                with transaction.atomic():
                    Document.objects.filter(pk=x.pk).update(state=DocState.SENT)
                    _proposal(d, x, status=Status.CHECKED if x.pk % 2 else Status.COMPLETE)

        return job

    def upload():
        for _ in range(10):
            with transaction.atomic():
                documents(d, 2, state=DocState.INBOX)

    def file_misc():
        for x in misc:
            with contextlib.suppress(ValidationError):  # booked meanwhile by the other
                misc_file(actor=actor, document=x, outcome="done")

    def book_misc():  # races the filing of the same documents
        for x in reversed(misc[5:]):
            Document.objects.filter(pk=x.pk).update(state=DocState.BOOKED)

    _in_threads([send(docs[0::3]), send(docs[1::3]), send(docs[2::3]), upload])
    n = counts(d)
    assert (n["unsent"], n["open"]) == (20, 40)
    _in_threads([file_misc, book_misc])
    assert counts(d)["misc"] == 0


def test_the_monitor_reads_no_more_rows_for_more_dossiers_or_documents(world):
    from django.test.utils import CaptureQueriesContext

    c = world.client_for(world.admin)

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/api/office/monitor").status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    few = queries()
    for i in range(20):
        d = Dossier.objects.create(office=world.office, name=f"Y {i:02}")
        documents(d, 3, state=DocState.INBOX)
        documents(d, 2, state=DocState.SENT, mailbox=Mailbox.MISC)
    many = queries()
    assert len(many) == len(few)
    # No query of the page reads the documents or proposals tables but the last-document
    # probe: the counts come from the counters rows.
    assert not any("booking_proposal" in q for q in many)
    assert sum("documents_document" in q for q in many) == 1


def test_last_document_is_shown_and_sorted(world):
    from datetime import timedelta

    from django.utils import timezone

    a, b = world.dossier, world.other_dossier
    [old] = documents(a, 1)
    documents(b, 1)
    Document.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    c = world.client_for(world.admin)
    for query in ("", "?sort=last_document&dir=desc", "?sort=last_document&dir=asc"):
        rows = c.get("/api/office/monitor" + query).json()["rows"]
        assert all(r["last_document"] for r in rows), query
        if query:
            ids = [r["id"] for r in rows]
            assert ids == ([b.pk, a.pk] if "desc" in query else [a.pk, b.pk]), query
