"""What the archive app registers at start: menus, audit labels, extension answers, events."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _archive_page(dossier) -> dict:
    return {"url": reverse("archive", args=[dossier.pk])}


def _menu_badges(request, dossier=None) -> dict:
    """Files the office shared that this user has not opened yet (F7: the new ones marked)."""
    from archive.folders import unopened_count
    from tenancy.policy import Cap, can

    user = request.user
    if dossier is None or not getattr(user, "is_authenticated", False):
        return {}
    if not can(user, Cap.ARCHIVE, dossier):
        return {}
    unopened = unopened_count(user=user, dossier=dossier)
    return {"archive_folders": unopened} if unopened else {}


def _shared_publish(**kwargs) -> dict:
    from archive.folders import shared_publish

    return shared_publish(**kwargs)


def _shared_withdraw(**kwargs) -> dict:
    from archive.folders import shared_withdraw

    return shared_withdraw(**kwargs)


def _shared_folder_url(dossier) -> dict:
    from archive.folders import shared_folder_url

    return shared_folder_url(dossier)


def _reindex(document_id: int, **_kw) -> None:
    from archive.tasks import archive_index_task

    archive_index_task.enqueue(document_id)


def register_all() -> None:
    from core import extensions
    from core.audit_labels import register_action_labels
    from core.menus import MenuItem, register

    # Replaces the documents app's entry of the same key: one archive (F5).
    register(
        MenuItem("documents_archive", _("Archive"), "archive", "client", "archive", "archive", 40)
    )
    register(
        MenuItem(
            "archive_histories",
            _("Histories"),
            "archive_histories",
            "client",
            "feedback",
            "journal-text",
            198,
        )
    )
    for key, label, url, cap, icon, order in (
        ("archive_folders", _("Folders"), "archive_folders", "archive", "folder2-open", 41),
        ("archive_links", _("Links and apps"), "archive_links", "view", "link-45deg", 960),
        (
            "archive_accountant",
            _("My accountant"),
            "archive_accountant",
            "view",
            "person-vcard",
            961,
        ),
        (
            "archive_publish",
            _("Publish to the client"),
            "archive_publish",
            "dossier.configure",
            "cloud-upload",
            962,
        ),
    ):
        register(MenuItem(key, label, url, "client", cap, icon, order))
    register_action_labels(
        {
            "archive.marked_paid": _("Marked as paid"),
            "archive.unmarked_paid": _("Paid mark removed"),
            "archive.published": _("Document published to the client"),
            "archive.publication_deleted": _("Published document withdrawn"),
            "archive.category_created": _("Permanent dossier category created"),
            "archive.category_renamed": _("Permanent dossier category renamed"),
            "archive.category_deleted": _("Permanent dossier category deleted"),
            "archive.category_moved": _("Permanent dossier category moved"),
        }
    )
    extensions.provide("archive_page", _archive_page)
    # One store for what the office shares (F7): feedback publishes through these.
    extensions.provide("shared_publish", _shared_publish)
    extensions.provide("shared_withdraw", _shared_withdraw)
    extensions.provide("shared_folder_url", _shared_folder_url)
    # I2: the permanent-dossier categories tab of the office settings.
    extensions.provide(
        "office_settings_tabs",
        lambda: {
            "categories": {
                "label": _("Permanent-dossier categories"),
                "url_name": "archive_settings_categories",
                "order": 40,
            }
        },
    )
    extensions.provide("menu_badges", _menu_badges)
    extensions.subscribe("documents.changed", _reindex)
    extensions.subscribe("recognition.extracted", _reindex)
