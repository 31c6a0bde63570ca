"""Demo books: each demo dossier on the built-in ledger with 2025 and 2026 bookings.

Purchases, sales, bank receipts and payments (most invoices paid, some partly, some
still open), monthly salaries and year-end depreciation, from a seeded random generator
so every run gives the same books. Idempotent: a dossier that already has demo entries
is left alone. Bulk posting keeps the six dossiers well under 20 s.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ledger.models import (
    Counterparty,
    Entry,
    EntryLine,
    EntrySource,
    Match,
    Period,
    Reconciliation,
)
from ledger.services.periods import fiscal_year_create, period_set_active
from ledger.services.posting import EntrySpec, LineSpec, entries_post_many, ogm_make
from ledger.services.rubrics import office_scheme_ensure
from ledger.services.setup import books_activate
from ledger.services.sync import sync_run

END = date(2026, 10, 31)
CENT = Decimal("0.01")


def _be_vat(base8: str) -> str:
    return f"BE{base8}{97 - int(base8) % 97:02d}"


SUPPLIERS = [
    # reference, name, base8, account, vat code, city, kind of spend
    ("PROXIBEL", "Proxibel Distribution SA", "04411234", "604000", "A6G", "1070 Anderlecht"),
    ("ENGIEPRO", "Énergie Plus SCRL", "04022233", "612000", "A21S", "1000 Bruxelles"),
    ("TELNET", "TelNet Belgium NV", "04445566", "615000", "A21S", "2800 Mechelen"),
    ("IMMOWAV", "Immo Wavre SRL", "08123344", "610000", "A0S", "1300 Wavre"),
    ("ASSURA", "Assura Belgium SA", "04033344", "616000", "A0S", "1000 Bruxelles"),
    ("FUELCO", "Fuel Co Belgium BV", "04556677", "619000", "A21G", "9000 Gent"),
    (
        "MAKROBE",
        "Makro Cash & Carry Belgium NV",
        "04123987",
        "604000",
        "A21G",
        "1600 Sint-Pieters-Leeuw",
    ),
    (
        "COMPTAX",
        "Bureau Comptable Lambert SRL",
        "06543219",
        "613000",
        "A21S",
        "1348 Louvain-la-Neuve",
    ),
]
CUSTOMERS = [
    ("HORECA1", "Brasserie du Lac SRL", "07223344", "1300 Wavre"),
    ("DELHAIZE", "Supermarché Central SA", "04012345", "1000 Bruxelles"),
    ("VANDENB", "Van den Berg BV", "07788990", "2000 Antwerpen"),
    ("CATERING", "Catering Events SRL", "05566778", "5000 Namur"),
    ("SCHULE", "Gemeinde Eupen", "02070004", "4700 Eupen"),
    ("HOTELM", "Hôtel de la Meuse SA", "04433221", "4000 Liège"),
    ("KANTOOR", "Kantoor Peeters BV", "06677889", "3000 Leuven"),
    ("PARTIC", "Clients particuliers (caisse)", "", "1300 Wavre"),
]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) * CENT).quantize(CENT)


def seed(ctx) -> None:
    office_scheme_ensure(actor=None, office=ctx.office)
    for dossier in ctx.dossiers:
        _seed_dossier(dossier)


@transaction.atomic
def _seed_dossier(dossier) -> None:
    if Entry.objects.filter(dossier=dossier, source=EntrySource.DEMO).exists():
        return
    books_activate(actor=None, dossier=dossier, year=2025)
    fiscal_year_create(actor=None, dossier=dossier, year=2025, audit=False)
    fiscal_year_create(actor=None, dossier=dossier, year=2026, audit=False)
    rng = random.Random(zlib.crc32(dossier.name.encode()))
    suppliers = [
        Counterparty.objects.get_or_create(
            dossier=dossier,
            kind="supplier",
            reference=ref,
            defaults={
                "name": name,
                "vat_number": _be_vat(b8),
                "city": city.split(" ", 1)[1],
                "postcode": city.split(" ", 1)[0],
                "language": dossier.language,
            },
        )[0]
        for ref, name, b8, _acc, _vat, city in SUPPLIERS
    ]
    spend = {
        s.reference: (acc, vat)
        for s, (_r, _n, _b, acc, vat, _c) in zip(suppliers, SUPPLIERS, strict=True)
    }
    customers = [
        Counterparty.objects.get_or_create(
            dossier=dossier,
            kind="customer",
            reference=ref,
            defaults={
                "name": name,
                "vat_number": _be_vat(b8) if b8 else "",
                "city": city.split(" ", 1)[1],
                "postcode": city.split(" ", 1)[0],
                "language": dossier.language,
            },
        )[0]
        for ref, name, b8, city in CUSTOMERS
    ]
    specs: list[EntrySpec] = []
    # (index of payment spec, index of invoice spec, amount paid)
    payments: list[tuple[int, int]] = []
    pending: list[tuple[date, int, Decimal, Counterparty, str]] = []  # invoices to pay later

    def add(spec: EntrySpec) -> int:
        spec.source = EntrySource.DEMO
        specs.append(spec)
        return len(specs) - 1

    add(
        EntrySpec(
            "OD",
            date(2025, 1, 2),
            [
                LineSpec("550000", debit=Decimal("25000.00")),
                LineSpec("100000", credit=Decimal("25000.00")),
            ],
            description="Apport en capital / Kapitaalinbreng",
        )
    )
    eq_base = _money(rng, 3000, 6000)
    eq_vat = (eq_base * Decimal("0.21")).quantize(CENT)
    i = add(
        EntrySpec(
            "ACH",
            date(2025, 2, 10),
            [
                LineSpec(
                    "241000",
                    debit=eq_base,
                    vat_code="A21I",
                    vat_base=eq_base,
                    description="Matériel informatique / Informaticamateriaal",
                ),
                LineSpec("411000", debit=eq_vat, vat_code="A21I"),
                LineSpec(
                    "440000",
                    credit=eq_base + eq_vat,
                    counterparty=suppliers[7],
                    due_date=date(2025, 3, 12),
                ),
            ],
            counterparty=suppliers[7],
            description="Ordinateurs / Computers",
        )
    )
    pending.append((date(2025, 3, 12), i, eq_base + eq_vat, suppliers[7], "supplier"))
    ogm_seq = dossier.pk * 100000
    day = date(2025, 1, 1)
    while day <= END:
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        # Sales invoices
        for _ in range(rng.randint(4, 8)):
            d = day + timedelta(days=rng.randint(0, month_end.day - 1))
            cust = rng.choice(customers)
            base = _money(rng, 600, 5500)
            rate, code, acc = (
                (Decimal("0.21"), "V21S", "701000")
                if rng.random() < 0.5
                else (Decimal("0.06"), "V6G", "700000")
            )
            vat = (base * rate).quantize(CENT)
            ogm_seq += 1
            due = d + timedelta(days=30)
            i = add(
                EntrySpec(
                    "VEN",
                    d,
                    [
                        LineSpec(
                            "400000",
                            debit=base + vat,
                            counterparty=cust,
                            due_date=due,
                            structured_ref=ogm_make(ogm_seq),
                        ),
                        LineSpec(acc, credit=base, vat_code=code, vat_base=base),
                        LineSpec("451000", credit=vat, vat_code=code),
                    ],
                    counterparty=cust,
                    description="Facture / Factuur",
                )
            )
            pending.append(
                (due + timedelta(days=rng.randint(-20, 25)), i, base + vat, cust, "customer")
            )
        # Purchase invoices
        for sup in rng.sample(suppliers[:7], rng.randint(4, 7)):
            d = day + timedelta(days=rng.randint(0, month_end.day - 1))
            acc, code = spend[sup.reference]
            base = _money(rng, 80, 2500)
            rate = {"A21S": Decimal("0.21"), "A21G": Decimal("0.21"), "A6G": Decimal("0.06")}.get(
                code, Decimal("0")
            )
            vat = (base * rate).quantize(CENT)
            lines = [LineSpec(acc, debit=base, vat_code=code, vat_base=base)]
            if vat:
                lines.append(LineSpec("411000", debit=vat, vat_code=code))
            due = d + timedelta(days=30)
            lines.append(LineSpec("440000", credit=base + vat, counterparty=sup, due_date=due))
            i = add(EntrySpec("ACH", d, lines, counterparty=sup, description=sup.name[:60]))
            pending.append(
                (due + timedelta(days=rng.randint(-25, 10)), i, base + vat, sup, "supplier")
            )
        # Salaries
        gross = _money(rng, 2800, 3400)
        onss_er = (gross * Decimal("0.25")).quantize(CENT)
        onss_ee = (gross * Decimal("0.1307")).quantize(CENT)
        pp = ((gross - onss_ee) * Decimal("0.22")).quantize(CENT)
        net = gross - onss_ee - pp
        add(
            EntrySpec(
                "OD",
                month_end,
                [
                    LineSpec("620200", debit=gross, description="Rémunérations / Bezoldigingen"),
                    LineSpec("621000", debit=onss_er),
                    LineSpec("454000", credit=onss_er + onss_ee),
                    LineSpec("453000", credit=pp),
                    LineSpec("455000", credit=net),
                ],
                description="Salaires / Lonen",
            )
        )
        pay_day = min(month_end + timedelta(days=3), END) if month_end < END else END
        if month_end < END:
            add(
                EntrySpec(
                    "BQ1",
                    pay_day,
                    [LineSpec("455000", debit=net), LineSpec("550000", credit=net)],
                    description="Paiement salaires / Betaling lonen",
                )
            )
            add(
                EntrySpec(
                    "BQ1",
                    pay_day,
                    [
                        LineSpec("454000", debit=onss_er + onss_ee),
                        LineSpec("453000", debit=pp),
                        LineSpec("550000", credit=onss_er + onss_ee + pp),
                    ],
                    description="ONSS et précompte / RSZ en voorheffing",
                )
            )
        fee = _money(rng, 8, 25)
        add(
            EntrySpec(
                "BQ1",
                month_end,
                [LineSpec("657000", debit=fee), LineSpec("550000", credit=fee)],
                description="Frais bancaires / Bankkosten",
            )
        )
        # Payments due this month
        still = []
        for pay_date, inv, amount, cp, kind in pending:
            if pay_date > month_end or pay_date > END:
                still.append((pay_date, inv, amount, cp, kind))
                continue
            if rng.random() < 0.08:  # some never paid: stays open
                continue
            paid = amount if rng.random() > 0.1 else (amount / 2).quantize(CENT)
            d = max(pay_date, specs[inv].date + timedelta(days=1))
            d = min(d, END)
            if kind == "customer":
                lines = [
                    LineSpec("550000", debit=paid),
                    LineSpec("400000", credit=paid, counterparty=cp),
                ]
            else:
                lines = [
                    LineSpec("440000", debit=paid, counterparty=cp),
                    LineSpec("550000", credit=paid),
                ]
            p = add(EntrySpec("BQ1", d, lines, counterparty=cp, description=cp.name[:60]))
            payments.append((p, inv))
        pending = still
        if month_end.month == 12:
            dep = (eq_base / 3).quantize(CENT)
            add(
                EntrySpec(
                    "OD",
                    month_end,
                    [LineSpec("630200", debit=dep), LineSpec("241009", credit=dep)],
                    description="Amortissements / Afschrijvingen",
                )
            )
        day = month_end + timedelta(days=1)
    paired = [(specs[p], specs[i]) for p, i in payments]
    specs.sort(key=lambda s: s.date)  # stable: numbering follows the dates
    entries = entries_post_many(
        actor=None, dossier=dossier, specs=specs, audit_each=False, now=timezone.now()
    )
    entry_of = {id(s): e for s, e in zip(specs, entries, strict=True)}
    _match_payments(dossier, [(entry_of[id(p)], entry_of[id(i)]) for p, i in paired])
    period = Period.objects.filter(dossier=dossier, start=date(2026, 1, 1)).first()
    period_set_active(actor=None, dossier=dossier, period=period)
    sync_run(actor=None, dossier=dossier, trigger="manual", updated_until=END)


def _match_payments(dossier, pairs: list[tuple[Entry, Entry]]) -> None:
    """Payments settle their invoice (fully, or half for partial payments)."""
    entry_ids = [e.pk for pair in pairs for e in pair]
    lines: dict[int, EntryLine] = {}
    for line in EntryLine.objects.filter(entry_id__in=entry_ids, is_open_item=True):
        lines.setdefault(line.entry_id, line)
    recs, matched = [], []
    for pay_entry, inv_entry in pairs:
        pl, il = lines.get(pay_entry.pk), lines.get(inv_entry.pk)
        if pl is None or il is None:
            continue
        amount = min(abs(pl.debit - pl.credit), abs(il.debit - il.credit))
        recs.append(Reconciliation(dossier=dossier, date=pay_entry.date, note="demo"))
        matched.append((pl, il, amount))
    Reconciliation.objects.bulk_create(recs)
    Match.objects.bulk_create(
        [
            m
            for rec, (pl, il, amount) in zip(recs, matched, strict=True)
            for m in (
                Match(reconciliation=rec, line=pl, amount=amount),
                Match(reconciliation=rec, line=il, amount=amount),
            )
        ]
    )
