"""Reads of the documents app, always scoped to what the user may see."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from documents.models import DocState, Document, DocumentFolder, Mailbox
from tenancy.policy import Cap, caps_for, sees_own_uploads_only

TABS = {
    "inbox": [DocState.INBOX, DocState.AWAITING_APPROVAL, DocState.APPROVED, DocState.REJECTED],
    "sent": [DocState.SENT],
    "archive": [DocState.BOOKED],
}
LIVE_STATES = TABS["inbox"] + TABS["sent"] + TABS["archive"]


GONE = [DocState.DELETED, DocState.REPLACED]


def _was_sent() -> Q:
    return Q(sent_at__isnull=False) | Q(dispatch__isnull=False)


def document_state_rule(user, dossier) -> Q:
    """The one rule for "may this user see a document of this dossier in its state".

    - mailbox right (the client's inbox and Sent tab, or the office with the client's
      consent, A6): every state but the archive, deleted and split originals included;
    - the worklist (office staff): what the client sent, in every later state;
    - the archive right: booked documents.
    A profile without any of these sees no document at all, whatever id it types.
    """
    caps = caps_for(user, dossier)
    rule = Q(pk__in=[])
    if Cap.MAILBOX in caps:
        rule |= Q(state__in=TABS["inbox"] + TABS["sent"] + GONE)
    if Cap.WORKLIST in caps:
        rule |= Q(state__in=TABS["sent"] + TABS["archive"]) | (Q(state__in=GONE) & _was_sent())
    if Cap.ARCHIVE in caps:
        rule |= Q(state__in=TABS["archive"])
    return rule


def documents_for_user(*, user, dossier) -> QuerySet[Document]:
    """Every document of the dossier the user may see: the base of every list and of every
    route that opens one document (`document_visible`)."""
    qs = Document.objects.filter(dossier=dossier).filter(document_state_rule(user, dossier))
    if sees_own_uploads_only(user, dossier):
        qs = qs.filter(uploaded_by=user)
    return qs


def document_visible(user, doc: Document) -> bool:
    """The `check=` of every route that opens one document (pages, API, downloads, extraction,
    e-mail): the same rule as the lists, so an id typed by hand opens nothing the tabs hide."""
    return documents_for_user(user=user, dossier=doc.dossier).filter(pk=doc.pk).exists()


def document_list(
    *,
    user,
    dossier,
    tab: str = "inbox",
    mailbox: str = "",
    q: str = "",
    folder_id: int | None = None,
) -> QuerySet[Document]:
    qs = documents_for_user(user=user, dossier=dossier)
    if folder_id:
        # A folder holds documents at every stage (a receipt filed before it is sent):
        # its page lists them all, not only the archived ones.
        qs = qs.filter(folder_id=folder_id, state__in=LIVE_STATES)
    else:
        qs = qs.filter(state__in=TABS.get(tab, TABS["inbox"]))
    if mailbox in Mailbox.values:
        qs = qs.filter(mailbox=mailbox)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(file_name__icontains=q) | Q(sender__icontains=q))
    return qs.select_related("visual", "uploaded_by").prefetch_related("steps")


def document_get_for_user(*, user, dossier, document_id: int) -> Document:
    doc = documents_for_user(user=user, dossier=dossier).filter(pk=document_id).first()
    if doc is None:
        raise Http404
    return doc


def documents_by_ids(*, user, dossier, ids: list[int]) -> list[Document]:
    docs = list(
        documents_for_user(user=user, dossier=dossier).filter(pk__in=ids, state__in=LIVE_STATES)
    )
    if len(docs) != len(set(ids)):
        raise Http404
    order = {pk: i for i, pk in enumerate(ids)}
    return sorted(docs, key=lambda d: order[d.pk])


def document_history(*, user, dossier) -> QuerySet[Document]:
    return documents_for_user(user=user, dossier=dossier).select_related("uploaded_by", "dispatch")


def folders_for(*, dossier) -> QuerySet[DocumentFolder]:
    return DocumentFolder.objects.filter(dossier=dossier)


def folders_with_counts(*, user, dossier) -> list[DocumentFolder]:
    """The dossier's folders, each with `shown`: how many of its documents its page lists."""
    counts = dict(
        documents_for_user(user=user, dossier=dossier)
        .filter(folder__isnull=False, state__in=LIVE_STATES)
        .values_list("folder_id")
        .annotate(n=Count("id"))
        .values_list("folder_id", "n")
    )
    folders = list(folders_for(dossier=dossier))
    for folder in folders:
        folder.shown = counts.get(folder.pk, 0)  # type: ignore[attr-defined]  # a count for the page
    return folders


def watch_root():
    from pathlib import Path

    default = Path(settings.DATA_DIR) / "inbox"
    return Path(getattr(settings, "FIDU_WATCH_DIR", None) or default)


def intake_addresses(dossier) -> dict:
    """The dossier's intake e-mail addresses per mailbox and its watched folders (B3, B4)."""
    from documents.intake.mail import address_for

    root = watch_root() / dossier.intake_key
    return {
        "email": {m: address_for(dossier, m) for m in Mailbox.values},
        "email_per_journal": address_for(dossier, "purchases", "JOURNAL").replace(
            ".journal@", ".<journal>@"
        ),
        "folders": {m: str(root / m) for m in Mailbox.values},
    }
