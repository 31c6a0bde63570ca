"""A8: a document's history page tells each step, edit, send, check, booking and download,
who did it and when, in the reader's language."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from documents import services
from documents.models import Document
from documents.tests.pdfs import make_pdf
from tenancy.models import ClientProfile

ADMIN = ClientProfile.ADMINISTRATOR


def rows(page: str) -> list[tuple[str, str, str, str]]:
    """(action, who, what, detail) of each row of the history table."""
    body = page.split('data-testid="document-history"')[1].split("</table>")[0]
    out = []
    for action, cells in re.findall(r'<tr data-action="([^"]+)">(.*?)</tr>', body, re.S):
        tds = [
            html.unescape(re.sub(r"<[^>]+>", "", td)).strip()
            for td in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        out.append((action, tds[1], tds[2], tds[3]))
    return out


@pytest.fixture
def story(world, handed_in, django_capture_on_commit_callbacks):
    """A client uploads, corrects, downloads and sends; the office downloads and books."""
    client = world.clients[ADMIN]
    client.first_name, client.last_name = "Claire", "Dubois"
    client.save()
    world.collaborator.first_name, world.collaborator.last_name = "Pieter", "Janssens"
    world.collaborator.save()
    [doc] = handed_in(file=make_pdf(["Facture 2024-017"]), actor=client)
    doc = Document.objects.get(pk=doc.pk)  # as processed
    services.document_update(actor=client, document=doc, title="Garage Dupont", note="")
    world.client_for(client).get(reverse("document_original", args=[doc.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        services.document_send_to_office(actor=client, documents=[Document.objects.get(pk=doc.pk)])
    world.client_for(world.collaborator).get(
        reverse("document_visual", args=[doc.pk]) + "?download=1"
    )
    services.document_mark_booked(
        actor=world.collaborator, document=Document.objects.get(pk=doc.pk), office_number="ACH-12"
    )
    return doc


def page_as(world, user, language, doc) -> str:
    user.language = language
    user.save()
    resp = world.client_for(user).get(reverse("document_history", args=[doc.pk]))
    assert resp.status_code == 200
    return resp.content.decode()


@pytest.mark.django_db
def test_the_history_tells_each_step_edit_send_download_and_booking_in_french(world, story):
    got = rows(page_as(world, world.clients[ADMIN], "fr", story))
    assert ("step:visual", "Fidu (automatique)", "Aperçu : prêt", "") in got or (
        "step:visual",
        "Fidu (automatique)",
        "Aperçu: prêt",
        "",
    ) in got
    assert ("document.updated", "Claire Dubois", "Informations corrigées", "titre") in got
    assert ("document.downloaded", "Claire Dubois", "Téléchargé", "fichier original") in got
    assert ("documents.sent", "Claire Dubois", "Envoyé au comptable", "") in got
    assert ("document.downloaded", "Pieter Janssens", "Téléchargé", "PDF") in got
    assert ("document.booked", "Pieter Janssens", "Comptabilisé", "écriture ACH-12") in got
    actions = [r[0] for r in got]
    # in the order it happened
    assert actions.index("document.updated") < actions.index("documents.sent")
    assert actions.index("documents.sent") < actions.index("document.booked")


@pytest.mark.django_db
def test_the_same_history_reads_in_dutch_for_the_office(world, story):
    got = rows(page_as(world, world.collaborator, "nl", story))
    assert ("document.updated", "Claire Dubois", "Gegevens verbeterd", "titel") in got
    assert ("document.downloaded", "Claire Dubois", "Gedownload", "origineel bestand") in got
    assert ("documents.sent", "Claire Dubois", "Naar de boekhouder gestuurd", "") in got
    assert ("document.booked", "Pieter Janssens", "Geboekt", "boeking ACH-12") in got
    assert any(a == "step:pages" and what == "Pagina's: klaar" for a, _w, what, _d in got)
    assert "booking.proposal_sent" not in page_as(world, world.collaborator, "nl", story).replace(
        'data-action="booking.proposal_sent"', ""
    )


@pytest.mark.django_db
def test_each_download_of_a_file_writes_one_audit_row(world, handed_in):
    [doc] = handed_in(actor=world.clients[ADMIN])
    c = world.client_for(world.clients[ADMIN])
    c.get(reverse("document_original", args=[doc.pk]))
    c.get(reverse("document_visual", args=[doc.pk]) + "?download=1")
    events = AuditEvent.objects.filter(action="document.downloaded", object_id=str(doc.pk))
    assert sorted(e.data["file"] for e in events) == ["original", "pdf"]
    assert {e.actor for e in events} == {world.clients[ADMIN]}


@pytest.mark.django_db
def test_the_history_is_linked_from_the_document_and_closed_to_outsiders(world, handed_in):
    [doc] = handed_in(actor=world.clients[ADMIN])
    detail = world.client_for(world.clients[ADMIN]).get(reverse("document_detail", args=[doc.pk]))
    assert reverse("document_history", args=[doc.pk]) in detail.content.decode()
    for user in (world.outsider, world.stranger_office_admin):
        resp = world.client_for(user).get(reverse("document_history", args=[doc.pk]))
        assert resp.status_code == 404


@pytest.mark.django_db
def test_step_badges_show_names_and_states_not_codes(world, handed_in):
    world.clients[ADMIN].language = "fr"
    world.clients[ADMIN].save()
    [doc] = handed_in(actor=world.clients[ADMIN])
    html = world.client_for(world.clients[ADMIN]).get(reverse("document_detail", args=[doc.pk]))
    badges = re.findall(r'data-step="[^"]+" data-status="[^"]+">([^<]+)<', html.content.decode())
    assert "Aperçu: prêt" in badges or "Aperçu : prêt" in badges
    assert not any(b.startswith(("visual:", "pages:", "recognition:", "proposal:")) for b in badges)


@pytest.mark.django_db
def test_the_dossier_settings_history_names_actions_for_people(world, story):
    world.admin.language = "fr"
    world.admin.save()
    page = world.client_for(world.admin).get(reverse("dossier_settings", args=[world.dossier.pk]))
    text = page.content.decode()
    assert "Comptabilisé" in text and "Envoyé au comptable" in text
    assert "document.booked" not in text and "documents.sent" not in text


@pytest.mark.django_db
def test_a_check_of_the_booking_proposal_shows_with_the_checker(world, story):
    from django.apps import apps

    from core.audit import audit_log

    proposal = apps.get_model("booking", "Proposal").objects.get(document=story)
    # what booking writes when a collaborator checks the proposal (no document id in the data)
    audit_log(
        actor=world.collaborator,
        action="booking.proposal_updated",
        obj=proposal,
        data={"fields": ["invoice_number"], "checked": True, "status": "ok"},
    )
    got = rows(page_as(world, world.clients[ADMIN], "fr", story))
    assert (
        "booking.proposal_updated",
        "Pieter Janssens",
        "Proposition de comptabilisation vérifiée",
        "invoice number",
    ) in got


def test_every_step_the_apps_write_has_a_name_for_people():
    from django.utils import translation

    from documents.intake import steps
    from documents.step_labels import STEP_LABELS, step_label

    written = {s.name for s in steps()} | {"extraction", "text"}  # recognition's own rows
    assert written <= set(STEP_LABELS)
    with translation.override("nl"):
        assert step_label("extraction") == "Velden lezen"
