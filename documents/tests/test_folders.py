"""A client's folder opens on its documents, whatever their stage (issue 11: "Notes de frais (1)"
opened empty because the link looked in the archive only)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from documents.models import DocState, Document, DocumentFolder, Mailbox

ADMIN = "administrator"


@pytest.mark.django_db
def test_a_folder_lists_its_documents_at_every_stage(world, handed_in):
    folder = DocumentFolder.objects.create(dossier=world.dossier, name="Notes de frais")
    [receipt] = handed_in(name="ticket-resto.pdf", mailbox=Mailbox.MISC)
    [sent] = handed_in(name="taxi.pdf", mailbox=Mailbox.MISC)
    [elsewhere] = handed_in(name="not-in-folder.pdf", mailbox=Mailbox.MISC)
    Document.objects.filter(pk__in=[receipt.pk, sent.pk]).update(folder=folder)
    Document.objects.filter(pk=sent.pk).update(state=DocState.SENT)
    Document.objects.filter(pk=elsewhere.pk).update(state=DocState.BOOKED)
    c = world.client_for(world.clients[ADMIN])

    folders = c.get(reverse("documents_folders", args=[world.dossier.pk])).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="folder-link">Notes de frais<', folders)
    count = re.search(r'data-testid="folder-count">(\d+)<', folders)
    assert link and count and count.group(1) == "2"

    page = c.get(link.group(1).replace("&amp;", "&")).content.decode()
    listed = {int(pk) for pk in re.findall(r'data-document="(\d+)"', page)}
    assert listed == {receipt.pk, sent.pk}
