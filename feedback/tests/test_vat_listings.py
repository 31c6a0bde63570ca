"""The annual customer listing (form 725) and the intra-EU listing (form 723): a table of
postings -> the expected listing lines, the Intervat files checked against the FPS
Finance's schemas (NewLK-in_v0_9.xsd, NewICO-in_v0_9.xsd; see xsd/README.md), the page,
the API, and publishing the listing's PDF to the client.

Rules (feedback/vat/listings.py): customer listing, SPF Finances "Liste annuelle des clients
assujettis": Belgian VAT numbers supplied "pour un montant total hors TVA de plus de 250
euros" in the calendar year, with the VAT charged; intra-EU listing, directives 723
(2.3.1.4 b): per customer number and category L (goods, 46), T (triangular, 46), S
(services, 44), credit notes (48) deducted, nil balances left out.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from feedback.models import ReportFile
from feedback.vat.listings import listing_get, listing_xml, split_vat_number
from ledger.models import Counterparty, VatCode
from ledger.services.posting import LineSpec, entry_post
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db
D = Decimal
XSD = Path(__file__).parent / "xsd"
LK = {"l": "http://www.minfin.fgov.be/ClientListingConsignment"}
ICO = {"i": "http://www.minfin.fgov.be/IntraConsignment"}


def _schema(name):
    return etree.XMLSchema(etree.parse(str(XSD / name)))


NIL = D("0")


def _sale(code, base, vat=NIL, credit_note=False):
    total = base + vat
    lines = [
        LineSpec("400000", **({"credit": total} if credit_note else {"debit": total})),
        LineSpec(
            "700000",
            vat_code=code,
            vat_base=base,
            **({"debit": base} if credit_note else {"credit": base}),
        ),
    ]
    if vat:
        lines.append(
            LineSpec(
                "451000", vat_code=code, **({"debit": vat} if credit_note else {"credit": vat})
            )
        )
    return lines


# Customers: reference -> (VAT number, country).
CUSTOMERS = {
    "BIG": ("BE0477472701", "BE"),  # listed
    "EDGE": ("BE 0403.170.701", "BE"),  # exactly 250.00: not "more than 250"
    "JUST": ("BE1000000031", "BE"),  # 250.01: listed (a number beginning with 1)
    "PRIV": ("", "BE"),  # no VAT number: a private person, never listed
    "DEU": ("DE129273398", "DE"),
    "FRA": ("FR40303265045", "FR"),
    "GRC": ("EL094014298", "GR"),
    "NOVAT": ("", "AT"),  # an EU customer with no number: flagged, not in the file
}

# (customer, VAT code, base, VAT, credit note, day)
POSTINGS = [
    ("BIG", "V21G", "1000.00", "210.00", False, date(2026, 2, 1)),
    ("BIG", "V6G", "200.00", "12.00", False, date(2026, 11, 3)),
    ("BIG", "V21G", "100.00", "21.00", True, date(2026, 3, 1)),  # credit note: 49 / 64
    ("BIG", "V21G", "999.00", "209.79", False, date(2025, 12, 30)),  # another year
    ("EDGE", "V21G", "250.00", "52.50", False, date(2026, 2, 1)),
    ("JUST", "VCC", "250.01", "0", False, date(2026, 5, 2)),  # grid 45, no VAT
    ("PRIV", "V21G", "5000.00", "1050.00", False, date(2026, 5, 2)),
    ("DEU", "VEG", "800.00", "0", False, date(2026, 8, 3)),
    ("DEU", "VES", "300.00", "0", False, date(2026, 8, 4)),
    ("DEU", "VEG", "50.00", "0", True, date(2026, 8, 5)),  # 48: reduces L
    ("FRA", "VET", "400.00", "0", False, date(2026, 9, 10)),  # triangular: T
    ("FRA", "VES", "120.00", "0", False, date(2026, 9, 11)),
    ("FRA", "VES", "120.00", "0", True, date(2026, 9, 12)),  # nil balance: left out
    ("GRC", "VEG", "75.50", "0", False, date(2026, 7, 1)),
    ("NOVAT", "VEG", "60.00", "0", False, date(2026, 7, 2)),
    ("DEU", "VEG", "999.00", "0", False, date(2026, 10, 1)),  # Q4: not in Q3
]

EXPECTED_CUSTOMERS_2026 = [
    # number, turnover (00-03 + 45 - 49), VAT (54 - 64)
    ("0477472701", "1100.00", "201.00"),
    ("1000000031", "250.01", "0.00"),
]
EXPECTED_INTRA_2026_Q3 = [
    # issuedBy, number, code, amount, in the file
    ("AT", "", "L", "60.00", False),
    ("DE", "129273398", "L", "750.00", True),
    ("DE", "129273398", "S", "300.00", True),
    ("EL", "094014298", "L", "75.50", True),
    ("FR", "40303265045", "T", "400.00", True),
]


@pytest.fixture
def listed(world, books):
    VatCode.objects.create(
        dossier=world.dossier,
        code="VET",
        direction="sale",
        rate=D("0"),
        kind="goods",
        region="EU",
        base_grids="46",
        credit_note_base_grid="48",
    )
    cps = {
        ref: Counterparty.objects.create(
            dossier=world.dossier,
            kind="customer",
            reference=ref,
            name=f"Customer {ref}",
            vat_number=vat,
            country=country,
        )
        for ref, (vat, country) in CUSTOMERS.items()
    }
    world.dossier.vat_number = "BE0999999999"
    world.dossier.address = "Rue de la Loi 16\n1000 Bruxelles"
    world.dossier.save()
    for n, (ref, code, base, vat, credit_note, day) in enumerate(POSTINGS):
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal="VEN",
            date=day,
            counterparty=cps[ref],
            lines=_sale(code, D(base), D(vat), credit_note),
            number=f"LST-{n}",
        )
    return cps


def test_postings_give_the_expected_customer_listing(world, listed):
    listing = listing_get(dossier=world.dossier, kind="customers", year=2026)
    got = [(r.number, f"{r.amount:.2f}", f"{r.vat:.2f}") for r in listing.rows]
    assert got == EXPECTED_CUSTOMERS_2026
    assert (listing.total, listing.vat_total) == (D("1350.01"), D("201.00"))


def test_postings_give_the_expected_intra_eu_listing(world, listed):
    listing = listing_get(dossier=world.dossier, kind="intra", period="2026-Q3")
    got = [(r.country, r.number, r.code, f"{r.amount:.2f}", not r.problem) for r in listing.rows]
    assert got == EXPECTED_INTRA_2026_Q3
    assert listing.total == D("1525.50")  # the line with no number is not in the file
    # A month is a period too: August alone.
    august = listing_get(dossier=world.dossier, kind="intra", period="2026-08")
    assert [(r.code, r.amount) for r in august.rows] == [("L", D("750.00")), ("S", D("300.00"))]


def test_the_listing_files_pass_the_schemas(world, listed):
    customers = listing_get(dossier=world.dossier, kind="customers", year=2026)
    xml = listing_xml(dossier=world.dossier, listing=customers)
    doc = etree.fromstring(xml)
    _schema("NewLK-in_v0_9.xsd").assertValid(doc)
    listing = doc.find("l:ClientListing", LK)
    assert listing.get("ClientsNbr") == "2" and listing.get("TurnOverSum") == "1350.01"
    assert listing.get("VATAmountSum") == "201.00"
    assert doc.findtext("l:ClientListing/l:Period", namespaces=LK) == "2026"
    numbers = doc.findall("l:ClientListing/l:Client/l:CompanyVATNumber", LK)
    assert [(n.text, n.get("issuedBy")) for n in numbers] == [
        ("0477472701", "BE"),
        ("1000000031", "BE"),
    ]

    intra = listing_get(dossier=world.dossier, kind="intra", period="2026-Q3")
    doc = etree.fromstring(listing_xml(dossier=world.dossier, listing=intra))
    _schema("NewICO-in_v0_9.xsd").assertValid(doc)
    clients = doc.findall("i:IntraListing/i:IntraClient", ICO)
    assert [
        (
            c.find("i:CompanyVATNumber", ICO).get("issuedBy"),
            c.findtext("i:Code", namespaces=ICO),
            c.findtext("i:Amount", namespaces=ICO),
        )
        for c in clients
    ] == [("DE", "L", "750.00"), ("DE", "S", "300.00"), ("EL", "L", "75.50"), ("FR", "T", "400.00")]
    assert doc.find("i:IntraListing", ICO).get("AmountSum") == "1525.50"
    assert doc.findtext("i:IntraListing/i:Period/i:Quarter", namespaces=ICO) == "3"
    month = listing_get(dossier=world.dossier, kind="intra", period="2026-08")
    doc = etree.fromstring(listing_xml(dossier=world.dossier, listing=month))
    _schema("NewICO-in_v0_9.xsd").assertValid(doc)
    assert doc.findtext("i:IntraListing/i:Period/i:Month", namespaces=ICO) == "8"


def test_an_empty_year_gives_the_nil_customer_listing_and_no_intra_file(world, listed):
    nil = listing_get(dossier=world.dossier, kind="customers", year=2024)
    doc = etree.fromstring(listing_xml(dossier=world.dossier, listing=nil))
    _schema("NewLK-in_v0_9.xsd").assertValid(doc)
    assert doc.find("l:ClientListing", LK).get("ClientsNbr") == "0"
    empty = listing_get(dossier=world.dossier, kind="intra", period="2024-Q1")
    with pytest.raises(ValueError):
        listing_xml(dossier=world.dossier, listing=empty)
    for kind, period in (("x", ""), ("customers", ""), ("intra", "2026-Q5")):
        with pytest.raises(ValueError):
            listing_get(dossier=world.dossier, kind=kind, period=period)


def test_a_schema_refuses_what_the_rules_forbid(world, listed):
    """The check has teeth: a Belgian number in the intra-EU listing is refused."""
    intra = listing_get(dossier=world.dossier, kind="intra", period="2026-Q3")
    xml = listing_xml(dossier=world.dossier, listing=intra).replace(
        b'issuedBy="DE"', b'issuedBy="BE"', 1
    )
    assert not _schema("NewICO-in_v0_9.xsd").validate(etree.fromstring(xml))


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("BE 0477.472.701", "BE", ("BE", "0477472701")),
        ("DE129273398", "DE", ("DE", "129273398")),
        ("GR094014298", "GR", ("EL", "094014298")),
        ("094014298", "GR", ("EL", "094014298")),
    ],
)
def test_vat_numbers_split_into_country_and_number(raw, country, expected):
    assert split_vat_number(raw, country) == expected


def test_page_api_and_publishing(world, listed, django_capture_on_commit_callbacks):
    d = world.dossier.pk
    office = world.client_for(world.admin)
    page = office.get(reverse("feedback_vat_listings", args=[d]) + "?period=2026-Q3&year=2026")
    html = page.content.decode()
    assert "0477472701" in html.replace("BE", "") and "129273398" in html
    assert 'data-testid="customers-xml"' in html and 'data-testid="intra-xml"' in html
    xml = office.get(reverse("feedback_vat_listing_xml", args=[d, "intra"]) + "?period=2026-Q3")
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml"
    _schema("NewICO-in_v0_9.xsd").assertValid(etree.fromstring(xml.content))
    # The API: JSON by default, the Intervat file with format=xml.
    api = office.get(f"/api/dossiers/{d}/vat-listing?kind=customers&year=2026")
    assert api.status_code == 200
    body = api.json()
    assert body["total"] == "1350.01" and body["vat_total"] == "201.00"
    assert [line["number"] for line in body["lines"]] == ["0477472701", "1000000031"]
    api_xml = office.get(f"/api/dossiers/{d}/vat-listing?kind=customers&year=2026&format=xml")
    _schema("NewLK-in_v0_9.xsd").assertValid(etree.fromstring(api_xml.content))
    intra = office.get(f"/api/dossiers/{d}/vat-listing?kind=intra&period=2026-Q3").json()
    first = intra["lines"][0]
    assert (first["code"], first["amount"], first["in_file"]) == ("L", "60.00", False)
    assert office.get(f"/api/dossiers/{d}/vat-listing?kind=intra").status_code == 404
    # Clients do not see the office's listings.
    client = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    assert client.get(f"/api/dossiers/{d}/vat-listing?kind=customers&year=2026").status_code == 403
    assert client.get(reverse("feedback_vat_listings", args=[d])).status_code == 403
    # Publishing the PDF: the client finds it in Shared by my accountant, marked new.
    with django_capture_on_commit_callbacks(execute=True):
        r = office.post(
            reverse("feedback_vat_listing_publish", args=[d, "intra"]), {"period": "2026-Q3"}
        )
    assert r.status_code == 302
    [report] = ReportFile.objects.filter(kind="intra_listing", published_at__isnull=False)
    assert report.params["period"] == "2026-Q3"
    folder = client.get(reverse("archive_folders", args=[d])).content.decode()
    assert "2026-Q3" in folder and 'data-testid="new-badge"' in folder
    bad = office.post(reverse("feedback_vat_listing_publish", args=[d, "intra"]), {"period": "x"})
    assert bad.status_code == 302
    assert ReportFile.objects.filter(kind="intra_listing").count() == 1
