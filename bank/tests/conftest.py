import itertools

import pytest
from django.utils import translation

from tenancy.models import Dossier

_n = itertools.count()


@pytest.fixture
def world_factory(world):
    """A fresh dossier of the world's office and an account number of its own, per call (hypothesis runs many examples in one test)."""

    def make():
        n = next(_n)
        account = f"BE{n:014d}"  # an account belongs to one dossier of the office
        return Dossier.objects.create(office=world.office, name=f"Prop {n}"), account

    return make


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; one test reads them in French on purpose."""
    with translation.override("en"):
        yield


@pytest.fixture
def books(world):
    """world.dossier on the built-in ledger, fiscal years 2025 and 2026."""
    from ledger.services.periods import fiscal_year_create
    from ledger.services.setup import books_activate

    b = books_activate(actor=world.admin, dossier=world.dossier, year=2025)
    fiscal_year_create(actor=world.admin, dossier=world.dossier, year=2026)
    return b
