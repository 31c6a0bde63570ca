"""B13 "VAT documents OK": the client says a period is complete; the office sees it per
dossier and period, also when it was said while sending documents."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from documents.models import Dispatch
from messaging.models import DossierCalendar, VatDocumentsOk
from messaging.vat_ok import recent_periods
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filing", "today", "expected"),
    [
        ("monthly", date(2026, 2, 10), ["2026-02", "2026-01", "2025-12"]),
        ("quarterly", date(2026, 2, 10), ["2026-Q1", "2025-Q4", "2025-Q3"]),
        ("quarterly", date(2026, 12, 31), ["2026-Q4", "2026-Q3", "2026-Q2"]),
    ],
)
def test_recent_periods(filing, today, expected):
    assert recent_periods(filing, today, 3) == expected


def test_client_declares_office_sees(world):
    today = timezone.localdate()
    last = recent_periods("quarterly", today, 2)[1]
    client = world.client_for(world.clients[ClientProfile.ADMINISTRATOR])
    page = client.get(f"/d/{world.dossier.pk}/vat-documents/").content.decode()
    assert f'data-testid="declare-{last}"' in page
    r = client.post(f"/d/{world.dossier.pk}/vat-documents/declare/", {"period": last})
    assert r.status_code == 302
    row = VatDocumentsOk.objects.get()
    assert row.period == last and row.declared_by == world.clients[ClientProfile.ADMINISTRATOR]
    # A period that has not started, or nonsense, is refused with a message.
    client.post(f"/d/{world.dossier.pk}/vat-documents/declare/", {"period": "2099-Q1"})
    client.post(f"/d/{world.dossier.pk}/vat-documents/declare/", {"period": "<b>"})
    assert VatDocumentsOk.objects.count() == 1

    # Beta BV, monthly, said it when sending its documents.
    DossierCalendar.objects.create(dossier=world.other_dossier, vat_filing="monthly")
    month = recent_periods("monthly", today, 2)[1]
    Dispatch.objects.create(dossier=world.other_dossier, last_for_period=month)

    office = world.client_for(world.admin).get("/office/vat-documents/").content.decode()
    assert f'data-period="{last}" data-ok="1"' in office
    assert f'data-period="{month}" data-ok="1"' in office
    # "Last period not complete": both said it, so nobody is listed.
    missing = world.client_for(world.admin).get("/office/vat-documents/?missing=1")
    assert "Alpha SRL" not in missing.content.decode()

    # The full-feedback profile sees the page but may not declare; an outsider gets nothing.
    fb = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    assert fb.get(f"/d/{world.dossier.pk}/vat-documents/").status_code == 200
    assert (
        fb.post(f"/d/{world.dossier.pk}/vat-documents/declare/", {"period": last}).status_code
        == 403
    )
    out = world.client_for(world.outsider)
    assert out.get(f"/d/{world.dossier.pk}/vat-documents/").status_code == 404
    assert "Alpha SRL" not in out.get("/office/vat-documents/").content.decode()

    # Withdrawn.
    client.post(f"/d/{world.dossier.pk}/vat-documents/declare/", {"period": last, "withdraw": "1"})
    assert not VatDocumentsOk.objects.exists()
