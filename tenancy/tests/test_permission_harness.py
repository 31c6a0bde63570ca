"""The permission harness, first half of the routes (see permission_harness.py): every
route is classified, and users without the right are refused and change nothing."""

from __future__ import annotations

import pytest

from tenancy.tests.permission_harness import (
    OUR_ROUTES,
    ROUTE_IDS,
    SEES,
    USER_NAMES,
    _samples,
    all_routes,
    check_route,
    harness,
    shard,
)

ROUTES, IDS = shard(0, 2)
__all__ = ["harness"]  # the module-scoped fixture, built once for this file


def test_it_finds_the_routes():
    assert len(OUR_ROUTES) > 100, f"the harness found only {len(OUR_ROUTES)} routes"


@pytest.mark.parametrize("route", OUR_ROUTES, ids=ROUTE_IDS)
def test_the_route_is_classified(route):
    assert route.access is not None, f"{route.label}: no tenancy.access decorator on its view"


def test_it_has_a_sample_for_every_object_route():
    samples = _samples()
    missing = sorted(
        {r.access.model for r in all_routes() if r.access and r.access.kind == "object"}
        - set(samples)
    )
    assert missing == [], f"add SAMPLES for {missing} in <app>/tests/samples.py"


@pytest.mark.django_db
@pytest.mark.parametrize("name", USER_NAMES)
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_the_route_refuses_users_without_the_right(harness, route, name):
    check_route(harness, route, name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", USER_NAMES)
def test_each_user_opens_exactly_the_document_states_its_rights_allow(harness, name):
    """The positive side of `SEES`: the detail page and the API open a document exactly in
    the states the table gives, and the selector agrees."""
    from documents.selectors import document_visible

    user = harness.users[name]
    opened_page, opened_api, visible = set(), set(), set()
    for state, doc in harness.documents.items():
        client = harness.world.client_for(user)
        if client.get(f"/documents/{doc.pk}/").status_code == 200:
            opened_page.add(state)
        token = harness.tokens.get(name)
        api_client = harness.world.client_for(None)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if api_client.get(f"/api/documents/{doc.pk}", **headers).status_code == 200:
            opened_api.add(state)
        if user is not None and document_visible(user, doc):
            visible.add(state)
    assert opened_page == SEES[name]
    assert opened_api == SEES[name]
    assert visible == SEES[name]
