from __future__ import annotations

import pytest

# "A document handed in" is the shared `handed_in` fixture of the root conftest.py.


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
