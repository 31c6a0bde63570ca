"""C12: gaps and duplicates in the sales invoice numbers, flagged and listed per fiscal year."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from booking.models import Direction, Proposal, State, Status
from documents.models import DocState, Mailbox
from office.models import DossierChecks
from office.numbering import numbering_report, proposal_numbering_flags
from office.services import numbering_check_set
from office.tests.factories import documents

pytestmark = pytest.mark.django_db


def _sales(dossier, numbers, *, day=date(2026, 3, 1), state=State.OPEN):
    docs = documents(dossier, len(numbers), state=DocState.SENT, mailbox=Mailbox.SALES)
    return [
        Proposal.objects.create(
            dossier=dossier,
            document=doc,
            status=Status.COMPLETE,
            direction=Direction.SALES,
            invoice_number=number,
            invoice_date=day,
            state=state,
        )
        for doc, number in zip(docs, numbers, strict=True)
    ]


@pytest.fixture
def on(world):
    numbering_check_set(actor=world.admin, dossier=world.dossier, on=True)
    return world


def test_a_gap_is_flagged(on):
    _p1, p2, p4 = _sales(on.dossier, ["2026-001", "2026-002", "2026-004"])
    assert proposal_numbering_flags(p4) == [{"kind": "gap", "number": "2026-003", "year": "2026"}]
    assert proposal_numbering_flags(p2) == []
    [report] = numbering_report(on.dossier)
    [series] = report.series
    assert (series.prefix, series.first, series.last, series.gaps) == ("2026-", 1, 4, ["2026-003"])


def test_a_duplicate_is_flagged(on):
    a, b, c = _sales(on.dossier, ["F 10", "F11", "f11"])
    assert proposal_numbering_flags(a) == []
    assert proposal_numbering_flags(b) == [{"kind": "duplicate", "number": "F11", "others": 1}]
    assert numbering_report(on.dossier)[0].duplicates == {"F11": sorted([b.pk, c.pk])}


def test_switched_off_nothing_is_flagged(world):
    _sales(world.dossier, ["1", "1"])
    [_p1, _p2, p5] = _sales(world.dossier, ["2", "3", "5"])
    assert proposal_numbering_flags(p5) == []
    DossierChecks.objects.create(dossier=world.dossier, sales_numbering=False)
    assert proposal_numbering_flags(p5) == []
    r = world.client_for(world.collaborator).get(
        reverse("office_numbering", args=[world.dossier.pk])
    )
    assert 'data-testid="numbering-off"' in r.content.decode()


def test_years_and_deleted_proposals(on):
    _sales(on.dossier, ["7", "9"], day=date(2025, 6, 1))
    _sales(on.dossier, ["1", "3"])
    _sales(on.dossier, ["2"], state=State.DELETED)  # does not fill the gap
    reports = {r.year: r for r in numbering_report(on.dossier)}
    assert reports["2025"].series[0].gaps == ["8"]
    assert reports["2026"].series[0].gaps == ["2"]


def test_the_page_lists_gaps_and_the_proposal_shows_the_flag(on):
    _p1, p3 = _sales(on.dossier, ["INV-1", "INV-3"])
    c = on.client_for(on.collaborator)
    page = c.get(reverse("office_numbering", args=[on.dossier.pk])).content.decode()
    assert "INV-2" in page and 'data-testid="numbering-2026"' in page
    annotate = c.get(reverse("booking_annotate", args=[p3.pk])).content.decode()
    problems = annotate.split('data-testid="problems"')[1].split("</ul>")[0]
    assert 'data-problem="invoice_number"' in problems and "INV-2" in problems


def test_the_switch_is_for_those_who_configure_the_dossier(world):
    url = reverse("office_checks", args=[world.dossier.pk])
    page = world.client_for(world.admin).get(url).content.decode()
    assert 'data-testid="numbering-on"' in page
    r = world.client_for(world.admin).post(url, {"numbering": "1"})
    assert r.status_code == 302
    assert DossierChecks.objects.get(dossier=world.dossier).sales_numbering
    r = world.client_for(world.outsider).post(url, {"numbering": "0"})
    assert r.status_code in (403, 404)
    assert DossierChecks.objects.get(dossier=world.dossier).sales_numbering
    r = world.client_for(world.outsider).get(reverse("office_numbering", args=[world.dossier.pk]))
    assert r.status_code in (403, 404)
