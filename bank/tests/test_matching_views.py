"""The office's matching screen: accept, change, reject, bulk accept; posted entries and
settled open items; nobody else reaches it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bank.models import MatchProposal, MatchRule, MatchStatus, Movement
from bank.tests.coda import coda_file
from bank.tests.ledger_data import counterparty, invoice
from core.models import AuditEvent
from ledger.models import Books, Entry, Journal
from ledger.selectors import open_amounts
from ledger.services.posting import ogm_make
from tenancy.models import ClientProfile

D = Decimal
IBAN = "BE68539007547034"


def _office(world):
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])
    return world.client_for(world.admin)


def _setup(world):
    acme = counterparty(world, name="Acme SA", iban="BE62510007547061")
    supplier = counterparty(world, "supplier", "Fournisseur SA", iban="BE71096123456769")
    sale = invoice(world, acme, "121.00", ogm=ogm_make(11))
    sale2 = invoice(world, acme, "242.00", ogm=ogm_make(12))
    purchase = invoice(world, supplier, "300.00")
    data = coda_file(
        account=IBAN,
        day=date(2026, 3, 2),
        movements=[
            (D("121.00"), "ACME", "BE62510007547061", ogm_make(11)),
            (D("242.00"), "ACME", "BE62510007547061", ogm_make(12)),
            (D("-100.00"), "Fournisseur SA", "BE71096123456769", "acompte"),
            (D("-12.34"), "Banque", "", "frais"),
        ],
    )
    c = _office(world)
    c.post(f"/d/{world.dossier.pk}/bank/import/", {"files": [SimpleUploadedFile("m.cod", data)]})
    ms = list(Movement.objects.filter(dossier=world.dossier).order_by("sequence"))
    return c, ms, (sale, sale2, purchase)


def _p(m) -> MatchProposal:
    return MatchProposal.objects.get(movement=m, status=MatchStatus.PROPOSED)


def test_import_proposes_and_the_office_accepts_one(world, books):
    c, ms, (sale, _sale2, _p3) = _setup(world)
    page = c.get(f"/d/{world.dossier.pk}/bank/matching/").content.decode()
    assert "Accept the 2 structured-communication matches" in page
    assert "Fournisseur SA" in page and "499000" in page
    r = c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"accept": _p(ms[0]).pk})
    assert r.status_code == 302
    ms[0].refresh_from_db()
    assert ms[0].matched
    proposal = MatchProposal.objects.get(movement=ms[0])
    entry = proposal.entry
    journal = Journal.objects.get(pk=entry.journal_id)
    assert journal.kind == "financial" and journal.iban == IBAN
    lines = {(ln.account.code, ln.debit, ln.credit) for ln in entry.lines.all()}
    assert lines == {("550000", D("121.00"), D("0")), ("400000", D("0"), D("121.00"))}
    assert open_amounts([sale.pk]) == {sale.pk: D("0.00")}
    assert AuditEvent.objects.filter(action="bank.movement_matched").count() == 1


def test_bulk_accept_of_the_ogm_matches_then_the_partial_and_suspense(world, books):
    c, ms, (sale, sale2, purchase) = _setup(world)
    c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"bulk": "ogm"})
    assert open_amounts([sale.pk, sale2.pk]) == {sale.pk: D("0.00"), sale2.pk: D("0.00")}
    assert Movement.objects.filter(dossier=world.dossier, matched=True).count() == 2
    partial, fees = _p(ms[2]), _p(ms[3])
    assert partial.rule == MatchRule.PARTIAL and fees.rule == MatchRule.SUSPENSE
    c.post(
        f"/d/{world.dossier.pk}/bank/matching/decide/",
        {"bulk": "selected", "ids": [partial.pk, fees.pk]},
    )
    assert open_amounts([purchase.pk]) == {purchase.pk: D("200.00")}
    fees.refresh_from_db()
    lines = {(ln.account.code, ln.debit, ln.credit) for ln in fees.entry.lines.all()}
    assert lines == {("550000", D("0"), D("12.34")), ("499000", D("12.34"), D("0"))}
    page = c.get(f"/d/{world.dossier.pk}/bank/matching/").content.decode()
    assert "Every movement is matched." in page


def test_change_the_target_then_reject(world, books):
    c, ms, (_s, _s2, purchase) = _setup(world)
    fees = _p(ms[3])
    r = c.post(
        f"/d/{world.dossier.pk}/bank/matching/decide/",
        {"change": fees.pk, f"target-change-{fees.pk}": "657000 Frais bancaires"},
    )
    assert r.status_code == 302
    fees.refresh_from_db()
    assert (fees.rule, fees.account_code) == (MatchRule.MANUAL, "657000")
    advance = _p(ms[2])
    c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"reject": advance.pk})
    advance.refresh_from_db()
    assert advance.status == MatchStatus.REJECTED
    ms[2].refresh_from_db()
    assert not ms[2].matched
    # a rejected movement gets a target chosen by hand, an open item picked by its #id
    c.post(
        f"/d/{world.dossier.pk}/bank/matching/decide/",
        {"assign": ms[2].pk, f"target-assign-{ms[2].pk}": f"ACH Fournisseur [#{purchase.pk}]"},
    )
    manual = _p(ms[2])
    assert set(manual.items.values_list("line_id", flat=True)) == {purchase.pk}
    c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"accept": manual.pk})
    assert open_amounts([purchase.pk]) == {purchase.pk: D("200.00")}


def test_without_the_builtin_ledger_the_match_is_recorded_not_posted(world):
    Books.objects.create(dossier=world.dossier, connector="files")
    data = coda_file(account=IBAN, movements=[(D("-5.00"), "X", "", "frais")])
    c = _office(world)
    c.post(f"/d/{world.dossier.pk}/bank/import/", {"files": [SimpleUploadedFile("m.cod", data)]})
    (m,) = Movement.objects.filter(dossier=world.dossier)
    page = c.get(f"/d/{world.dossier.pk}/bank/matching/").content.decode()
    assert "recorded but not posted" in page
    c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"accept": _p(m).pk})
    m.refresh_from_db()
    assert m.matched
    assert MatchProposal.objects.get(movement=m).entry is None
    assert Entry.objects.count() == 0


def test_clients_never_reach_matching_and_other_dossiers_are_404(world, books):
    c, ms, _items = _setup(world)
    proposal = _p(ms[0])
    for profile in (ClientProfile.ADMINISTRATOR, ClientProfile.FULL_FEEDBACK):
        client = world.client_for(world.clients[profile])
        assert client.get(f"/d/{world.dossier.pk}/bank/matching/").status_code == 403
        r = client.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"accept": proposal.pk})
        assert r.status_code == 403
    outsider = world.client_for(world.outsider)
    assert outsider.get(f"/d/{world.dossier.pk}/bank/matching/").status_code == 404
    # the office of the other dossier cannot decide this dossier's proposal through its own URL
    r = c.post(f"/d/{world.other_dossier.pk}/bank/matching/decide/", {"accept": proposal.pk})
    assert r.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED


def test_a_wrong_target_is_refused_with_its_reason(world, books):
    c, ms, _items = _setup(world)
    fees = _p(ms[3])
    for text, reason in (
        ("", "Choose an open item or an account."),
        ("999999", "Unknown account 999999."),
    ):
        page = c.post(
            f"/d/{world.dossier.pk}/bank/matching/decide/",
            {"change": fees.pk, f"target-change-{fees.pk}": text},
            follow=True,
        ).content.decode()
        assert reason in page
    fees.refresh_from_db()
    assert (fees.rule, fees.account_code) == (MatchRule.SUSPENSE, "499000")


def test_a_bulk_click_accepts_at_most_bulk_max(world, books, monkeypatch):
    from bank import views_matching

    c, _ms, (sale, sale2, _p3) = _setup(world)
    monkeypatch.setattr(views_matching, "BULK_MAX", 1)
    c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"bulk": "ogm"})
    assert open_amounts([sale.pk, sale2.pk]) == {sale.pk: D("0.00"), sale2.pk: D("242.00")}
    c.post(f"/d/{world.dossier.pk}/bank/matching/decide/", {"bulk": "ogm"})
    assert open_amounts([sale2.pk]) == {sale2.pk: D("0.00")}
