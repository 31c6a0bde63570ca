"""Demo invoicing: in the first demo dossier the seller's data, three customers (one on
Peppol by its Belgian VAT number, one Dutch-speaking, one private person by e-mail), a few
items, issued and booked invoices of each VAT case, a credit note and a draft. Idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from invoicing import services
from invoicing.models import Customer, Invoice
from invoicing.services import LineData

CUSTOMERS = [
    {
        "name": "Proxibel Distribution SA",
        "vat_number": "BE0403170701",
        "street": "Avenue Louise 54",
        "postcode": "1050",
        "city": "Bruxelles",
        "language": "fr",
        "email": "compta@proxibel.example",
    },
    {
        "name": "Bouwbedrijf Peeters BV",
        "vat_number": "BE0411905847",
        "street": "Meir 12",
        "postcode": "2000",
        "city": "Antwerpen",
        "language": "nl",
        "email": "boekhouding@peeters.example",
    },
    {
        "name": "Marie Dubois",
        "street": "Rue Haute 3",
        "postcode": "5000",
        "city": "Namur",
        "language": "fr",
        "email": "marie.dubois@example.org",
    },
]

ITEMS = [
    ("Consultance (heure)", "HUR", "95.00", "S21"),
    ("Formation (jour)", "DAY", "650.00", "E"),
    ("Livre de référence", "C62", "39.90", "S6"),
]


@transaction.atomic
def seed(ctx) -> None:
    if not ctx.dossiers:
        return
    dossier = ctx.dossiers[0]
    if Customer.objects.filter(dossier=dossier).exists():
        return
    services.settings_save(
        actor=None,
        dossier=dossier,
        values={
            "street": "Chaussée de Charleroi 100",
            "postcode": "1060",
            "city": "Saint-Gilles",
            "iban": "BE68539007547034",
        },
    )
    customers = [services.customer_save(actor=None, dossier=dossier, values=v) for v in CUSTOMERS]
    for description, unit, price, case in ITEMS:
        services.item_save(
            actor=None,
            dossier=dossier,
            values={
                "description": description,
                "unit": unit,
                "unit_price": price,
                "vat_case": case,
            },
        )
    proxibel, peeters, dubois = customers
    plans = [
        (proxibel, date(2026, 10, 5), [LineData("Consultance octobre", "12", "95", "S21", "5")]),
        (
            peeters,
            date(2026, 10, 12),
            [
                LineData("Renovatiewerken (medecontractant)", "1", "4800", "AE"),
                LineData("Opleiding veiligheid", "1", "650", "E"),
            ],
        ),
        (
            dubois,
            date(2026, 10, 20),
            [
                LineData("Livre de référence", "2", "39.90", "S6"),
                LineData("Atelier", "1", "120", "S21"),
            ],
        ),
    ]
    issued = []
    for customer, day, lines in plans:
        inv = services.invoice_save(
            actor=None, dossier=dossier, customer=customer, issue_date=day, lines=lines
        )
        issued.append(services.invoice_issue(actor=None, invoice_id=inv.pk))
    credit = services.invoice_save(
        actor=None,
        dossier=dossier,
        customer=dubois,
        issue_date=date(2026, 10, 25),
        lines=[LineData("Atelier annulé", "1", "120", "S21")],
        credit_note_of=issued[2],
    )
    services.invoice_issue(actor=None, invoice_id=credit.pk)
    services.invoice_save(
        actor=None,
        dossier=dossier,
        customer=proxibel,
        issue_date=date(2026, 10, 30),
        lines=[LineData("Consultance novembre", "8", "95", "S21")],
        note="Brouillon",
    )
    assert Invoice.objects.filter(dossier=dossier).count() == 5
