"""Issue 17's small items: the monitor's mass-message button (H3), the VIES lookup on the
ledger's counterparty form (C14), C12 flags in the proposal's problems, and the invoices
issued in Fidu in the numbering check."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from booking.models import Direction, Proposal, State, Status
from booking.selectors import live_problems
from core.audit import AuditEvent
from documents.models import DocState, Mailbox
from ledger.models import Counterparty
from ledger.services.setup import books_activate
from office.models import VatCheck
from office.numbering import numbering_report, proposal_numbering_flags
from office.services import numbering_check_set
from office.tests.factories import documents
from office.tests.vies.fake import FakeVies

pytestmark = pytest.mark.django_db


# --- (a) the monitor's "Message these dossiers" ----------------------------------------------


def _mass_url(c, query: str) -> str:
    html = c.get(reverse("office_monitor") + query).content.decode()
    marker = 'data-testid="monitor-mass-message"'
    if marker not in html:
        return ""
    tag = html[: html.index(marker)].rsplit("<a ", 1)[1]
    return unescape(tag.split('href="', 1)[1].split('"', 1)[0])


def _mass_dossiers(c, url: str) -> set[str]:
    r = c.get(url)
    assert r.status_code == 200
    checked = r.content.decode().split('data-testid="mass-form"')[1]
    return {
        part.split('value="', 1)[1].split('"', 1)[0]
        for part in checked.split('name="dossiers"')[1:]
    }


def test_the_monitor_filters_go_to_the_mass_message(world):
    world.other_dossier.manager = world.collaborator
    world.other_dossier.save()
    world.dossier.manager = world.admin
    world.dossier.save()
    c = world.client_for(world.admin)
    url = _mass_url(c, f"?manager={world.collaborator.pk}")
    assert url.startswith(reverse("messaging_mass")) and f"manager={world.collaborator.pk}" in url
    assert _mass_dossiers(c, url) == {str(world.other_dossier.pk)}
    url = _mass_url(c, "?mine=1&q=Alpha")
    assert "mine=on" in url and "q=Alpha" in url
    assert _mass_dossiers(c, url) == {str(world.dossier.pk)}
    url = _mass_url(c, "?q=0403170701")  # the enterprise number, as the monitor searches it
    assert _mass_dossiers(c, url) == {str(world.other_dossier.pk)}
    assert _mass_url(c, "?status=inactive") == ""  # mass messages go to active dossiers
    assert _mass_url(c, "?q=nothing-matches") == ""
    assert _mass_url(world.client_for(world.support), "") == ""  # support sends no messages


# --- (b) "Look up" on the ledger's counterparty form ------------------------------------------

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


def test_the_counterparty_form_is_filled_from_vies(world, vies):
    books_activate(actor=world.admin, dossier=world.dossier)
    c = world.client_for(world.admin)
    page = c.get(reverse("ledger_counterparties", args=[world.dossier.pk])).content.decode()
    assert 'data-testid="counterparty-lookup"' in page
    url = reverse("office_counterparty_lookup", args=[world.dossier.pk])
    before = Counterparty.objects.count()
    r = c.post(
        url,
        {"kind": "supplier", "reference": "BRAS", "name": "SRL", "vat_number": VALID},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="counterparty-form"' in html
    assert "alert-success" in html
    assert 'value="SRL BRASSERIE DU PARC"' in html
    assert 'value="RUE DE LA LOI 16"' in html and 'value="BRUXELLES"' in html
    assert 'value="1000"' in html and 'value="BRAS"' in html
    assert Counterparty.objects.count() == before  # filled, not saved
    assert VatCheck.objects.get(dossier=world.dossier, vat="BE0403019261").valid
    assert AuditEvent.objects.filter(action="office.vat_lookup", dossier_id=world.dossier.pk)
    # A name the person typed stays; an invalid number says so.
    r = c.post(url, {"name": "Brasserie", "vat_number": VALID}, HTTP_HX_REQUEST="true")
    assert 'value="Brasserie"' in r.content.decode()
    r = c.post(url, {"vat_number": "BE0999999999"}, HTTP_HX_REQUEST="true")
    assert "alert-warning" in r.content.decode() and "BE0999999999" in r.content.decode()
    assert not VatCheck.objects.get(vat="BE0999999999").valid
    r = c.post(url, {"vat_number": ""}, HTTP_HX_REQUEST="true")
    assert "alert-warning" in r.content.decode()
    r = c.post(url, {"vat_number": VALID})  # without htmx: back to the page with a message
    assert r.status_code == 302


def test_the_lookup_is_for_those_who_configure(world, vies):
    url = reverse("office_counterparty_lookup", args=[world.dossier.pk])
    for user in (world.clients["administrator"], world.outsider, world.support):
        r = world.client_for(user).post(url, {"vat_number": VALID}, HTTP_HX_REQUEST="true")
        assert r.status_code in (403, 404)
    assert not VatCheck.objects.exists() and vies.hits == []


# --- (c) C12 flags in the proposal's problems ---------------------------------------------------


def _sales(dossier, numbers, *, day=date(2026, 3, 1)):
    docs = documents(dossier, len(numbers), state=DocState.SENT, mailbox=Mailbox.SALES)
    return [
        Proposal.objects.create(
            dossier=dossier,
            document=doc,
            status=Status.COMPLETE,
            direction=Direction.SALES,
            invoice_number=number,
            invoice_date=day,
            state=State.OPEN,
        )
        for doc, number in zip(docs, numbers, strict=True)
    ]


def test_numbering_flags_are_warnings_in_the_problems(world):
    _p1, p3 = _sales(world.dossier, ["INV-1", "INV-3"])
    assert not [pr for pr in live_problems(p3) if pr["field"] == "invoice_number"]  # check off
    numbering_check_set(actor=world.admin, dossier=world.dossier, on=True)
    flags = [pr for pr in live_problems(p3) if pr["field"] == "invoice_number"]
    assert [f["level"] for f in flags] == ["warning"]
    html = (
        world.client_for(world.collaborator)
        .get(reverse("booking_annotate", args=[p3.pk]))
        .content.decode()
    )
    problems = html.split('data-testid="problems"')[1].split("</ul>")[0]
    assert 'data-problem="invoice_number"' in problems
    # Stored as a code, shown in the reader's language (the world's users read French).
    assert "Le numéro de facture INV-2 manque avant celui-ci." in problems
    p3.refresh_from_db()
    assert p3.status == Status.COMPLETE  # a warning: sending is not stopped


# --- (d) invoices issued in Fidu in the numbering check ----------------------------------------


def _issued(dossier, numbers, day=date(2026, 4, 1)):
    from invoicing.models import Customer, Invoice, Status

    customer = Customer.objects.create(dossier=dossier, name="Client SA")
    return [
        Invoice.objects.create(
            dossier=dossier,
            customer=customer,
            status=Status.ISSUED,
            number=n,
            journal_code="VEN",
            issue_date=day,
        )
        for n in numbers
    ]


def test_issued_invoices_are_in_the_numbering_check(world):
    numbering_check_set(actor=world.admin, dossier=world.dossier, on=True)
    _issued(world.dossier, ["2026-00001", "2026-00003"])
    [p] = _sales(world.dossier, ["2026-00003"])
    [report] = numbering_report(world.dossier)
    [series] = report.series
    assert series.gaps == ["2026-00002"]
    assert report.duplicates == {"2026-00003": [p.pk]}
    assert len(report.duplicate_invoices["2026-00003"]) == 1
    assert proposal_numbering_flags(p) == [
        {"kind": "duplicate", "number": "2026-00003", "others": 1},
        {"kind": "gap", "number": "2026-00002", "year": "2026"},
    ]
    page = (
        world.client_for(world.collaborator)
        .get(reverse("office_numbering", args=[world.dossier.pk]))
        .content.decode()
    )
    assert "2026-00002" in page and "2026-00003" in page.split('data-testid="duplicates"')[1]


def test_drafts_do_not_count_and_a_fiscal_year_names_the_series(world):
    from invoicing.models import Invoice, Status
    from ledger.models import FiscalYear

    FiscalYear.objects.create(
        dossier=world.dossier, name="2025-26", start=date(2025, 7, 1), end=date(2026, 6, 30)
    )
    [a, _b] = _issued(world.dossier, ["7", "9"])
    Invoice.objects.filter(pk=a.pk).update(status=Status.DRAFT)
    [report] = numbering_report(world.dossier)
    assert report.year == "2025-26"
    assert [(s.first, s.last, s.gaps) for s in report.series] == [(9, 9, [])]
