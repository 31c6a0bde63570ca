"""The permission harness, second half of the routes (see permission_harness.py)."""

from __future__ import annotations

import pytest

from tenancy.tests.permission_harness import USER_NAMES, check_route, harness, shard

ROUTES, IDS = shard(1, 2)
__all__ = ["harness"]  # the module-scoped fixture, built once for this file


@pytest.mark.django_db
@pytest.mark.parametrize("name", USER_NAMES)
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_the_route_refuses_users_without_the_right(harness, route, name):
    check_route(harness, route, name)
