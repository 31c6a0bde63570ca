import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Pages are asserted in English; mails are read in each recipient's language."""
    with translation.override("en"):
        yield
