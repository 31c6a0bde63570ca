"""Folders (F7): the office publishes, the client is told and sees it marked new; the
permanent dossier by office categories; links and My accountant pages (F8)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import PermanentCategory, Publication
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def publish(world, c, **extra):
    data = {
        "kind": "shared",
        "title": "Bilan 2025",
        "file": SimpleUploadedFile("bilan.pdf", b"%PDF-1.4 bilan", content_type="application/pdf"),
    }
    data.update(extra)
    return c.post(reverse("archive_publish", args=[world.dossier.pk]), data)


def test_the_office_publishes_and_the_client_is_notified_and_sees_it_new(
    world, django_capture_on_commit_callbacks
):
    office = world.client_for(world.collaborator)
    with django_capture_on_commit_callbacks(execute=True):
        r = publish(world, office)
    assert r.status_code == 302
    pub = Publication.objects.get()
    assert AuditEvent.objects.filter(action="archive.published").count() == 1
    recipients = {m.to[0] for m in mail.outbox}
    assert "administrator@client.test" in recipients
    assert "doc_processing@client.test" not in recipients  # no archive, no mail
    assert "outsider@client.test" not in recipients
    client = world.client_for(world.clients["administrator"])
    html = client.get(reverse("archive_folders", args=[world.dossier.pk])).content.decode()
    assert "Bilan 2025" in html and 'data-testid="new-badge"' in html
    r = client.post(reverse("archive_publication_open", args=[pub.pk]))
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert b"".join(r.streaming_content) == b"%PDF-1.4 bilan"
    html = client.get(reverse("archive_folders", args=[world.dossier.pk])).content.decode()
    assert 'data-testid="new-badge"' not in html


def test_the_permanent_dossier_needs_an_office_category(world):
    office = world.client_for(world.admin)
    publish(world, office, kind="permanent")
    assert not Publication.objects.exists()
    office.post(
        reverse("archive_publish", args=[world.dossier.pk]),
        {"action": "category", "name": "Statuts"},
    )
    cat = PermanentCategory.objects.get(office=world.office)
    publish(world, office, kind="permanent", category=cat.pk, title="Statuts 2020")
    pub = Publication.objects.get()
    assert pub.category == cat
    html = (
        world.client_for(world.clients["full_access"])
        .get(reverse("archive_folders", args=[world.dossier.pk]))
        .content.decode()
    )
    assert "Statuts 2020" in html


def test_clients_cannot_publish_and_others_cannot_open(world):
    publish(world, world.client_for(world.admin))
    pub = Publication.objects.get()
    client_admin = world.client_for(world.clients["administrator"])
    assert publish(world, client_admin).status_code == 403
    assert Publication.objects.count() == 1
    outsider = world.client_for(world.outsider)
    assert outsider.post(reverse("archive_publication_open", args=[pub.pk])).status_code == 404
    assert outsider.get(reverse("archive_publication_file", args=[pub.pk])).status_code == 404
    no_archive = world.client_for(world.clients["doc_processing"])
    assert no_archive.get(reverse("archive_publication_file", args=[pub.pk])).status_code == 403
    assert no_archive.get(reverse("archive_folders", args=[world.dossier.pk])).status_code == 403
    assert (
        client_admin.post(reverse("archive_publication_delete", args=[pub.pk])).status_code == 403
    )
    assert Publication.objects.exists()


def test_my_accountant_shows_the_office_and_the_dossier_manager(world):
    world.office.phone = "+32 2 123 45 67"
    world.office.save()
    world.dossier.manager = world.collaborator
    world.dossier.save()
    c = world.client_for(world.clients["doc_delivery"])
    html = c.get(reverse("archive_accountant", args=[world.dossier.pk])).content.decode()
    assert "Fiduciaire Test" in html and "+32 2 123 45 67" in html
    assert "collab@office.test" in html
    assert c.get(reverse("archive_links", args=[world.dossier.pk])).status_code == 200
    outsider = world.client_for(world.outsider)
    assert outsider.get(reverse("archive_accountant", args=[world.dossier.pk])).status_code == 404
