"""Folders (F7): what the office publishes to the client (Shared by my accountant,
Payslips, the permanent dossier with office-defined categories), and the reads of the
folders page, which also points at the folders other apps keep."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from archive.models import PermanentCategory, Publication, PublicationKind
from core.audit import audit_log
from core.models import Blob
from core.storage import blob_put
from documents.models import DocType, Document
from documents.selectors import LIVE_STATES, documents_for_user
from tenancy.models import Dossier, DossierMembership
from tenancy.policy import Cap, can

MAX_BYTES = 50 * 1024 * 1024


def categories_for(*, dossier: Dossier) -> QuerySet[PermanentCategory]:
    return PermanentCategory.objects.filter(office_id=dossier.office_id)


def category_create(*, actor: Any, dossier: Dossier, name: str) -> PermanentCategory:
    name = name.strip()[:100]
    if not name:
        raise ValidationError(_("Give the category a name."))
    with transaction.atomic():
        if PermanentCategory.objects.filter(office_id=dossier.office_id, name=name).exists():
            raise ValidationError(_("This category exists already."))
        order = categories_for(dossier=dossier).count()
        cat = PermanentCategory.objects.create(office_id=dossier.office_id, name=name, order=order)
        audit_log(
            actor=actor,
            action="archive.category_created",
            obj=cat,
            office_id=dossier.office_id,
            data={"name": name},
        )
    return cat


def publications(*, user, dossier: Dossier, kind: str) -> list[Publication]:
    rows = list(Publication.objects.filter(dossier=dossier, kind=kind).select_related("category"))
    opened = set(
        Publication.opened_by.through.objects.filter(
            publication__in=rows, user_id=user.pk
        ).values_list("publication_id", flat=True)
    )
    for p in rows:
        p.is_new = p.pk not in opened  # type: ignore[attr-defined]  # for the page
    return rows


def unopened_count(*, user, dossier: Dossier) -> int:
    return Publication.objects.filter(dossier=dossier).exclude(opened_by=user).count()


def bank_statements(*, user, dossier: Dossier) -> QuerySet[Document]:
    return documents_for_user(user=user, dossier=dossier).filter(
        doc_type=DocType.BANK_STATEMENT, state__in=LIVE_STATES
    )


def publication_create(
    *,
    actor: Any,
    dossier: Dossier,
    kind: str,
    title: str,
    file_name: str,
    data: bytes,
    content_type: str = "",
    category: PermanentCategory | None = None,
) -> Publication:
    """The office puts a file in the client's folders; the client is told by e-mail."""
    if kind not in PublicationKind.values:
        raise ValidationError(_("Unknown folder."))
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 50 MB."))
    if kind == PublicationKind.PERMANENT and category is None:
        raise ValidationError(_("Choose a category of the permanent dossier."))
    if category is not None and category.office_id != dossier.office_id:
        raise Http404
    blob = blob_put(data, content_type=content_type)
    return _publication_save(
        actor=actor,
        dossier=dossier,
        kind=kind,
        title=title,
        file_name=file_name,
        content_type=content_type,
        blob=blob,
        category=category if kind == PublicationKind.PERMANENT else None,
    )


def _publication_save(
    *,
    actor: Any,
    dossier: Dossier,
    kind: str,
    title: str,
    file_name: str,
    content_type: str,
    blob: Blob,
    category: PermanentCategory | None = None,
    source: str = "",
) -> Publication:
    with transaction.atomic():
        pub = Publication.objects.create(
            dossier=dossier,
            kind=kind,
            category=category,
            title=(title.strip() or file_name)[:200],
            file_name=file_name[:255],
            content_type=content_type[:100],
            blob=blob,
            published_by=actor,
            source=source[:60],
        )
        audit_log(
            actor=actor,
            action="archive.published",
            obj=pub,
            data={"kind": kind, "title": pub.title, "sha256": blob.sha256, "source": source},
        )
        transaction.on_commit(lambda: _notify_clients(pub.pk))
    return pub


def shared_publish(
    *,
    actor: Any,
    dossier: Dossier,
    title: str,
    file_name: str,
    content_type: str,
    blob_id: str,
    source: str,
) -> dict[str, Any]:
    """Answers the `"shared_publish"` extension point: a file another app made (feedback's
    reports, VAT returns and listings) lands in Shared by my accountant, like an upload
    here: the client is told and sees it marked new. Publishing the same source again
    while it is still shared gives the same publication."""
    existing = Publication.objects.filter(
        dossier=dossier, kind=PublicationKind.SHARED, source=source
    ).first()
    if existing is not None and source:
        return {"publication_id": existing.pk}
    blob = Blob.objects.get(pk=blob_id)
    pub = _publication_save(
        actor=actor,
        dossier=dossier,
        kind=PublicationKind.SHARED,
        title=title,
        file_name=file_name,
        content_type=content_type,
        blob=blob,
        source=source,
    )
    return {"publication_id": pub.pk}


def shared_withdraw(*, actor: Any, dossier: Dossier, source: str) -> dict[str, Any]:
    """Answers `"shared_withdraw"`: the publications made from `source` leave the folder."""
    withdrawn = 0
    for pub in Publication.objects.filter(dossier=dossier, source=source).exclude(source=""):
        publication_delete(actor=actor, publication=pub)
        withdrawn += 1
    return {"withdrawn": withdrawn}


def shared_folder_url(dossier: Dossier) -> dict[str, Any]:
    """Answers `"shared_folder_url"`: where the client finds what the office shared."""
    return {"url": reverse("archive_folders", args=[dossier.pk]) + "#shared"}


def publication_opened(*, user, publication: Publication) -> None:
    publication.opened_by.add(user)


def publication_delete(*, actor: Any, publication: Publication) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="archive.publication_deleted",
            obj=publication,
            data={"title": publication.title, "sha256": publication.blob_id},
        )
        publication.delete()


def _notify_clients(publication_id: int) -> int:
    """An e-mail to each client user who may see the folder, in their language (H5 prefs:
    the "message" switch covers mails from the accountant)."""
    pub = Publication.objects.select_related("dossier").get(pk=publication_id)
    dossier = pub.dossier
    link = settings.FIDU_BASE_URL + reverse("archive_folders", args=[dossier.pk])
    sent = 0
    for m in DossierMembership.objects.filter(dossier=dossier).select_related("user"):
        user = m.user
        if not (user.is_active and user.email and can(user, Cap.ARCHIVE, dossier)):
            continue
        if not (user.notification_prefs or {}).get("message", True):
            continue
        with translation.override(user.language or dossier.language):
            subject = _("%(dossier)s: your accountant shared “%(title)s”") % {
                "dossier": dossier.name,
                "title": pub.title,
            }
            body = _("A new document is waiting for you in %(folder)s:\n%(link)s") % {
                "folder": PublicationKind(pub.kind).label,
                "link": link,
            }
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
