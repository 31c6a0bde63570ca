"""One store for what the office shares (F7): a report, a VAT return or a listing the
office publishes in feedback lands in the archive's Shared by my accountant (through the
`"shared_publish"` extension point: feedback sits below archive), the client is told and
sees it marked new; the old feedback store's published reports move there by migration
archive/0004, none lost."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from archive.models import Publication, PublicationKind
from core.storage import blob_put
from feedback.models import ReportFile, ReportStatus
from feedback.tests.books import post_books

pytestmark = pytest.mark.django_db


def _done_report(world, kind="balance_sheet", data=b"%PDF-1.4 balance", **extra):
    blob = blob_put(data, content_type="application/pdf")
    return ReportFile.objects.create(
        dossier=world.dossier,
        kind=kind,
        fmt="pdf",
        status=ReportStatus.DONE,
        blob=blob,
        file_name=f"{kind}-2026.pdf",
        **{"params": {"year": 2026}, **extra},
    )


def test_publish_as_office_then_the_client_sees_it_new_and_others_get_404(
    world, django_capture_on_commit_callbacks
):
    report = _done_report(world)
    d = world.dossier.pk
    office = world.client_for(world.collaborator)
    with django_capture_on_commit_callbacks(execute=True):
        r = office.post(reverse("feedback_report_publish", args=[d, report.pk]))
    assert r.status_code == 302
    pub = Publication.objects.get()
    assert (pub.kind, pub.source, pub.blob_id) == (
        PublicationKind.SHARED,
        f"feedback.report:{report.pk}",
        report.blob_id,
    )
    assert pub.title == "Bilan 2026"  # the dossier's language (French)
    recipients = {m.to[0] for m in mail.outbox}
    assert "administrator@client.test" in recipients and "outsider@client.test" not in recipients
    # Publishing again while it is shared adds nothing.
    office.post(reverse("feedback_report_publish", args=[d, report.pk]))
    assert Publication.objects.count() == 1

    client = world.client_for(world.clients["administrator"])
    html = client.get(reverse("archive_folders", args=[d])).content.decode()
    assert "Bilan 2026" in html and 'data-testid="new-badge"' in html
    assert client.get(reverse("feedback_shared", args=[d]))["Location"].startswith(
        reverse("archive_folders", args=[d])
    )
    opened = client.post(reverse("archive_publication_open", args=[pub.pk]))
    got = client.get(opened["Location"])
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 balance"
    # Another dossier's user, and another office, never reach the file.
    for user in (world.outsider, world.stranger_office_admin):
        other = world.client_for(user)
        assert other.get(reverse("archive_publication_file", args=[pub.pk])).status_code == 404
        assert other.post(reverse("archive_publication_open", args=[pub.pk])).status_code == 404
    # Withdrawn from feedback: it leaves the folder.
    office.post(reverse("feedback_report_publish", args=[d, report.pk]), {"withdraw": "1"})
    assert not Publication.objects.exists()
    report.refresh_from_db()
    assert report.published_at is None


def test_a_vat_return_published_by_the_office_lands_in_the_folder(world):
    post_books(world)
    office = world.client_for(world.admin)
    r = office.post(reverse("feedback_vat_publish", args=[world.dossier.pk]), {"period": "2026-03"})
    assert r.status_code == 302
    pub = Publication.objects.get(kind=PublicationKind.SHARED)
    assert pub.content_type == "application/pdf" and "2026-03" in pub.title


def test_the_migration_moves_every_published_report_and_keeps_what_was_read(world):
    migration = importlib.import_module("archive.migrations.0004_feedback_shared_reports")
    when = timezone.now() - timedelta(days=30)
    read = _done_report(world, published_at=when, seen_at=when, published_by=world.admin)
    unread = _done_report(
        world,
        kind="vat_summary",
        data=b"%PDF-1.4 vat",
        published_at=when,
        params={"period": "2026-Q1"},
    )
    _done_report(world, kind="trial_balance", data=b"%PDF-1.4 tb")  # never published
    migration.forwards(django_apps, None)
    migration.forwards(django_apps, None)  # run twice: nothing added
    pubs = {p.source: p for p in Publication.objects.all()}
    assert set(pubs) == {f"feedback.report:{read.pk}", f"feedback.report:{unread.pk}"}
    moved = pubs[f"feedback.report:{read.pk}"]
    assert (moved.blob_id, moved.published_at, moved.published_by) == (
        read.blob_id,
        when,
        world.admin,
    )
    assert moved.title == "Bilan 2026"
    assert pubs[f"feedback.report:{unread.pk}"].title == "Résumé TVA par grille 2026-Q1"
    client_user = world.clients["administrator"]
    assert moved.opened_by.filter(pk=client_user.pk).exists()
    assert not pubs[f"feedback.report:{unread.pk}"].opened_by.exists()
    html = world.client_for(client_user).get(reverse("archive_folders", args=[world.dossier.pk]))
    assert html.content.decode().count('data-testid="new-badge"') == 1
