import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def account(world):
    from bank.models import BankAccount

    return BankAccount.objects.create(
        dossier=world.dossier, number="BE68539007547034", holder="Alpha SRL"
    )


@pytest.fixture
def supplier(world):
    """world.dossier on the built-in ledger (2025) with one supplier."""
    from ledger.models import Counterparty
    from ledger.services.setup import books_activate

    books_activate(actor=world.admin, dossier=world.dossier, year=2025)
    return Counterparty.objects.create(
        dossier=world.dossier, kind="supplier", reference="SUPP", name="Supplier NV"
    )
