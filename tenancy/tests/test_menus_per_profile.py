"""Menus and buttons show only what the policy allows (issue 11): for every profile and
office role, every link of the overview pages, and every link of the pages they lead to,
opens (no 403, no 404)."""

from __future__ import annotations

import re

import pytest

USERS = [
    "office_admin",
    "office_collaborator",
    "office_support",
    "client_administrator",
    "client_full_access",
    "client_doc_processing",
    "client_doc_processing_archive",
    "client_full_feedback",
    "client_doc_delivery",
]
HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
SKIP = ("/static/", "/accounts/logout/", "/media/")


def _links(html: str) -> set[str]:
    return {h.replace("&amp;", "&") for h in HREF.findall(html) if not h.startswith(SKIP)}


@pytest.mark.parametrize("name", USERS)
def test_every_link_of_the_overview_pages_opens(world, name):
    from django.utils import timezone

    from documents.models import Document
    from documents.tests.samples import _document

    for state in ("inbox", "sent", "booked"):  # rows in the lists, so their links are tried
        doc = _document(world.dossier)
        sent_at = timezone.now() if state != "inbox" else None
        uploader = world.clients["doc_delivery"]
        Document.objects.filter(pk=doc.pk).update(
            state=state, sent_at=sent_at, uploaded_by=uploader
        )
    user = world.all_users()[name]
    client = world.client_for(user)
    pages = ["/", f"/d/{world.dossier.pk}/"]
    if name.startswith("office_"):
        pages.insert(0, "/office/")
    links: set[str] = set()
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        links |= _links(response.content.decode())
    assert len(links) >= 3, links
    # The pages the menus lead to, and the links on those pages (e.g. the books monitor).
    broken = {}
    seen: set[str] = set()
    for depth in (1, 2):
        found: set[str] = set()
        for link in sorted(links - seen):
            seen.add(link)
            response = client.get(link, follow=True)
            if response.status_code != 200:
                broken[link] = response.status_code
            elif depth == 1 and "html" in response.get("Content-Type", ""):
                found |= _links(response.content.decode())
        links = found
    assert broken == {}, f"{name} sees links that do not open: {broken}"
