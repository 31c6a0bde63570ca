"""Browser: a collaborator filters the monitor, opens a count and lands on the filtered
list; documents of a user the office checks first wait and are released (C11)."""

from __future__ import annotations

import pytest

from conftest import browser_login
from documents.intake import Incoming, intake_file
from documents.models import DocState, DocumentStep, Mailbox, StepStatus
from documents.pdfgen import make_pdf
from office.models import Release
from office.tests.factories import documents
from tenancy.models import ClientProfile, DossierMembership

pytestmark = pytest.mark.browser


def test_collaborator_filters_the_monitor_and_opens_a_count(page, browser_world):
    world = browser_world
    world.dossier.allow_accountant_unsent = True  # A6: the office may open the documents list
    world.dossier.save()
    documents(world.dossier, 3, state=DocState.SENT, mailbox=Mailbox.MISC)
    documents(world.other_dossier, 5, state=DocState.SENT, mailbox=Mailbox.MISC)
    browser_login(page, world.admin.email)
    assert page.url.endswith("/office/")  # the office lands on the monitor
    assert page.locator("tr[data-dossier]").count() == 2
    page.fill("#m-q", "Alpha")
    page.get_by_test_id("monitor-apply").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("tr[data-dossier]")
    assert rows.count() == 1 and "Alpha SRL" in rows.inner_text()
    rows.locator("a[data-count=misc]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/office/misc/?dossier={world.dossier.pk}")  # C13 worklist
    assert page.locator("li[data-misc]").count() == 3


def test_documents_checked_first_wait_and_are_released(page, browser_world):
    world = browser_world
    user = world.clients[ClientProfile.DOC_PROCESSING]
    DossierMembership.objects.filter(dossier=world.dossier, user=user).update(
        validate_before_recognition=True
    )
    [doc] = intake_file(
        Incoming(
            dossier=world.dossier,
            mailbox=Mailbox.PURCHASES,
            source="upload",
            file_name="garage.pdf",
            data=make_pdf(["Garage Dupont", "Facture 88"]),
            actor=user,
        )
    )
    step = DocumentStep.objects.get(document=doc, name="office_release")
    assert step.status == StepStatus.HELD
    browser_login(page, world.collaborator.email)
    page.goto(page.url_for("/office/release/"))
    row = page.locator("tr[data-release]")
    assert row.count() == 1
    row.get_by_role("button", name="Libérer").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("tr[data-release]").count() == 0
    assert Release.objects.get(document=doc).released_by == world.collaborator


def test_admin_works_the_activation_checklist_to_the_end(page, browser_world):
    from datetime import date

    from ledger.models import FiscalYear, Period

    world = browser_world
    fy = FiscalYear.objects.create(
        dossier=world.dossier, name="2024", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    Period.objects.create(
        dossier=world.dossier,
        fiscal_year=fy,
        number=1,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        closed=True,
    )
    world.dossier.manager = world.collaborator
    world.dossier.save()
    browser_login(page, world.admin.email)
    page.locator(f"a[data-checklist='{world.dossier.pk}']").click()
    page.wait_for_load_state("networkidle")
    assert "/office/checklist/" in page.url
    for key in ("vat_exempt", "journals_rubrics", "modules", "numbering"):
        page.get_by_test_id(f"tick-{key}").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(f"li[data-step={key}]").get_attribute("data-done") == "1"
    assert page.locator("li[data-done='0']").count() == 0
    assert page.get_by_test_id("checklist-left").locator(".text-bg-success").count() == 1
    page.goto(page.url_for("/office/"))
    assert page.locator(f"a[data-checklist='{world.dossier.pk}']").count() == 0


def test_an_admin_switches_the_numbering_check_on_and_a_gap_is_flagged(page, browser_world):
    from datetime import date

    from booking.models import Direction, Proposal, Status

    world = browser_world
    docs = documents(world.dossier, 2, state=DocState.SENT, mailbox=Mailbox.SALES)
    proposals = [
        Proposal.objects.create(
            dossier=world.dossier,
            document=doc,
            status=Status.COMPLETE,
            direction=Direction.SALES,
            invoice_number=number,
            invoice_date=date(2026, 5, 1),
        )
        for doc, number in zip(docs, ["V2026-0007", "V2026-0009"], strict=True)
    ]
    browser_login(page, world.admin.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/office/checks/"))
    page.get_by_test_id("numbering-on").click()
    page.wait_for_load_state("networkidle")
    page.goto(page.url_for(f"/d/{world.dossier.pk}/office/numbering/"))
    assert "V2026-0008" in page.get_by_test_id("gaps").inner_text()
    page.goto(page.url_for(f"/proposals/{proposals[1].pk}/"))
    # C12's flag is a warning in the proposal's problems (booking's "proposal_problems").
    flag = page.locator("[data-testid=problems] li[data-problem=invoice_number]")
    assert flag.is_visible() and "V2026-0008" in flag.inner_text()
