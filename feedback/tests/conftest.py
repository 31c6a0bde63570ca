import pytest
from django.utils import translation

from feedback.tests.books import post_books


@pytest.fixture(autouse=True)
def _english():
    """Assertions read English texts unless a test asks for another language."""
    with translation.override("en"):
        yield


@pytest.fixture
def books(world):
    return post_books(world)
