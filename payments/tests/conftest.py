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
