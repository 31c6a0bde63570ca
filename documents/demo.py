"""Demo documents: a few invoices and a receipt per demo dossier, one already sent. Idempotent."""

from __future__ import annotations

from documents.intake import Incoming, IntakeMeta, intake_file
from documents.models import Document, Mailbox, Source


def _ogm(base: str) -> str:
    """A valid Belgian structured communication (+++123/4567/89002+++) from 10 digits."""
    from stdnum.be import ogm_vcs

    digits = base + ogm_vcs.calc_check_digits(base)
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def _purchase(seller, vat, street, city, number, day, due, base, rate, iban, dossier) -> list[str]:
    vat_amount = base * rate / 100
    fmt = lambda v: f"{v:,.2f}".replace(",", " ").replace(".", ",")  # noqa: E731
    return [
        seller,
        street,
        city,
        f"TVA {vat}",
        "",
        f"Client : {dossier.name}",
        dossier.address.replace("\n", ", "),
        "",
        f"Facture n° {number}",
        f"Date de facture : {day}",
        f"Échéance : {due}",
        "",
        f"Total HTVA : {fmt(base)} EUR",
        f"TVA {rate} % : {fmt(vat_amount)} EUR",
        f"Total TVAC : {fmt(base + vat_amount)} EUR",
        "",
        f"À payer sur {iban} avec la communication {_ogm(number.replace('-', '')[:10].zfill(10))}",
    ]


def _demo(dossier) -> list[tuple[str, str, str, list[str]]]:
    """Realistic one-page documents: the office and the client see them recognised."""
    own_vat = dossier.vat_number or ""
    return [
        (
            "facture-electrabel-2026-03.pdf",
            Mailbox.PURCHASES,
            "purchase_invoice",
            _purchase(
                "Electrabel SA",
                "BE0403.170.701",
                "Boulevard Simon Bolivar 36",
                "1000 Bruxelles",
                "2026-0412",
                "14/03/2026",
                "13/04/2026",
                200,
                21,
                "BE68 5390 0754 7034",
                dossier,
            ),
        ),
        (
            "factuur-proximus-maart.pdf",
            Mailbox.PURCHASES,
            "purchase_invoice",
            [
                "Proximus NV",
                "Koning Albert II-laan 27",
                "1030 Brussel",
                "BTW BE0202.239.951",
                "",
                f"Klant: {dossier.name}",
                "",
                "Factuurnummer: 88412",
                "Factuurdatum: 05/03/2026",
                "Vervaldatum: 04/04/2026",
                "",
                "Totaal excl. btw: 54,00 EUR",
                "Btw 21 %: 11,34 EUR",
                "Totaal incl. btw: 65,34 EUR",
                "",
                "IBAN BE71 0961 2345 6769",
                f"Mededeling {_ogm('0000884120')}",
            ],
        ),
        (
            "facture-client-dupont-17.pdf",
            Mailbox.SALES,
            "sales_invoice",
            [
                dossier.name,
                dossier.address.replace("\n", ", "),
                f"TVA {own_vat}",
                "",
                "Client : Dupont & Fils SRL",
                "Rue du Marché 4, 4000 Liège",
                "TVA BE0202.239.951",
                "",
                "Facture n° 2026/017",
                "Date : 02/03/2026",
                "Échéance : 01/04/2026",
                "",
                "Total HTVA : 1 000,00 EUR",
                "TVA 21 % : 210,00 EUR",
                "Total TVAC : 1 210,00 EUR",
            ],
        ),
        (
            "ticket-parking.pdf",
            Mailbox.MISC,
            "receipt",
            [
                "Interparking",
                "Ticket de parking",
                "Place Rogier, Bruxelles",
                "12/03/2026 14:02",
                "Total : 12,50 EUR",
            ],
        ),
    ]


def seed(ctx) -> None:
    from documents.pdfgen import make_page_pdf
    from documents.services import document_send_to_office

    for dossier in ctx.dossiers[:3]:
        if Document.objects.filter(dossier=dossier, source_ref__startswith="demo:").exists():
            continue
        made = []
        for name, mailbox, doc_type, lines in _demo(dossier):
            made += intake_file(
                Incoming(
                    dossier=dossier,
                    mailbox=mailbox,
                    source=Source.COMMAND,
                    file_name=name,
                    data=make_page_pdf(lines),
                    source_ref=f"demo:{name}",
                    meta=IntakeMeta(doc_type=doc_type),
                )
            )
        document_send_to_office(actor=None, documents=made[:1], summary="Démo")
