"""The permission harness (SPEC A1, A4): every route is classified, and for every route
that takes a dossier or an object id, users of another dossier and profiles without the
right get 403/404 and change nothing.

New routes are picked up automatically. To classify a route, decorate its view with one
of tenancy.access; for object routes, give a sample object in `<app>/tests/samples.py`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver

from core.models import AuditEvent
from fidu.api import api
from tenancy.access import Access
from tenancy.policy import can, dossiers_visible_to, is_office_admin, office_member
from tenancy.services import api_token_create

# Routes that are not Fidu views at all (ninja's own docs and schema).
NOT_OURS = {"api:openapi-json", "api:openapi-view"}


@dataclass
class Route:
    label: str
    url_template: str  # with {name} placeholders
    params: list[str]
    methods: list[str]
    access: Access | None
    is_api: bool


def _django_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("api/"):
                    continue  # ninja routes are walked through the API object
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                template = prefix + str(p.pattern)
                params = re.findall(r"<(?:\w+:)?(\w+)>", template)
                url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", template)
                routes.append(
                    Route(
                        p.name or url,
                        url,
                        params,
                        ["GET", "POST"],
                        getattr(p.callback, "fidu_access", None),
                        False,
                    )
                )

    walk(get_resolver().url_patterns, "")
    return routes


def _api_routes() -> list[Route]:
    routes: list[Route] = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                access = None
                for deco in getattr(op, "_run_decorators", []):
                    access = getattr(deco, "fidu_access", None) or access
                full = (
                    "/api/"
                    + (prefix.strip("/") + "/" if prefix.strip("/") else "")
                    + path.lstrip("/")
                )
                params = re.findall(r"{(?:\w+:)?(\w+)}", full)
                url = re.sub(r"{(?:\w+:)?(\w+)}", r"{\1}", full)
                routes.append(
                    Route(
                        f"api {','.join(op.methods)} {url}",
                        url,
                        params,
                        list(op.methods),
                        access,
                        True,
                    )
                )
    return routes


def all_routes() -> list[Route]:
    return _django_routes() + _api_routes()


def _samples() -> dict:
    samples = {}
    for name in settings.FIDU_APPS:
        try:
            module = importlib.import_module(f"{name}.tests.samples")
        except ModuleNotFoundError:
            continue
        samples.update(getattr(module, "SAMPLES", {}))
    return samples


def test_it_classifies_every_route():
    unclassified = [
        r.label
        for r in all_routes()
        if r.access is None
        and r.label not in NOT_OURS
        and not r.url_template.startswith("/static/")
    ]
    assert unclassified == [], f"routes without a tenancy.access decorator: {unclassified}"


def test_it_has_a_sample_for_every_object_route():
    samples = _samples()
    missing = sorted(
        {r.access.model for r in all_routes() if r.access and r.access.kind == "object"}
        - set(samples)
    )
    assert missing == [], f"add SAMPLES for {missing} in <app>/tests/samples.py"


def _fingerprint() -> dict:
    """Row counts of every Fidu table and the audit trail: a refused call must not change them."""
    counts = {}
    for name in settings.FIDU_APPS:
        for model in apps.get_app_config(name).get_models():
            counts[model._meta.label] = model.objects.count()
    counts["audit"] = AuditEvent.objects.count()
    return counts


def _fill(route: Route, values: dict) -> str:
    url = route.url_template
    for param in route.params:
        url = url.replace("{" + param + "}", str(values.get(param, 999999)))
    return url


def _expected_denial(route: Route, user, dossier, obj) -> bool:
    """True when the policy says `user` must be refused on this route."""
    access = route.access
    if user is None:
        return access.kind != "public"
    if access.kind in ("public", "login"):
        return False
    if access.kind == "office_staff":
        return office_member(user) is None
    if access.kind == "office_admin":
        return not is_office_admin(user)
    if not dossiers_visible_to(user).filter(pk=dossier.pk).exists():
        return True
    if access.kind == "object" and access.check is not None and not access.check(user, obj):
        return True
    return not any(can(user, cap, dossier) for cap in access.caps)


def _request(client, method: str, url: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.get(url, **headers)
    return getattr(client, method.lower())(url, data={}, **headers)


@pytest.mark.django_db
def test_it_refuses_every_guarded_route_to_users_without_the_right(world):
    samples = _samples()
    users = {"anonymous": None, **world.all_users()}
    tokens = {
        name: api_token_create(actor=u, name="harness")[1]
        for name, u in users.items()
        if u is not None
    }
    checked = 0
    failures = []
    for route in all_routes():
        access = route.access
        if access is None or access.kind in ("public",):
            continue
        obj = None
        dossier = world.dossier
        if access.kind == "object":
            obj = samples[access.model](world.dossier)
        for name, user in users.items():
            if not _expected_denial(route, user, dossier, obj):
                continue
            # An outsider tries the foreign object through their own dossier's URL when it has one.
            own = world.other_dossier.pk if user is world.outsider else world.dossier.pk
            values = {"dossier_id": own if access.kind == "object" else world.dossier.pk}
            if access.kind == "dossier":
                values[access.kwarg] = world.dossier.pk
            if access.kind == "object":
                values[access.kwarg] = obj.pk
            url = _fill(route, values)
            client = world.client_for(user if not route.is_api else None)
            for method in route.methods:
                before = _fingerprint()
                snapshot = model_to_dict(obj) if obj is not None else None
                response = _request(client, method, url, tokens.get(name) if route.is_api else None)
                allowed = {401, 403, 404, 405} if route.is_api else {302, 403, 404, 405}
                if user is not None and not route.is_api:
                    allowed = {403, 404, 405}
                if response.status_code not in allowed:
                    failures.append(f"{route.label} {method} as {name}: {response.status_code}")
                if response.status_code == 302 and "/accounts/login/" not in response.get(
                    "Location", ""
                ):
                    failures.append(
                        f"{route.label} {method} as {name}: redirected to {response['Location']}"
                    )
                if _fingerprint() != before:
                    failures.append(f"{route.label} {method} as {name}: data changed")
                if obj is not None:
                    obj.refresh_from_db()
                    if model_to_dict(obj) != snapshot:
                        failures.append(f"{route.label} {method} as {name}: object changed")
                checked += 1
    print(f"permission harness: {checked} refused requests checked")
    assert failures == [], "\n".join(failures)
    assert checked > 50, f"the harness checked only {checked} refusals"
