"""C14: counterparties completed from their VAT number through VIES, replayed locally."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from booking.models import Direction, Proposal, Status
from core import extensions
from core.audit import AuditEvent
from documents.models import DocState, Mailbox
from ledger.models import Counterparty
from office.lookups import LookupFailed, vat_lookup
from office.lookups.services import (
    is_legal_form_only,
    new_counterparty_values,
    proposal_counterparty_lookup,
    split_address,
)
from office.models import VatCheck
from office.tests.factories import documents
from office.tests.vies.fake import FakeVies

pytestmark = pytest.mark.django_db

VALID = "BE 0403.019.261"


@pytest.fixture
def vies(settings):
    cache.clear()
    with FakeVies() as fake, translation.override("en"):
        settings.FIDU_VAT_LOOKUP = "vies"
        settings.FIDU_VIES_URL = fake.url
        settings.FIDU_VIES_TIMEOUT = 1
        yield fake
    cache.clear()


def _proposal(dossier, *, name="SRL", vat=VALID, **kw):
    [doc] = documents(dossier, 1, state=DocState.SENT, mailbox=Mailbox.PURCHASES)
    return Proposal.objects.create(
        dossier=dossier,
        document=doc,
        status=Status.COMPLETE_NEW,
        direction=Direction.PURCHASE,
        new_name=name,
        new_vat=vat,
        **kw,
    )


def test_it_reads_a_valid_answer_and_caches_it(vies):
    info = vat_lookup(VALID)
    assert (info.vat, info.valid) == ("BE0403019261", True)
    assert info.name == "SRL BRASSERIE DU PARC"
    assert info.address == "RUE DE LA LOI 16\n1000 BRUXELLES"
    assert vat_lookup("be0403019261").name == info.name
    assert vies.hits == ["/ms/BE/vat/0403019261"]  # the second answer came from the cache


def test_it_reads_an_invalid_number_without_name(vies):
    info = vat_lookup("BE0999999999")
    assert info.valid is False
    assert (info.name, info.address) == ("", "")  # VIES's "---" is not a name


def test_a_timeout_is_a_clear_message_and_is_not_cached(vies):
    started = time.monotonic()
    with pytest.raises(LookupFailed, match="did not answer in time"):
        vat_lookup("DE811569869")
    assert time.monotonic() - started < 2.5  # the 1 s timeout, not the server's 3 s
    assert cache.get("fidu:vat-lookup:DE811569869") is None


@pytest.mark.parametrize("vat", ["FR40303265045", "NL004495445B01"])
def test_an_unavailable_service_is_a_clear_message(vies, vat):
    with pytest.raises(LookupFailed, match="unavailable"):
        vat_lookup(vat)


def test_it_refuses_what_is_not_an_eu_vat_number_without_asking(vies):
    with pytest.raises(LookupFailed, match="not a VAT number"):
        vat_lookup("US123456789")
    with pytest.raises(LookupFailed):
        vat_lookup("BE../../admin")
    assert vies.hits == []


def test_it_asks_nobody_when_switched_off(settings):
    translation.activate("en")
    settings.FIDU_VAT_LOOKUP = "off"
    with pytest.raises(LookupFailed, match="switched off"):
        vat_lookup(VALID)


def test_legal_forms_and_addresses():
    assert is_legal_form_only("SRL") and is_legal_form_only("B.V.")
    assert is_legal_form_only("GmbH & Co. KG") and is_legal_form_only("")
    assert not is_legal_form_only("Brasserie du Parc SRL")
    assert split_address("RUE DE LA LOI 16\n1000 BRUXELLES") == {
        "street": "RUE DE LA LOI 16",
        "postcode": "1000",
        "city": "BRUXELLES",
    }


def test_a_proposal_named_only_srl_takes_the_legal_name(world, vies):
    p = _proposal(world.dossier, name="SRL")
    version = p.version
    outcome = proposal_counterparty_lookup(actor=world.collaborator, proposal=p)
    p.refresh_from_db()
    assert outcome.changed == ["name"]
    assert p.new_name == "SRL BRASSERIE DU PARC"
    assert p.version == version + 1  # an editor open on the old content must reload
    check = VatCheck.objects.get(dossier=world.dossier, vat="BE0403019261")
    assert check.valid and check.address.startswith("RUE DE LA LOI")
    assert AuditEvent.objects.filter(action="office.vat_lookup").exists()
    # The counterparty booking creates at send time gets the address.
    assert new_counterparty_values(p)["postcode"] == "1000"


def test_a_real_name_is_kept(world, vies):
    p = _proposal(world.dossier, name="Brasserie du Parc")
    proposal_counterparty_lookup(actor=world.collaborator, proposal=p)
    p.refresh_from_db()
    assert p.new_name == "Brasserie du Parc"


def test_a_known_counterparty_gets_its_missing_address(world, vies):
    cp = Counterparty.objects.create(
        dossier=world.dossier,
        kind="supplier",
        reference="BDP",
        name="BV",
        vat_number="BE0403019261",
    )
    p = _proposal(world.dossier, name="", vat="", counterparty=cp)
    outcome = proposal_counterparty_lookup(actor=world.collaborator, proposal=p)
    cp.refresh_from_db()
    assert sorted(outcome.changed or []) == ["city", "name", "postcode", "street"]
    assert (cp.name, cp.city, cp.postcode) == ("SRL BRASSERIE DU PARC", "BRUXELLES", "1000")


def test_a_new_proposal_is_completed_automatically(world, vies, django_capture_on_commit_callbacks):
    p = _proposal(world.dossier, name="SRL")
    extensions.notify("booking.proposal_created", p.pk)  # what booking fires on commit
    p.refresh_from_db()
    assert p.new_name == "SRL BRASSERIE DU PARC"


def test_the_button_shows_a_timeout_and_booking_goes_on(world, vies):
    p = _proposal(world.dossier, name="SRL", vat="DE811569869")
    world.collaborator.language = "nl"  # the message in the user's language
    world.collaborator.save(update_fields=["language"])
    c = world.client_for(world.collaborator)
    r = c.post(reverse("office_lookup_proposal", args=[p.pk]), follow=True)
    assert r.status_code == 200
    assert "antwoordde niet op tijd" in r.content.decode()
    p.refresh_from_db()
    assert p.new_name == "SRL" and p.status == Status.COMPLETE_NEW  # nothing blocked


def test_the_button_completes_and_the_page_shows_the_answer(world, vies):
    p = _proposal(world.dossier, name="SRL")
    c = world.client_for(world.collaborator)
    r = c.post(reverse("office_lookup_proposal", args=[p.pk]))
    assert r.status_code == 302
    page = c.get(reverse("booking_annotate", args=[p.pk])).content.decode()
    assert 'data-testid="vat-valid"' in page and "RUE DE LA LOI 16" in page


def test_an_invalid_number_is_said_on_the_page(world, vies):
    p = _proposal(world.dossier, name="SRL", vat="BE0999999999")
    world.collaborator.language = "en"
    world.collaborator.save(update_fields=["language"])
    c = world.client_for(world.collaborator)
    r = c.post(reverse("office_lookup_proposal", args=[p.pk]), follow=True)
    assert "is not a valid VAT number" in r.content.decode()
    p.refresh_from_db()
    assert p.new_name == "SRL"


def test_clients_and_outsiders_cannot_look_up(world, vies):
    p = _proposal(world.dossier, name="SRL")
    for user in (world.clients["administrator"], world.outsider):
        r = world.client_for(user).post(reverse("office_lookup_proposal", args=[p.pk]))
        assert r.status_code in (403, 404)
    p.refresh_from_db()
    assert p.new_name == "SRL" and vies.hits == []
