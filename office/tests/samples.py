"""Sample objects for the permission harness (tenancy/tests): one per model routes take."""

from __future__ import annotations

from office.models import Release
from office.tests.factories import documents


def _release(dossier):
    [doc] = documents(dossier, 1)
    return Release.objects.create(document=doc, dossier=dossier)


SAMPLES = {"office.Release": _release}
