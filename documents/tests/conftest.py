from __future__ import annotations

import pytest

from documents.intake import Incoming, IntakeMeta, intake_file
from documents.models import Mailbox, Source
from documents.tests.pdfs import make_pdf


@pytest.fixture
def ingest(world, django_capture_on_commit_callbacks):
    """Take bytes into world.dossier (or another) the way a channel would."""

    def _ingest(
        data: bytes | None = None,
        *,
        name="invoice.pdf",
        mailbox=Mailbox.PURCHASES,
        source=Source.UPLOAD,
        actor=None,
        dossier=None,
        meta=None,
        **kw,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            return intake_file(
                Incoming(
                    dossier=dossier or world.dossier,
                    mailbox=mailbox,
                    source=source,
                    file_name=name,
                    data=make_pdf(["Invoice 1"]) if data is None else data,
                    actor=actor,
                    meta=meta or IntakeMeta(),
                    **kw,
                )
            )

    return _ingest


@pytest.fixture(autouse=True)
def _no_recognition(settings, request):
    """Recognition (OCR) is the recognition app's business and slow; on only where a test asks."""
    if "with_recognition" not in request.fixturenames:
        settings.FIDU_RECOGNITION_ON_INTAKE = False


@pytest.fixture
def with_recognition():
    """Request this fixture to let intake call the recognition app."""


@pytest.fixture(autouse=True)
def _english(request, settings):
    """These tests read English messages; the world's users would otherwise see French."""
    from django.utils import translation

    from tenancy.models import User

    settings.LANGUAGE_CODE = "en"
    for name in ("world", "browser_world"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            User.objects.update(language="en")
    with translation.override("en"):
        yield
