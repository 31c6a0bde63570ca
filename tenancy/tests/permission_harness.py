"""The permission harness's machinery (SPEC A1, A4): the routes, the world with one sample
per model, who must be refused where. The tests are in test_permission_harness*.py,
the routes split between files so that `--dist loadfile` spreads them over workers.

One test per route and user (profile or office role), so a failure names its route.
Routes that open one document are tried on a document in each state (inbox, sent,
archived, deleted) against the table `SEES` below, written out by hand from DESIGN.md
"Who sees what": a profile's mailbox and archive rights decide, not only its dossier.

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
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import build_world
from core import storage
from core.models import AuditEvent
from fidu.api import api
from tenancy.access import Access, is_office_collaborator
from tenancy.policy import can, dossiers_visible_to, forget, is_office_admin, office_member
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


def django_routes() -> list[Route]:
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
    return django_routes() + _api_routes()


def _samples() -> dict:
    samples = {}
    for name in settings.FIDU_APPS:
        try:
            module = importlib.import_module(f"{name}.tests.samples")
        except ModuleNotFoundError:
            continue
        samples.update(getattr(module, "SAMPLES", {}))
    return samples


ROUTES = all_routes()


def _route_id(route: Route) -> str:
    return re.sub(r"[^\w/{}.:-]+", "_", route.label)


def _ids(routes: list[Route]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for route in routes:
        rid = _route_id(route)
        seen[rid] = seen.get(rid, 0) + 1
        ids.append(rid if seen[rid] == 1 else f"{rid}#{seen[rid]}")
    return ids


def _ours(route: Route) -> bool:
    return route.label not in NOT_OURS and not route.url_template.startswith("/static/")


OUR_ROUTES = [r for r in ROUTES if _ours(r)]
ROUTE_IDS = _ids(OUR_ROUTES)


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


# --- who sees a document in which state (DESIGN.md "Who sees what", A4, A6) ---------------

DOCUMENT_MODEL = "documents.Document"
STATES = ("inbox", "sent", "booked", "deleted")
_CLIENT_DOCS = {"inbox", "sent", "deleted"}  # the mailboxes: inbox, Sent tab, removed from them
SEES: dict[str, set[str]] = {
    "office_admin": {"sent", "booked"},  # no consent to unsent documents in the sample dossier
    "office_collaborator": {"sent", "booked"},
    "office_support": {"sent", "booked"},  # through the worklist
    "unassigned_collaborator": set(),
    "outsider": set(),
    "stranger_office_admin": set(),
    "anonymous": set(),
    "client_administrator": {*_CLIENT_DOCS, "booked"},
    "client_full_access": {*_CLIENT_DOCS, "booked"},
    "client_doc_processing": _CLIENT_DOCS,  # no archive
    "client_doc_processing_archive": {*_CLIENT_DOCS, "booked"},
    "client_full_feedback": {"booked"},  # no mailboxes
    "client_doc_delivery": _CLIENT_DOCS,  # own uploads only (the state documents are theirs)
}


def _state_documents(world) -> dict:
    """One document per state, uploaded by the delivery user so that their own-uploads rule
    lets them through and only the state decides."""
    from django.utils import timezone

    from documents.models import Document

    make = _samples()[DOCUMENT_MODEL]
    delivery = world.clients["doc_delivery"]
    docs = {}
    for state in STATES:
        doc = make(world.dossier)
        fields = {"uploaded_by": delivery, "state": state}
        if state in ("sent", "booked"):
            fields["sent_at"] = timezone.now()
        Document.objects.filter(pk=doc.pk).update(**fields)
        doc.refresh_from_db()
        docs[state] = doc
    return docs


@dataclass
class Harness:
    world: object
    users: dict
    tokens: dict
    objects: dict  # model label -> sample object of world.dossier
    documents: dict  # state -> document of world.dossier


USER_NAMES = list(SEES)


@pytest.fixture(scope="module")
def harness(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and one sample per model, built once per module (and per worker) inside a
    transaction that is rolled back at the end; each test runs in a savepoint of its own."""
    blobs = tmp_path_factory.mktemp("harness-blobs")
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with (
        override_settings(FIDU_BLOB_DIR=blobs, FIDU_BLOB_BACKEND="local", TASKS=tasks),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        storage.reset_backend()
        world = build_world()
        users = {"anonymous": None, **world.all_users()}
        assert set(users) == set(SEES), "SEES must name every user of the world"
        tokens = {
            name: api_token_create(actor=u, name="harness")[1]
            for name, u in users.items()
            if u is not None
        }
        models = {r.access.model for r in ROUTES if r.access and r.access.kind == "object"}
        samples = _samples()
        objects = {model: samples[model](world.dossier) for model in sorted(models)}
        documents = _state_documents(world)
        yield Harness(world, users, tokens, objects, documents)
        transaction.set_rollback(True)
    storage.reset_backend()


def _expected_denial(route: Route, user, dossier, obj) -> bool:
    """True when the policy says `user` must be refused on this route."""
    access = route.access
    assert access is not None  # routes without a decorator fail before (unguarded routes)
    if user is None:
        return access.kind != "public"
    if access.kind in ("public", "login"):
        return False
    if access.kind == "office_staff":
        return office_member(user) is None
    if access.kind == "office_admin":
        return not is_office_admin(user)
    if access.kind == "office_collaborators":
        return not is_office_collaborator(user)
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


def _refusal_failures(h: Harness, route: Route, name: str, user, obj) -> list[str]:
    """Call every method of the route as `user`; what went wrong, if anything."""
    world = h.world
    access = route.access
    assert access is not None
    own = world.other_dossier.pk if user is world.outsider else world.dossier.pk
    values = {"dossier_id": own if access.kind == "object" else world.dossier.pk}
    if access.kind == "dossier" and access.kwarg:
        values[access.kwarg] = world.dossier.pk
    if access.kind == "object" and access.kwarg:
        values[access.kwarg] = obj.pk
    url = _fill(route, values)
    client = world.client_for(user if not route.is_api else None)
    failures = []
    before = _fingerprint()
    for method in route.methods:
        snapshot = model_to_dict(obj) if obj is not None else None
        response = _request(client, method, url, h.tokens.get(name) if route.is_api else None)
        allowed = {401, 403, 404, 405} if route.is_api else {302, 403, 404, 405}
        if user is not None and not route.is_api:
            allowed = {403, 404, 405}
        where = f"{route.label} {method} {url} as {name}"
        if response.status_code not in allowed:
            failures.append(f"{where}: {response.status_code}")
        if response.status_code == 302 and "/accounts/login/" not in response.get("Location", ""):
            failures.append(f"{where}: redirected to {response['Location']}")
        after = _fingerprint()
        if after != before:
            failures.append(f"{where}: data changed")
        before = after
        if obj is not None:
            obj.refresh_from_db()
            if model_to_dict(obj) != snapshot:
                failures.append(f"{where}: object changed")
    return failures


def check_route(harness: Harness, route: Route, name: str) -> None:
    """Outsiders and profiles without the right get 401/403/404 (or a login redirect) and
    change nothing; routes on one document are tried on a document in every state.
    The test files call it on their share of the routes."""
    access = route.access
    assert access is not None, f"{route.label}: no tenancy.access decorator on its view"
    if access.kind == "public":
        return
    user = harness.users[name]
    if user is not None:
        forget(user)
    dossier = harness.world.dossier
    failures: list[str] = []
    if access.model == DOCUMENT_MODEL:
        for state, doc in harness.documents.items():
            sees = state in SEES[name]
            lacks_cap = user is None or not any(can(user, c, dossier) for c in access.caps)
            if not sees or lacks_cap:
                failures += [
                    f"[{state} document] {f}"
                    for f in _refusal_failures(harness, route, name, user, doc)
                ]
    else:
        obj = harness.objects.get(access.model) if access.kind == "object" else None
        if _expected_denial(route, user, dossier, obj):
            failures = _refusal_failures(harness, route, name, user, obj)
    assert failures == [], "\n".join(failures)


def shard(index: int, count: int) -> tuple[list[Route], list[str]]:
    """Every `count`-th route from `index`, with its test ids."""
    return OUR_ROUTES[index::count], ROUTE_IDS[index::count]
