"""The office's periodic VAT return: postings -> grids (form 625), drill-down, the Intervat
file checked against the schema, and publishing the PDF to the client.

Expected grids cite the SPF Finances' "Notice explicative de la déclaration périodique à
la TVA" (frames II-VI), as ledger/belgium/vat_return.py summarises it.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from feedback.models import ReportFile
from feedback.selectors import VatReturn
from feedback.vat.grids import grid_lines
from feedback.vat.grids import office_return as _office_return
from feedback.vat.intervat import vat_consignment
from ledger.services.posting import LineSpec, entry_post
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db
D = Decimal
XSD = Path(__file__).parent / "xsd" / "NewTVA-in_v0_9.xsd"
NS = {"v": "http://www.minfin.fgov.be/VATConsignment"}


def _sale(code, base, vat, credit_note=False):
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
    return "VEN", lines


def _purchase(code, account, base, vat, reverse_charge=False, credit_note=False):
    dc = (lambda a: {"credit": a}) if credit_note else (lambda a: {"debit": a})
    cd = (lambda a: {"debit": a}) if credit_note else (lambda a: {"credit": a})
    lines = [LineSpec(account, vat_code=code, vat_base=base, **dc(base))]
    if reverse_charge:
        lines += [
            LineSpec("411000", vat_code=code, **dc(vat)),
            LineSpec("451000", vat_code=code, **cd(vat)),
        ]
        lines.append(LineSpec("440000", **cd(base)))
    else:
        if vat:
            lines.append(LineSpec("411000", vat_code=code, **dc(vat)))
        lines.append(LineSpec("440000", **cd(base + vat)))
    return "ACH", lines


# posting -> the grids it feeds (every other grid stays 0), with the notice's frame.
CASES = [
    # Frame II 01-03: operations where the declarant owes the VAT, by rate; IV 54 its VAT.
    (
        "sale 21 %",
        _sale("V21G", D("100.00"), D("21.00")),
        {"03": "100.00", "54": "21.00", "71": "21.00"},
    ),
    (
        "sale 6 %",
        _sale("V6G", D("200.00"), D("12.00")),
        {"01": "200.00", "54": "12.00", "71": "12.00"},
    ),
    (
        "sale 12 %",
        _sale("V12S", D("50.00"), D("6.00")),
        {"02": "50.00", "54": "6.00", "71": "6.00"},
    ),
    # II 00: 0 % rate (special regime).
    ("sale 0 %", _sale("V0G", D("80.00"), D("0")), {"00": "80.00", "71": "0.00"}),
    # II 46: exempt intra-EU supply of goods; 44: services to an EU customer who self-assesses.
    ("intra-EU goods", _sale("VEG", D("300.00"), D("0")), {"46": "300.00", "71": "0.00"}),
    ("intra-EU services", _sale("VES", D("150.00"), D("0")), {"44": "150.00", "71": "0.00"}),
    # II 47: exports and other exempt operations; 45: Belgian co-contractor owes the VAT.
    ("export", _sale("VXG", D("90.00"), D("0")), {"47": "90.00", "71": "0.00"}),
    ("co-contractor", _sale("VCC", D("70.00"), D("0")), {"45": "70.00", "71": "0.00"}),
    # II 49 / IV 64: a credit note issued at 21 %; 48: on an intra-EU supply (46).
    (
        "credit note issued",
        _sale("V21G", D("40.00"), D("8.40"), credit_note=True),
        {"49": "40.00", "64": "8.40", "72": "8.40"},
    ),
    (
        "credit note intra-EU",
        _sale("VEG", D("30.00"), D("0"), credit_note=True),
        {"48": "30.00", "71": "0.00"},
    ),
    # III 81/82/83 by kind; V 59 deductible VAT.
    (
        "purchase goods",
        _purchase("A21G", "604000", D("100.00"), D("21.00")),
        {"81": "100.00", "59": "21.00", "72": "21.00"},
    ),
    (
        "purchase services",
        _purchase("A21S", "610000", D("100.00"), D("21.00")),
        {"82": "100.00", "59": "21.00", "72": "21.00"},
    ),
    (
        "investment",
        _purchase("A21I", "230000", D("1000.00"), D("210.00")),
        {"83": "1000.00", "59": "210.00", "72": "210.00"},
    ),
    # III 86 + IV 55 + V 59: intra-EU acquisition of goods, self-assessed.
    (
        "intra-EU acquisition",
        _purchase("AE21G", "604000", D("500.00"), D("105.00"), reverse_charge=True),
        {"81": "500.00", "86": "500.00", "55": "105.00", "59": "105.00", "71": "0.00"},
    ),
    # III 88 + 55: intra-EU services (art. 21 §2).
    (
        "intra-EU services bought",
        _purchase("AE21S", "610000", D("100.00"), D("21.00"), reverse_charge=True),
        {"82": "100.00", "88": "100.00", "55": "21.00", "59": "21.00", "71": "0.00"},
    ),
    # III 87 + IV 56: services from outside the EU; Belgian co-contractor.
    (
        "non-EU services",
        _purchase("AX21S", "610000", D("100.00"), D("21.00"), reverse_charge=True),
        {"82": "100.00", "87": "100.00", "56": "21.00", "59": "21.00", "71": "0.00"},
    ),
    (
        "co-contractor bought",
        _purchase("AC21S", "610000", D("100.00"), D("21.00"), reverse_charge=True),
        {"82": "100.00", "87": "100.00", "56": "21.00", "59": "21.00", "71": "0.00"},
    ),
    # III 85 + IV 63: a credit note received on a Belgian purchase.
    (
        "credit note received",
        _purchase("A21G", "604000", D("50.00"), D("10.50"), credit_note=True),
        {"85": "50.00", "63": "10.50", "71": "10.50"},
    ),
]


@pytest.mark.parametrize(("name", "posting", "expected"), CASES, ids=[c[0] for c in CASES])
def test_posting_feeds_the_grids_of_the_notice(world, books, name, posting, expected):
    journal, lines = posting
    entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal=journal,
        date=date(2026, 8, 10),
        counterparty=None,
        lines=lines,
        number=f"T-{abs(hash(name)) % 10**6}",
    )
    ret = office_return(dossier=world.dossier, key="2026-08")
    got = {box: f"{amount:.2f}" for box, amount in ret.grids.items() if amount}
    want = {box: v for box, v in expected.items() if D(v)}
    assert got == want
    # The Intervat file of the same month passes the schema and carries the same grids.
    xml = vat_consignment(dossier=world.dossier, ret=ret)
    doc = _valid(xml)
    written = {a.get("GridNumber").zfill(2): a.text for a in doc.iterfind(".//v:Amount", NS)}
    assert written == {b: v for b, v in expected.items() if D(v) or b in ("71", "72")}
    # Drill-down: the lines behind each grid add up to it.
    for box, amount in want.items():
        if box in ("71", "72"):
            continue
        behind = grid_lines(dossier=world.dossier, ret=ret, box=box)
        assert sum((g.amount for g in behind), D("0")) == D(amount)


def office_return(*, dossier, key: str) -> VatReturn:
    ret = _office_return(dossier=dossier, key=key)
    assert ret is not None
    return ret


def _valid(xml: bytes):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.parse(BytesIO(xml))
    assert schema.validate(doc), schema.error_log
    return doc


def test_a_quarter_is_written_as_a_quarter_and_bad_files_fail_the_schema(world, books):
    world.dossier.vat_number = "BE0123.456.749"
    world.dossier.address = "Rue Haute 1\n1000 Bruxelles"
    world.dossier.save()
    ret = office_return(dossier=world.dossier, key="2026-Q1")
    doc = _valid(vat_consignment(dossier=world.dossier, ret=ret))
    assert doc.findtext(".//v:Quarter", namespaces=NS) == "1"
    assert doc.findtext(".//v:Year", namespaces=NS) == "2026"
    assert doc.findtext(".//{http://www.minfin.fgov.be/InputCommon}VATNumber") == "0123456749"
    assert doc.findtext(".//{http://www.minfin.fgov.be/InputCommon}PostCode") == "1000"
    # The check can fail: a grid outside the schema's list, a negative amount.
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    bad = etree.parse(BytesIO(vat_consignment(dossier=world.dossier, ret=ret)))
    bad.find(".//v:Amount", NS).set("GridNumber", "91")
    assert not schema.validate(bad)
    bad.find(".//v:Amount", NS).set("GridNumber", "71")
    bad.find(".//v:Amount", NS).text = "-1.00"
    assert not schema.validate(bad)


@pytest.fixture
def vat_month(world, books):
    journal, lines = _sale("V21G", D("100.00"), D("21.00"))
    entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal=journal,
        date=date(2026, 4, 20),
        counterparty=books.customer,
        lines=lines,
        number="S26-V",
    )


def test_office_page_drills_to_entries_and_exports_xml(world, vat_month):
    c = world.client_for(world.admin)
    d = world.dossier.pk
    html = c.get(reverse("feedback_vat_office", args=[d]) + "?period=2026-Q2").content.decode()
    grid_url = reverse("feedback_vat_grid", args=[d, "03"]) + "?period=2026-Q2"
    assert grid_url in html and 'data-box="91"' in html
    grid = c.get(grid_url).content.decode()
    assert "S26-V" in grid and "V21G" in grid
    xml = c.get(reverse("feedback_vat_xml", args=[d]) + "?period=2026-04")
    assert xml["Content-Type"] == "application/xml"
    doc = _valid(xml.content)
    assert doc.findtext(".//v:Month", namespaces=NS) == "4"
    api = c.get(f"/api/dossiers/{d}/vat-return?period=2026-04&format=xml")
    assert api.status_code == 200 and api.content == xml.content
    assert c.get(reverse("feedback_vat_grid", args=[d, "99"])).status_code == 404


def test_the_vat_return_to_file_is_the_office_s(world, vat_month):
    d = world.dossier.pk
    urls = [
        reverse("feedback_vat_office", args=[d]),
        reverse("feedback_vat_grid", args=[d, "03"]) + "?period=2026-Q2",
        reverse("feedback_vat_xml", args=[d]) + "?period=2026-Q2",
    ]
    client = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url in urls:
        assert world.client_for(world.outsider).get(url).status_code == 404, url
    r = client.post(reverse("feedback_vat_publish", args=[d]), {"period": "2026-Q2"})
    assert r.status_code == 403 and not ReportFile.objects.exists()


def test_publishing_puts_the_pdf_in_shared_by_my_accountant(world, vat_month):
    """One store (F7): the return's PDF lands in the archive's Shared by my accountant, which
    feedback reaches through the `"shared_publish"` extension point; /shared/ leads there."""
    import re

    from pypdf import PdfReader

    d = world.dossier.pk
    office = world.client_for(world.admin)
    r = office.post(reverse("feedback_vat_publish", args=[d]), {"period": "2026-Q2"})
    assert r.status_code == 302
    [shared] = ReportFile.objects.filter(dossier=world.dossier, published_at__isnull=False)
    client = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    moved = client.get(reverse("feedback_shared", args=[d]))
    assert moved.status_code == 302
    assert moved["Location"] == reverse("archive_folders", args=[d]) + "#shared"
    page = client.get(moved["Location"]).content.decode()
    assert "2026-Q2" in page and 'data-testid="new-badge"' in page
    found = re.search(r'data-publication="(\d+)"', page)
    assert found is not None
    pub_id = found.group(1)
    opened = client.post(reverse("archive_publication_open", args=[pub_id]))
    pdf = client.get(opened["Location"])
    text = "".join(
        p.extract_text() for p in PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "03" in text and "100,00" in text and "21,00" in text
    # Opened: no longer new for this user.
    again = client.get(reverse("archive_folders", args=[d])).content.decode()
    assert 'data-testid="new-badge"' not in again
    assert shared.file_name.endswith(".pdf")


def test_customer_and_intra_eu_listings(world, books):
    from feedback.vat.listings import customer_listing, intra_eu_listing
    from ledger.models import Counterparty

    be = Counterparty.objects.create(
        dossier=world.dossier,
        kind="customer",
        reference="BEC",
        name="Client BE",
        vat_number="BE0477472701",
        country="BE",
    )
    small = Counterparty.objects.create(
        dossier=world.dossier,
        kind="customer",
        reference="SML",
        name="Small BE",
        vat_number="BE0403170701",
        country="BE",
    )
    eu = Counterparty.objects.create(
        dossier=world.dossier,
        kind="customer",
        reference="EUC",
        name="Kunde DE",
        vat_number="DE129273398",
        country="DE",
    )

    def post(cp, posting, day, number):
        journal, lines = posting
        entry_post(
            actor=world.admin,
            dossier=world.dossier,
            journal=journal,
            date=day,
            counterparty=cp,
            lines=lines,
            number=number,
        )

    post(be, _sale("V21G", D("1000.00"), D("210.00")), date(2026, 2, 1), "L1")
    post(be, _sale("V21G", D("100.00"), D("21.00"), credit_note=True), date(2026, 3, 1), "L2")
    post(small, _sale("V21G", D("250.00"), D("52.50")), date(2026, 2, 1), "L3")  # not over 250
    post(eu, _sale("VEG", D("800.00"), D("0")), date(2026, 8, 3), "L4")
    post(eu, _sale("VES", D("300.00"), D("0")), date(2026, 8, 4), "L5")
    post(eu, _sale("VEG", D("50.00"), D("0"), credit_note=True), date(2026, 8, 5), "L6")
    [row] = customer_listing(dossier=world.dossier, year=2026)
    assert (row.vat_number, row.amount, row.vat) == ("BE0477472701", D("900.00"), D("189.00"))
    intra = intra_eu_listing(dossier=world.dossier, start=date(2026, 7, 1), end=date(2026, 9, 30))
    assert [(r.code, r.amount) for r in intra] == [("L", D("750.00")), ("S", D("300.00"))]
    c = world.client_for(world.admin)
    html = c.get(
        reverse("feedback_vat_listings", args=[world.dossier.pk]) + "?period=2026-Q3&year=2026"
    )
    assert "BE0477472701" in html.content.decode() and "DE129273398" in html.content.decode()
    client = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    assert client.get(reverse("feedback_vat_listings", args=[world.dossier.pk])).status_code == 403
