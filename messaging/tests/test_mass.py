"""H3: filter the dossiers, send one message each in its own language, placeholders filled,
templates edited by the office; refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from messaging.mass import fill, mass_send, placeholder_values, templates_for
from messaging.models import Conversation, DossierCalendar, MessageTemplate
from tenancy.models import ClientGroup, Dossier, OfficeMember, OfficeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def third(world):
    d = Dossier.objects.create(office=world.office, name="Gamma GmbH", language="de")
    d.collaborators.add(world.collaborator)
    return d


def test_filters_choose_the_dossiers(world, third):
    group = ClientGroup.objects.create(office=world.office, name="Eupen")
    group.dossiers.add(third)
    world.other_dossier.manager = world.admin
    world.other_dossier.save()
    DossierCalendar.objects.create(dossier=world.dossier, vat_filing="monthly")
    o = world.client_for(world.admin)

    def names(query: str) -> list[str]:
        page = o.get("/office/messages/mass/" + query).content.decode()
        return [d.name for d in Dossier.objects.order_by("name") if f">{d.name}<" in page]

    assert names("") == ["Alpha SRL", "Beta BV", "Gamma GmbH"]
    assert names(f"?group={group.pk}") == ["Gamma GmbH"]
    assert names(f"?manager={world.admin.pk}") == ["Beta BV"]
    assert names("?vat_regime=monthly") == ["Alpha SRL"]
    assert names("?vat_regime=quarterly") == ["Beta BV", "Gamma GmbH"]
    assert names("?q=beta") == ["Beta BV"]
    assert names("?validation_mode=client") == []
    # A collaborator chooses among their own dossiers only.
    collab = world.client_for(world.collaborator).get("/office/messages/mass/").content.decode()
    assert ">Alpha SRL<" in collab and ">Gamma GmbH<" in collab and ">Beta BV<" not in collab


def test_each_dossier_gets_its_language_and_its_values(world, third):
    o = world.client_for(world.admin)
    data = {
        "dossiers": [world.dossier.pk, world.other_dossier.pk, third.pk],
        "period": "Q4 2026",
        "deadline": "2027-01-25",
    }
    for lang, word in (("fr", "Bonjour"), ("nl", "Beste"), ("de", "Hallo")):
        data[f"subject_{lang}"] = f"{word} {{client_name}} {{period}}"
        data[f"body_{lang}"] = f"{word} {{client_name}}, avant {{deadline}} <b>{{x}}</b>"
    r = o.post("/office/messages/mass/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    subjects = dict(Conversation.objects.values_list("dossier__name", "subject"))
    assert subjects == {
        "Alpha SRL": "Bonjour Alpha SRL Q4 2026",
        "Beta BV": "Beste Beta BV Q4 2026",
        "Gamma GmbH": "Hallo Gamma GmbH Q4 2026",
    }
    gamma = Conversation.objects.get(dossier=third).messages.get()
    # Belgian dates in each language; an unknown placeholder stays as written.
    assert gamma.body == "Hallo Gamma GmbH, avant 25.01.2027 <b>{x}</b>" or gamma.body.startswith(
        "Hallo Gamma GmbH, avant 25"
    )
    assert "{x}" in gamma.body
    # Shown escaped to the client.
    page = world.client_for(world.admin).get(f"/messages/{gamma.conversation_id}/")
    assert "&lt;b&gt;{x}&lt;/b&gt;" in page.content.decode()


def test_a_missing_language_and_a_foreign_dossier_are_refused(world, third):
    o = world.client_for(world.collaborator)
    data = {
        "dossiers": [world.dossier.pk, third.pk],
        "subject_fr": "Sujet",
        "body_fr": "Texte",
    }
    r = o.post("/office/messages/mass/", data)
    assert r.status_code == 400 and "Deutsch" in r.content.decode()
    assert not Conversation.objects.exists()
    # Beta BV is not the collaborator's: nothing is sent at all.
    data.update(subject_de="Betreff", body_de="Text", subject_nl="Onderwerp", body_nl="Tekst")
    data["dossiers"] = [world.dossier.pk, world.other_dossier.pk]
    r = o.post("/office/messages/mass/", data)
    assert r.status_code == 400 and not Conversation.objects.exists()
    with pytest.raises(ValidationError):
        mass_send(
            actor=world.clients["administrator"],
            dossier_ids=[world.dossier.pk],
            subject={"fr": "a"},
            body={"fr": "b"},
        )
    # Clients and support have no mass page.
    for user in (world.clients["administrator"], world.support):
        assert world.client_for(user).post("/office/messages/mass/", data).status_code in (
            302,
            403,
            404,
        )
    assert not Conversation.objects.exists()


def test_the_office_edits_a_standard_template(world, third):
    o = world.client_for(world.admin)
    std = templates_for(world.office)[0]
    assert std.standard and not std.edited and "{period}" in std.subject["nl"]
    page = o.get(f"/office/messages/mass/?template={std.key}").content.decode()
    assert std.subject["fr"] in page
    data = {"name": "Rappel TVA", "subject_fr": "TVA {period}", "body_fr": "Bonjour {client_name}"}
    data.update(subject_nl="Btw {period}", body_nl="Beste {client_name}")
    r = o.post(f"/office/messages/templates/{std.key}/", data)
    assert r.status_code == 302
    edited = templates_for(world.office)[0]
    assert edited.edited and edited.subject["fr"] == "TVA {period}"
    # A collaborator uses templates but does not edit them.
    collab = world.client_for(world.collaborator)
    assert collab.get("/office/messages/templates/").status_code == 200
    assert collab.post(f"/office/messages/templates/{std.key}/", data).status_code == 403
    # Back to the standard text.
    o.post(f"/office/messages/templates/{std.key}/reset/")
    assert not MessageTemplate.objects.exists()
    # The office's own template.
    o.post("/office/messages/templates/new/", {**data, "name": "Mine"})
    mine = MessageTemplate.objects.get(name="Mine")
    assert any(t.key == f"t{mine.pk}" for t in templates_for(world.office))
    # Another office never sees it.
    other = OfficeMember.objects.get(user=world.stranger_office_admin).office
    assert not any(t.pk == mine.pk for t in templates_for(other))
    assert (
        world.client_for(world.stranger_office_admin)
        .get(f"/office/messages/templates/t{mine.pk}/")
        .status_code
        == 404
    )
    assert OfficeRole.ADMIN


def test_placeholders(world):
    values = placeholder_values(world.dossier, lang="fr", period="", deadline=date(2027, 1, 25))
    assert values["deadline"] == "25/01/2027" and values["client_name"] == "Alpha SRL"
    assert values["period"] != "–"  # the dossier's next quarterly return
    assert fill("{client_name} {client_name.__class__} {nope}", values) == (
        "Alpha SRL {client_name.__class__} {nope}"
    )
