import pytest
from django.utils import translation

from archive.tests.archived import archive_books
from feedback.tests.books import post_books


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def books(world):
    return post_books(world)


@pytest.fixture
def archived(world, books):
    return archive_books(world)
