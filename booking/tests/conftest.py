from __future__ import annotations

import pytest

from booking.tests import factories


@pytest.fixture
def books(world):
    """world.dossier with activated books (Belgian chart, 2026) and a supplier with history."""
    from tenancy.models import User

    User.objects.all().update(language="en")  # assertions read English messages
    factories.books(world.dossier)
    cp = factories.supplier(world.dossier)
    factories.history(world.dossier, cp, n=3)
    return world.dossier


@pytest.fixture(autouse=True)
def _no_recognition(settings):
    settings.FIDU_RECOGNITION_ON_INTAKE = False


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield
