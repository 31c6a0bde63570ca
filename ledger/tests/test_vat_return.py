"""Every VAT code of the Belgian table, posted as an invoice and as a credit note of base
100, feeds the boxes of the periodic VAT return (form 625) the official notice defines.

Expected boxes cite SPF Finances, "Notice explicative de la déclaration périodique à la
TVA / Handleiding periodieke btw-aangifte" and its Intervat help pages ("Cadre II -
Opérations à la sortie", "Cadre III - Opérations à l'entrée", "Cadre IV - Taxes dues",
"Cadre V - Taxes déductibles"). Format: "box=amount ... | credit-note boxes".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.belgium.vat import vat_codes
from ledger.belgium.vat_return import boxes_of_lines, with_balance
from ledger.models import Entry, EntryLine, VatCode
from ledger.services.posting import EntrySpec, LineSpec, entries_post_many

EXPECTED = [
    # Belgian purchases. Cadre III: 81 trade goods, raw and auxiliary materials, 82
    # services and miscellaneous goods, 83 investment goods; Cadre V: 59 deductible VAT.
    # Credit notes received: 85 "other credit notes received" (Cadre III), 63 "VAT to pay
    # back on credit notes received" (Cadre IV).
    ("A21G", "81=100 59=21 | 85=100 63=21"),
    ("A12G", "81=100 59=12 | 85=100 63=12"),
    ("A6G", "81=100 59=6 | 85=100 63=6"),
    ("A0G", "81=100 | 85=100"),
    # Intra-EU acquisitions of goods (art. 25bis): 86 with 81-83 (81-83 take every
    # incoming operation); Cadre IV 55 "VAT on the operations of 86 and 88"; deducted in
    # 59. Credit notes: 84 "credit notes received on 86 and 88", 63 for the deduction
    # taken back, 64 for the self-assessed VAT given back.
    ("AE21G", "81=100 86=100 55=21 59=21 | 84=100 63=21 64=21"),
    ("AE12G", "81=100 86=100 55=12 59=12 | 84=100 63=12 64=12"),
    ("AE6G", "81=100 86=100 55=6 59=6 | 84=100 63=6 64=6"),
    # Goods from outside the EU under reverse charge = imports with deferral (ET 14.000
    # licence): 87 "other incoming operations for which the declarant owes the VAT",
    # Cadre IV 57 "VAT on imports with deferral"; credit notes 85 (84 is only 86/88).
    ("AX21G", "81=100 87=100 57=21 59=21 | 85=100 63=21 64=21"),
    ("AX12G", "81=100 87=100 57=12 59=12 | 85=100 63=12 64=12"),
    ("AX6G", "81=100 87=100 57=6 59=6 | 85=100 63=6 64=6"),
    # Belgian co-contractor (Royal Decree no. 1, art. 20): 87 and Cadre IV 56 "VAT on the
    # operations of 87, except imports with deferral".
    ("AC21G", "81=100 87=100 56=21 59=21 | 85=100 63=21 64=21"),
    ("AC12G", "81=100 87=100 56=12 59=12 | 85=100 63=12 64=12"),
    ("AC6G", "81=100 87=100 56=6 59=6 | 85=100 63=6 64=6"),
    # Foreign VAT charged by a foreign supplier: no Belgian operation, no box.
    ("AFG", "|"),
    ("A21S", "82=100 59=21 | 85=100 63=21"),
    ("A12S", "82=100 59=12 | 85=100 63=12"),
    ("A6S", "82=100 59=6 | 85=100 63=6"),
    ("A0S", "82=100 | 85=100"),
    # Intra-EU services (art. 21 §2, art. 51 §2 1°): 88 "intra-EU services", 55, 59.
    ("AE21S", "82=100 88=100 55=21 59=21 | 84=100 63=21 64=21"),
    ("AE12S", "82=100 88=100 55=12 59=12 | 84=100 63=12 64=12"),
    ("AE6S", "82=100 88=100 55=6 59=6 | 84=100 63=6 64=6"),
    # Services from outside the EU (art. 51 §2 1°): 87 and 56.
    ("AX21S", "82=100 87=100 56=21 59=21 | 85=100 63=21 64=21"),
    ("AX12S", "82=100 87=100 56=12 59=12 | 85=100 63=12 64=12"),
    ("AX6S", "82=100 87=100 56=6 59=6 | 85=100 63=6 64=6"),
    ("AC21S", "82=100 87=100 56=21 59=21 | 85=100 63=21 64=21"),
    ("AC12S", "82=100 87=100 56=12 59=12 | 85=100 63=12 64=12"),
    ("AC6S", "82=100 87=100 56=6 59=6 | 85=100 63=6 64=6"),
    ("AFS", "|"),
    ("A21I", "83=100 59=21 | 85=100 63=21"),
    ("A12I", "83=100 59=12 | 85=100 63=12"),
    ("A6I", "83=100 59=6 | 85=100 63=6"),
    ("A0I", "83=100 | 85=100"),
    # Investment goods acquired in another member state: acquisitions of goods, 86.
    ("AE21I", "83=100 86=100 55=21 59=21 | 84=100 63=21 64=21"),
    ("AE12I", "83=100 86=100 55=12 59=12 | 84=100 63=12 64=12"),
    ("AE6I", "83=100 86=100 55=6 59=6 | 84=100 63=6 64=6"),
    ("AX21I", "83=100 87=100 56=21 59=21 | 85=100 63=21 64=21"),
    ("AX12I", "83=100 87=100 56=12 59=12 | 85=100 63=12 64=12"),
    ("AX6I", "83=100 87=100 56=6 59=6 | 85=100 63=6 64=6"),
    ("AC21I", "83=100 87=100 56=21 59=21 | 85=100 63=21 64=21"),
    ("AC12I", "83=100 87=100 56=12 59=12 | 85=100 63=12 64=12"),
    ("AC6I", "83=100 87=100 56=6 59=6 | 85=100 63=6 64=6"),
    ("AFI", "|"),
    # Sales. Cadre II: 01/02/03 operations at 6/12/21 % for which the declarant owes the
    # VAT, 00 operations under a special regulation (the 0 % rate); Cadre IV 54 "VAT on
    # 01, 02 and 03". Credit notes issued: 49 "other credit notes issued", Cadre V 64
    # "VAT to recover on credit notes issued".
    ("V21G", "03=100 54=21 | 49=100 64=21"),
    ("V12G", "02=100 54=12 | 49=100 64=12"),
    ("V6G", "01=100 54=6 | 49=100 64=6"),
    ("V0G", "00=100 | 49=100"),
    # 46 exempt intra-EU supplies of goods, 44 services to EU customers who self-assess;
    # credit notes on 44/46: 48.
    ("VEG", "46=100 | 48=100"),
    # 47 other exempt operations and exports.
    ("VXG", "47=100 | 49=100"),
    ("V21S", "03=100 54=21 | 49=100 64=21"),
    ("V12S", "02=100 54=12 | 49=100 64=12"),
    ("V6S", "01=100 54=6 | 49=100 64=6"),
    ("V0S", "00=100 | 49=100"),
    ("VES", "44=100 | 48=100"),
    ("VXS", "47=100 | 49=100"),
    # 45 operations for which the Belgian co-contractor owes the VAT.
    ("VCC", "45=100 | 49=100"),
]
CHARGE = {"goods": "604000", "services": "613000", "investments": "230000"}
DAY = date(2025, 3, 10)


def _parse(text: str) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in (pair.split("=") for pair in text.split())}


def _spec(code: VatCode, credit_note: bool) -> EntrySpec:
    """The entry a person books for an invoice of base 100 with `code`: the base, the VAT
    the invoice charges (none under reverse charge; 21.00 of foreign VAT on AF codes)
    and the partner. The ledger adds what the code calls for."""
    base = Decimal("100.00")
    if code.reverse_charge:
        charged = Decimal("0")
    elif code.region == "ABRD":
        charged = Decimal("21.00")
    else:
        charged = (base * code.rate / 100).quantize(Decimal("0.01"))
    purchase = code.direction == "purchase"
    normal_debit = purchase != credit_note

    def side(account, amount, debit, **kw):
        return LineSpec(account, debit=amount if debit else 0, credit=0 if debit else amount, **kw)

    lines = [
        side(
            CHARGE[code.kind] if purchase else "700000",
            base,
            normal_debit,
            vat_code=code.code,
            vat_base=base,
        )
    ]
    if charged:
        lines.append(
            side("411000" if purchase else "451000", charged, normal_debit, vat_code=code.code)
        )
    lines.append(side("440000" if purchase else "400000", base + charged, not normal_debit))
    return EntrySpec(journal="ACH" if purchase else "VEN", date=DAY, lines=lines)


def test_every_code_of_the_table_is_in_the_expected_table():
    assert sorted(c.code for c in vat_codes()) == sorted(c for c, _e in EXPECTED)
    assert len({c for c, _e in EXPECTED}) == len(EXPECTED)


def test_posting_each_code_feeds_the_boxes_of_the_notice(world, books):
    codes = {v.code: v for v in VatCode.objects.filter(dossier=world.dossier)}
    assert set(codes) == {c for c, _e in EXPECTED}
    specs = []
    for code, _e in EXPECTED:
        specs += [_spec(codes[code], False), _spec(codes[code], True)]
    entries = entries_post_many(actor=world.admin, dossier=world.dossier, specs=specs)
    by_id = {c.pk: c for c in codes.values()}
    wrong = []
    for i, (code, expected) in enumerate(EXPECTED):
        invoice, credit = expected.split("|")
        for entry, want in ((entries[2 * i], invoice), (entries[2 * i + 1], credit)):
            got = boxes_of_lines(EntryLine.objects.filter(entry=entry), by_id)
            got = {k: v for k, v in got.items() if v}
            if got != _parse(want):
                wrong.append((code, entry.number, got, want))
    assert wrong == []


def test_a_reverse_charge_purchase_posts_both_vat_lines(world, books, supplier):
    """An intra-EU service of 1,000.00: 411 debit 210.00 and 451 credit 210.00, the
    supplier still owed 1,000.00; the return shows 88/82, 55 and 59 and nets to zero."""
    from ledger.services.posting import entry_post

    entry = entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="ACH",
        date=DAY,
        counterparty=supplier,
        lines=[
            LineSpec("613000", debit="1000.00", vat_code="AE21S", vat_base="1000.00"),
            LineSpec("440000", credit="1000.00"),
        ],
    )
    lines = {(ln.account.code, ln.debit, ln.credit) for ln in entry.lines.select_related("account")}
    assert lines == {
        ("613000", Decimal("1000.00"), Decimal("0")),
        ("440000", Decimal("0"), Decimal("1000.00")),
        ("411000", Decimal("210.00"), Decimal("0")),
        ("451000", Decimal("0"), Decimal("210.00")),
    }
    codes = {v.pk: v for v in VatCode.objects.filter(dossier=world.dossier)}
    boxes = with_balance(boxes_of_lines(entry.lines.all(), codes))
    assert boxes == {
        "82": Decimal("1000.00"),
        "88": Decimal("1000.00"),
        "55": Decimal("210.00"),
        "59": Decimal("210.00"),
        "71": Decimal("0.00"),
    }
    # Reversing it takes the four lines back without adding a second pair.
    from ledger.services.posting import entry_reverse

    reversal = entry_reverse(actor=world.admin, entry=entry)
    assert reversal.lines.count() == 4


def test_foreign_vat_goes_to_the_cost(world, books, supplier):
    """A Dutch hotel charging 21 % Dutch VAT on 100.00: the cost is 121.00, nothing on 411."""
    from ledger.services.posting import entry_post

    entry = entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="ACH",
        date=DAY,
        counterparty=supplier,
        lines=[
            LineSpec("613000", debit="100.00", vat_code="AFS", vat_base="100.00"),
            LineSpec("411000", debit="21.00", vat_code="AFS"),
            LineSpec("440000", credit="121.00"),
        ],
    )
    per_account: dict[str, Decimal] = {}
    for ln in entry.lines.select_related("account"):
        per_account[ln.account.code] = (
            per_account.get(ln.account.code, Decimal("0")) + ln.debit - ln.credit
        )
    assert per_account == {"613000": Decimal("121.00"), "440000": Decimal("-121.00")}
    assert not Entry.objects.filter(lines__account__code="411000", pk=entry.pk).exists()


def test_the_balance_box_is_71_when_due_and_72_when_recoverable():
    assert with_balance({"54": Decimal("21"), "59": Decimal("6")})["71"] == Decimal("15")
    assert with_balance({"54": Decimal("6"), "59": Decimal("21")})["72"] == Decimal("15")


def test_the_migration_gives_existing_books_the_new_codes_and_document_dates(world, books):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("ledger.migrations.0002_entry_document_date")
    entry = _post_one(world)
    Entry.objects.filter(pk=entry.pk).update(document_date=None)
    VatCode.objects.filter(dossier=world.dossier, code__in=["AC21S", "AFG"]).delete()
    migration.forwards(apps, None)
    entry.refresh_from_db()
    assert entry.document_date == entry.date
    af = VatCode.objects.get(dossier=world.dossier, code="AFG")
    assert (af.deductible_percent, af.vat_account.code, af.region) == (
        Decimal("0"),
        "411000",
        "ABRD",
    )
    ac = VatCode.objects.get(dossier=world.dossier, code="AC21S")
    assert (ac.base_grids, ac.due_vat_grid, ac.due_vat_account.code) == ("82,87", "56", "451000")


def _post_one(world):
    from ledger.services.posting import entry_post

    return entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="ACH",
        date=DAY,
        lines=[LineSpec("613000", debit="10.00"), LineSpec("440000", credit="10.00")],
    )
