"""Browser: the worklist and the annotation screen fit a laptop (1366x768) and a phone
(390x844) without page-level horizontal scrolling (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from booking import services
from booking.models import Proposal
from booking.tests import factories
from conftest import browser_login

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (390, 844)]


def _proposals(world):
    factories.books(world.dossier)
    cp = factories.supplier(world.dossier)
    factories.history(world.dossier, cp, n=2)
    out = []
    for i, extra in enumerate(
        [
            {},
            {
                "counterparty_name": "Établissements Vandenbroucke-Lemaire et Fils SRL",
                "counterparty_vat": "BE0403170701",
                "counterparty_key": "vat:BE0403170701",
            },
            {
                "currency": "USD",
                "total_excl_vat": Decimal("10000.00"),
                "total_vat": Decimal("2100.00"),
                "total_incl_vat": Decimal("12100.00"),
                "vat_breakdown": [{"rate": "21", "base": "10000.00", "vat": "2100.00"}],
            },
        ]
    ):
        doc = factories.sent_document(
            world.dossier,
            name=f"facture-fournisseur-{i}-2026-03.pdf",
            invoice_number=f"2026/INV/000{i}-LONG",
            **extra,
        )
        out.append(services.proposal_create_for_document(document_id=doc.pk))
    Proposal.objects.filter(pk=out[0].pk).update(instruction="Voiture de service")
    return out


OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth, inner: window.innerWidth,
})"""

STATUS_VISIBLE = """() => {
  const th = document.querySelector('th.bk-col-status');
  const box = th.closest('.bk-scroll') || document.documentElement;
  const r = th.getBoundingClientRect(), b = box.getBoundingClientRect();
  return {right: r.right, left: r.left, box: b.right, inner: window.innerWidth,
          table: document.querySelector('[data-testid=worklist]').getBoundingClientRect().width};
}"""

LINE_FIELDS = """() => Array.from(document.querySelectorAll('#bk-lines tr')).map(tr => {
  const sel = tr.querySelector('.bk-vatcode'), vat = tr.querySelector('[data-name=vat]'),
        base = tr.querySelector('[data-name=base]'), acc = tr.querySelector('.bk-account');
  const text = sel.options[sel.selectedIndex].text;
  const c = document.createElement('canvas').getContext('2d');
  c.font = getComputedStyle(sel).font;
  const need = c.measureText(text).width;
  const cs = getComputedStyle(sel);
  const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const fits = el => el.scrollWidth <= el.clientWidth;
  const wrap = tr.closest('.bk-lines-wrap').getBoundingClientRect();
  const vr = vat.getBoundingClientRect();
  return {code: text, codeNeed: need, codeWidth: room,
          vatFits: fits(vat), baseFits: fits(base), vatWidth: vat.clientWidth,
          accountWidth: acc.clientWidth, vatInside: vr.right <= wrap.right + 1};
})"""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_worklist_and_the_annotation_screen_fit(page, browser_world, width, height):
    world = browser_world
    proposals = _proposals(world)
    page.set_viewport_size({"width": width, "height": height})
    browser_login(page, world.collaborator.email)
    page.goto(page.url_for(f"/d/{world.dossier.pk}/worklist/"))
    sizes = page.evaluate(OVERFLOW)
    assert sizes["page"] <= sizes["inner"], ("worklist", width, sizes)
    if width >= 1366:
        status = page.evaluate(STATUS_VISIBLE)
        print(f"worklist at {width}: {status}")
        assert status["right"] <= min(status["box"], status["inner"]) + 1, status
        assert page.locator("th.bk-col-status").is_visible()
    for p in proposals:
        page.goto(page.url_for(f"/proposals/{p.pk}/"))
        sizes = page.evaluate(OVERFLOW)
        assert sizes["page"] <= sizes["inner"], ("annotation", width, p.pk, sizes)
        for line in page.evaluate(LINE_FIELDS):
            print(f"annotation at {width}: {line}")
            assert line["codeWidth"] >= line["codeNeed"], line  # the VAT code reads whole
            assert line["vatFits"] and line["baseFits"], line  # the amounts read whole
            assert line["vatInside"], line
