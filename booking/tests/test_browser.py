"""Browser: a collaborator works through five proposals with the keyboard; hybrid and client modes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from booking import services
from booking.models import Proposal, State, Status
from booking.tests import factories
from conftest import browser_login

pytestmark = pytest.mark.browser


def _setup(world, n=5):
    factories.books(world.dossier)
    cp = factories.supplier(world.dossier)
    factories.history(world.dossier, cp, n=2)
    return [
        services.proposal_create_for_document(
            document_id=factories.sent_document(
                world.dossier, name=f"inv{i}.pdf", invoice_number=f"K-{i}"
            ).pk
        )
        for i in range(n)
    ]


def test_a_collaborator_works_through_five_proposals_with_the_keyboard(page, browser_world):
    world = browser_world
    proposals = _setup(world)
    # One needs a fix: its total is wrong and the collaborator types the arithmetic.
    Proposal.objects.filter(pk=proposals[-1].pk).update(total=Decimal("50.00"))
    browser_login(page, world.collaborator.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/worklist/"))
    page.keyboard.press("Control+1")
    page.wait_for_url(f"**/proposals/{proposals[-1].pk}/**")
    # The newest comes first and needs a fix: the collaborator types the arithmetic.
    page.focus("#f-total")
    page.keyboard.press("Control+a")
    page.keyboard.type("100+6")
    page.keyboard.press("Enter")
    assert page.input_value("#f-total") == "106.00"
    for p in reversed(proposals[:-1]):
        with page.expect_navigation():
            page.keyboard.press("Control+ArrowRight")
        assert f"/proposals/{p.pk}/" in page.url, page.content()[:2000]
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    assert f"/d/{world.dossier.pk}/worklist/" in page.url
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == {Status.CHECKED}, statuses


def test_hybrid_then_client_mode_end_to_end(page, browser_world):
    world = browser_world
    (p,) = _setup(world, n=1)
    world.dossier.validation_mode = "hybrid"
    world.dossier.save()
    client = world.clients["administrator"]
    browser_login(page, client.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/proposals/"))
    assert page.locator("[data-testid=bulk-send]").count() == 0
    page.click("[data-testid=open]")
    page.fill("#f-instruction", "Voiture de service")
    page.click("button[data-go=stay]")
    page.wait_for_load_state("networkidle")
    assert Proposal.objects.get(pk=p.pk).instruction == "Voiture de service"
    assert page.locator("[data-testid=send]").count() == 0
    world.dossier.validation_mode = "client"
    world.dossier.save()
    page.reload()
    page.click("[data-testid=send]")
    page.wait_for_load_state("networkidle")
    p.refresh_from_db()
    assert p.state == State.SENT and p.document.state == "booked"


def test_the_gl_account_is_chosen_with_the_keyboard_only(page, browser_world):
    world = browser_world
    (p,) = _setup(world, n=1)
    browser_login(page, world.collaborator.email)
    page.goto(page.url_for(f"/proposals/{p.pk}/"))
    account = page.locator("#bk-lines .bk-account").first
    assert account.get_attribute("list") == "bk-accounts"
    options = page.locator("#bk-accounts option")
    assert options.count() > 100  # the whole chart, searchable by code and name
    account.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("612000")
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    line = p.lines.select_related("account").get()
    assert line.account.code == "612000"
