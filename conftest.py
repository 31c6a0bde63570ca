"""Shared test fixtures: an office with its collaborators, two dossiers and a user of each profile.

Every test can ask "and the outsider?": `world.outsider` is the administrator of
another dossier of the same office, `world.stranger_office_admin` the admin of another office.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import translation

from core import storage
from tenancy.models import (
    ClientProfile,
    Dossier,
    DossierMembership,
    Office,
    OfficeMember,
    OfficeRole,
    User,
)

PASSWORD = "test-password-123"


@dataclass
class World:
    office: Office
    dossier: Dossier
    other_dossier: Dossier
    admin: User
    collaborator: User
    support: User
    clients: dict[str, User] = field(default_factory=dict)  # by ClientProfile value
    outsider: User | None = None  # administrator of other_dossier only
    stranger_office_admin: User | None = None  # admin of another office
    unassigned_collaborator: User | None = None

    def client_for(self, user: User | None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    def all_users(self) -> dict[str, User]:
        users = {
            "office_admin": self.admin,
            "office_collaborator": self.collaborator,
            "office_support": self.support,
            "outsider": self.outsider,
            "stranger_office_admin": self.stranger_office_admin,
            "unassigned_collaborator": self.unassigned_collaborator,
        }
        users.update({f"client_{k}": v for k, v in self.clients.items()})
        return users


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def _uses_database(item: pytest.Item) -> bool:
    # fixturenames is the whole closure, so a fixture that asks for `db` counts too;
    # pytest-django refuses database access to any other test, so the test is blind to it.
    names = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or names & _DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """FIDU_TEST_DB_ONLY=1 keeps only the tests that touch the database: CI's second pass
    (PostgreSQL) needs not run again the ~900 tests whose outcome no database can change."""
    if os.environ.get("FIDU_TEST_DB_ONLY") != "1":
        return
    kept = [i for i in items if _uses_database(i)]
    dropped = [i for i in items if not _uses_database(i)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def make_user(email: str, **extra) -> User:
    return User.objects.create_user(email, PASSWORD, **extra)


def build_world() -> World:
    office = Office.objects.create(name="Fiduciaire Test", portal_name="Test Portal")
    dossier = Dossier.objects.create(
        office=office,
        name="Alpha SRL",
        vat_number="BE0411905847",
        enterprise_number="0411905847",
        language="fr",
    )
    other = Dossier.objects.create(
        office=office,
        name="Beta BV",
        vat_number="BE0403170701",
        enterprise_number="0403170701",
        language="nl",
    )
    admin = make_user("admin@office.test")
    OfficeMember.objects.create(office=office, user=admin, role=OfficeRole.ADMIN)
    collab = make_user("collab@office.test")
    OfficeMember.objects.create(office=office, user=collab, role=OfficeRole.COLLABORATOR)
    dossier.collaborators.add(collab)
    unassigned = make_user("unassigned@office.test")
    OfficeMember.objects.create(office=office, user=unassigned, role=OfficeRole.COLLABORATOR)
    support = make_user("support@office.test")
    OfficeMember.objects.create(office=office, user=support, role=OfficeRole.SUPPORT)
    dossier.support_users.add(support)
    world = World(
        office=office,
        dossier=dossier,
        other_dossier=other,
        admin=admin,
        collaborator=collab,
        support=support,
        unassigned_collaborator=unassigned,
    )
    for profile in ClientProfile:
        user = make_user(f"{profile.value}@client.test")
        DossierMembership.objects.create(dossier=dossier, user=user, profile=profile)
        world.clients[profile.value] = user
    outsider = make_user("outsider@client.test")
    DossierMembership.objects.create(
        dossier=other, user=outsider, profile=ClientProfile.ADMINISTRATOR
    )
    world.outsider = outsider
    other_office = Office.objects.create(name="Other Office")
    stranger = make_user("admin@other-office.test")
    OfficeMember.objects.create(office=other_office, user=stranger, role=OfficeRole.ADMIN)
    world.stranger_office_admin = stranger
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty Django cache: ids repeat from one test database to the
    next, so a value cached by one test (feedback's figures) must not answer another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_blobs(tmp_path, settings):
    """Each test stores its files in its own temporary directory."""
    settings.FIDU_BLOB_DIR = tmp_path / "blobs"
    settings.FIDU_BLOB_BACKEND = "local"
    storage.reset_backend()
    yield
    storage.reset_backend()
    shutil.rmtree(tmp_path / "blobs", ignore_errors=True)


@pytest.fixture(autouse=True)
def _language_reset():
    """A request made through the test client activates its user's language in this thread
    (UserLanguageMiddleware); without a reset it leaked into the next tests' texts."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings, request):
    """Tasks run immediately in tests unless a test asks for a real backend (marker `task_backend`)."""
    if request.node.get_closest_marker("real_tasks") is None:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
    yield


@pytest.fixture
def handed_in(request, django_capture_on_commit_callbacks):
    """Hand a file in through the door (`intake_file`), the way a channel would; its
    processing runs inline (tasks run immediately in tests). Returns the documents made.

        [doc] = handed_in(file=pdf_bytes, name="invoice.pdf")          # world.dossier
        [doc] = handed_in(world.other_dossier, file=..., mailbox="sales", actor=user)

    Without `file`, a one-page PDF reading "Invoice 1". Other keywords go to `Incoming`
    (source, sender, source_ref, parents, meta).
    """
    from documents.intake import Incoming, IntakeMeta, intake_file
    from documents.pdfgen import make_pdf

    def _handed_in(
        dossier=None,
        *,
        file: bytes | None = None,
        name: str = "invoice.pdf",
        mailbox: str = "purchases",
        source: str = "upload",
        actor=None,
        meta: IntakeMeta | None = None,
        **incoming,
    ):
        if dossier is None:
            dossier = request.getfixturevalue("world").dossier
        with django_capture_on_commit_callbacks(execute=True):
            return intake_file(
                Incoming(
                    dossier=dossier,
                    mailbox=mailbox,
                    source=source,
                    file_name=name,
                    data=make_pdf(["Invoice 1"]) if file is None else file,
                    actor=actor,
                    meta=meta or IntakeMeta(),
                    **incoming,
                )
            )

    return _handed_in


# --- Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser).

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def _playwright_browser():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_world(transactional_db) -> World:
    """The shared world, committed so the live server thread sees it."""
    return build_world()


@pytest.fixture
def page(_playwright_browser, live_server):
    """A fresh browser page; `page.goto(page.url_for('/path'))` reaches the live server."""
    context = _playwright_browser.new_context(
        locale="fr-BE", viewport={"width": 1280, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.url_for = lambda path: live_server.url + path  # type: ignore[attr-defined]
    yield pg
    context.close()


def browser_login(page, email: str, password: str = PASSWORD) -> None:
    page.goto(page.url_for("/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
