"""C1 and C10 as the office uses them: the processing mode per dossier and journal, and usage."""

from __future__ import annotations

from recognition.models import DossierRecognitionSettings, ProcessingMode
from recognition.services import usage_count


def test_the_office_sets_the_processing_mode_per_dossier_and_journal(world):
    c = world.client_for(world.collaborator)
    r = c.post(
        f"/d/{world.dossier.pk}/recognition/",
        {"mode": "verified", "journal_modes": "ach: transport\n\nVEN: automatic"},
    )
    assert r.status_code == 302
    settings = DossierRecognitionSettings.objects.get(dossier=world.dossier)
    assert settings.mode == ProcessingMode.VERIFIED
    assert settings.journal_modes == {"ACH": "transport", "VEN": "automatic"}
    assert settings.mode_for("ACH") == "transport" and settings.mode_for("OD") == "verified"


def test_it_explains_a_bad_journal_line(world):
    r = world.client_for(world.admin).post(
        f"/d/{world.dossier.pk}/recognition/", {"mode": "automatic", "journal_modes": "ACH quickly"}
    )
    assert (
        r.status_code == 200 and "Line 1" in r.content.decode()
    ) or "Ligne 1" in r.content.decode()
    assert not DossierRecognitionSettings.objects.filter(dossier=world.dossier).exists()


def test_it_shows_the_usage_per_mode(world):
    usage_count(dossier_id=world.dossier.pk, mode="automatic", pages=3)
    usage_count(dossier_id=world.dossier.pk, mode="automatic", pages=2)
    html = world.client_for(world.admin).get(f"/d/{world.dossier.pk}/recognition/").content.decode()
    table = html.split('data-testid="usage-totals"')[1].split("</table>")[0]
    assert ">2<" in table and ">5<" in table


def test_clients_cannot_change_the_processing_mode(world):
    r = world.client_for(world.clients["administrator"]).post(
        f"/d/{world.dossier.pk}/recognition/", {"mode": "transport"}
    )
    assert r.status_code == 403
    assert not DossierRecognitionSettings.objects.filter(dossier=world.dossier).exists()


def test_the_extraction_page_follows_the_clients_a6_choice(
    world, handed_in, django_capture_on_commit_callbacks
):
    from documents.pdfgen import make_pdf
    from documents.services import document_send_to_office

    user = world.clients["full_access"]
    [doc] = handed_in(file=make_pdf(["Facture 1"]), name="f.pdf", actor=user)
    url = f"/documents/{doc.pk}/extraction/"
    assert world.client_for(user).get(url).status_code == 200
    assert world.client_for(world.collaborator).get(url).status_code == 404  # not sent, no consent
    assert world.client_for(world.clients["doc_delivery"]).get(url).status_code == 404  # not theirs
    with django_capture_on_commit_callbacks(execute=True):
        document_send_to_office(actor=user, documents=[doc])
    assert world.client_for(world.collaborator).get(url).status_code == 200


def test_the_document_page_links_to_its_recognised_fields(world, handed_in):
    from documents.pdfgen import make_pdf

    user = world.clients["full_access"]
    [doc] = handed_in(file=make_pdf(["Facture 1"]), name="f.pdf", actor=user)
    page = world.client_for(user).get(f"/documents/{doc.pk}/").content.decode()
    assert f'href="/documents/{doc.pk}/extraction/"' in page


def test_it_shows_the_offices_current_cartridges_with_the_share_used(world):
    import datetime as dt

    from django.utils import timezone

    from recognition import quotas

    today = timezone.localdate()
    quotas.cartridge_save(
        actor=world.admin,
        office=world.office,
        mode="automatic",
        capacity=4,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    quotas.cartridge_save(  # over: not today's
        actor=world.admin,
        office=world.office,
        mode="verified",
        capacity=9,
        starts_on=today - dt.timedelta(days=9),
        ends_on=today - dt.timedelta(days=2),
    )
    for _ in range(3):
        usage_count(dossier_id=world.other_dossier.pk, mode="automatic", pages=1)
    html = world.client_for(world.collaborator).get(f"/d/{world.dossier.pk}/recognition/")
    listed = html.content.decode().split('data-testid="current-cartridges"')[1].split("</ul>")[0]
    assert "75 %" in listed and listed.count("<li") == 1
