"""Every demo document shows its pages (issue 11: demo documents 13-17, made by the booking
demo without the intake pipeline, had no thumbnails and every list asked for a 404)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.storage import blob_bytes
from documents.models import Document
from documents.selectors import document_visible
from tenancy.models import DossierMembership, OfficeMember

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def candidates(doc):
    """The dossier's client users, then its office's people: one of them may open it."""
    for m in DossierMembership.objects.filter(dossier=doc.dossier_id).select_related("user"):
        yield m.user
    for m in OfficeMember.objects.filter(office=doc.dossier.office_id).select_related("user"):
        yield m.user


def test_every_demo_document_has_thumbnails_that_answer(
    settings, django_capture_on_commit_callbacks
):
    settings.FIDU_RECOGNITION_ON_INTAKE = False  # thumbnails need no OCR; keeps this fast
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    docs = list(Document.objects.order_by("pk"))
    assert len(docs) >= 17
    answered = set()
    for doc in docs:
        assert doc.page_count and doc.pages.count() == doc.page_count, doc.file_name
        reader = next((u for u in candidates(doc) if document_visible(u, doc)), None)
        if reader is None:  # a demo dossier without client users, unsent: nobody opens it
            for page in doc.pages.all():
                assert blob_bytes(page.thumb_id)[:3] == b"\xff\xd8\xff", doc.pk
            continue
        c = Client()
        c.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
        for number in range(1, doc.page_count + 1):
            r = c.get(reverse("document_thumb", args=[doc.pk, number]))
            assert r.status_code == 200 and r["Content-Type"] == "image/jpeg", (doc.pk, number)
            assert r.content[:3] == b"\xff\xd8\xff"  # a JPEG, not an error page
            answered.add(doc.pk)
    booking_demo = {d.pk for d in docs if d.file_name.startswith("demo-")}
    assert len(booking_demo) == 5 and booking_demo <= answered
    assert len(answered) >= 10
