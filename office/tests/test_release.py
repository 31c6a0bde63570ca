"""C11: documents of a client user the office checks first wait, unrecognised, until released."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from documents.models import DocumentStep, StepStatus
from office.models import Release
from recognition.models import Extraction, UsageCounter
from tenancy.models import DossierMembership

pytestmark = pytest.mark.django_db


def _checked(world, profile="administrator"):
    user = world.clients[profile]
    DossierMembership.objects.filter(dossier=world.dossier, user=user).update(
        validate_before_recognition=True
    )
    return user


def test_it_holds_the_documents_of_a_checked_user_before_recognition(world, handed_in):
    user = _checked(world)
    [doc] = handed_in(actor=user)
    steps = dict(DocumentStep.objects.filter(document=doc).values_list("name", "status"))
    assert steps["office_release"] == StepStatus.HELD
    assert steps["extraction"] == StepStatus.PENDING  # never ran
    assert not Extraction.objects.filter(document=doc).exists()
    assert not UsageCounter.objects.filter(dossier=world.dossier).exists()  # no credit used
    assert Release.objects.get(document=doc).released_at is None
    from documents.intake import is_processing

    assert not is_processing(doc)  # waits for a person, not a spinner


def test_other_users_documents_go_straight_on(world, handed_in):
    _checked(world)
    [doc] = handed_in(actor=world.clients["full_access"])
    step = DocumentStep.objects.get(document=doc, name="office_release")
    assert step.status == StepStatus.SKIPPED
    assert Extraction.objects.filter(document=doc).exists()
    assert not Release.objects.exists()


def test_a_collaborator_releases_it_and_recognition_runs(
    world, handed_in, django_capture_on_commit_callbacks
):
    user = _checked(world)
    [doc] = handed_in(actor=user)
    release = Release.objects.get(document=doc)
    c = world.client_for(world.collaborator)
    queue = c.get("/office/release/").content.decode()
    assert f'data-release="{release.pk}"' in queue
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/office/release/{release.pk}/")
    assert r.status_code == 302
    release.refresh_from_db()
    assert release.released_at is not None and release.released_by == world.collaborator
    step = DocumentStep.objects.get(document=doc, name="office_release")
    assert step.status == StepStatus.DONE
    assert Extraction.objects.filter(document=doc).exists()
    assert AuditEvent.objects.filter(action="office.document_released").count() == 1
    assert f'data-release="{release.pk}"' not in c.get("/office/release/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(f"/office/release/{release.pk}/")  # twice: nothing more
    assert AuditEvent.objects.filter(action="office.document_released").count() == 1


def test_the_monitor_counts_what_waits(world, handed_in):
    user = _checked(world)
    handed_in(actor=user)
    handed_in(actor=user, file=b"%PDF-1.4\n" + b"x" * 50 + b"\n%%EOF", name="b.pdf")
    row = world.client_for(world.admin).get("/api/office/monitor").json()["rows"][0]
    assert row["counters"]["to_release"]["count"] >= 1
    page = world.client_for(world.admin).get(row["counters"]["to_release"]["url"])
    assert page.status_code == 200


def test_outsiders_cannot_release(world, handed_in):
    user = _checked(world)
    [doc] = handed_in(actor=user)
    release = Release.objects.get(document=doc)
    for who in (world.unassigned_collaborator, world.outsider, world.clients["administrator"]):
        r = world.client_for(who).post(f"/office/release/{release.pk}/")
        assert r.status_code in (403, 404)
        assert f'data-release="{release.pk}"' not in (
            world.client_for(who).get("/office/release/").content.decode()
        )
    release.refresh_from_db()
    assert release.released_at is None


def test_the_flag_is_set_per_user_by_the_office(world):
    target = world.clients["doc_delivery"]
    m = DossierMembership.objects.get(dossier=world.dossier, user=target)
    c = world.client_for(world.collaborator)
    url = f"/d/{world.dossier.pk}/office/checks/"
    assert c.get(url).status_code == 200
    c.post(url, {"membership": m.pk, "on": "1"})
    m.refresh_from_db()
    assert m.validate_before_recognition
    assert AuditEvent.objects.filter(action="office.check_before_recognition").exists()
    assert (
        world.client_for(world.clients["administrator"])
        .post(url, {"membership": m.pk, "on": "0"})
        .status_code
        == 403
    )
    m.refresh_from_db()
    assert m.validate_before_recognition
