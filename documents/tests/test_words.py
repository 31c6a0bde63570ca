"""Counts read as a person says them: "1 document", "2 documents" (ngettext), in each language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.tests.pdfs import make_pdf

ADMIN = "administrator"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,one,two",
    [
        (
            "nl",
            "1 document naar uw boekhouder verzonden.",
            "2 documenten naar uw boekhouder verzonden.",
        ),
        ("fr", "1 document envoyé à votre comptable.", "2 documents envoyés à votre comptable."),
    ],
)
def test_the_sending_message_agrees_with_the_count(world, handed_in, language, one, two):
    user = world.clients[ADMIN]
    user.language = language
    user.save()
    docs = [handed_in(file=make_pdf([f"Facture {i}"]), actor=user)[0] for i in range(3)]
    c = world.client_for(user)
    url = reverse("documents_send", args=[world.dossier.pk])
    page = c.post(url, {"ids": [docs[0].pk], "confirm": "1"}, follow=True).content.decode()
    assert one in page
    page = c.post(url, {"ids": [docs[1].pk, docs[2].pk], "confirm": "1"}, follow=True)
    assert two in page.content.decode()
