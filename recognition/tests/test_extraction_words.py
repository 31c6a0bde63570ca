"""The recognised fields page speaks to people: labels for codes, Belgian dates and amounts,
and no developer message about rule files (Words)."""

from __future__ import annotations

import pytest

from core.storage import blob_put
from documents.models import Document
from documents.tests.pdfs import make_pdf
from recognition.models import Extraction

pytestmark = pytest.mark.django_db


def field(value):
    return {"value": value, "confidence": 0.9, "source": "xml"}


@pytest.fixture
def extraction(world):
    doc = Document.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        doc_type="purchase_invoice",
        file_name="facture.xml",
        original=blob_put(make_pdf(["x"])),
        source="upload",
    )
    not_installed = {
        "name": "PEPPOL",
        "checked": False,
        "valid": None,
        "fatal": [],
        "warnings": [],
        "messages": [],
        "reason": "not_installed",
        "note": "Peppol BIS 3.0 rules not checked: no installed package ships them "
        "(FIDU_PEPPOL_SCHEMATRON unset)",
    }
    return Extraction.objects.create(
        document=doc,
        version=doc.original.sha256,
        status="ok",
        source="xml",
        mode="automatic",
        fields={
            "document_type": field("invoice"),
            "direction": field("purchase"),
            "issue_date": field("2026-10-31"),
            "total_incl_vat": field("1234.50"),
        },
        validation={"syntax": "UBL-Invoice", "results": [not_installed]},
        vat_breakdown=[{"rate": "21", "base": "1020.25", "vat": "214.25"}],
    )


def row(page: str, label: str) -> str:
    return page.split(f"<th>{label}</th>")[1].split("</tr>")[0]


@pytest.mark.parametrize(
    "language,words",
    [
        ("fr", {"Type": "Facture", "Sens": "Achat", "Date de facture": "31/10/2026"}),
        ("nl", {"Soort": "Factuur", "Richting": "Aankoop", "Factuurdatum": "31/10/2026"}),
    ],
)
def test_codes_dates_and_the_rule_files_are_told_in_the_readers_words(
    world, extraction, language, words
):
    user = world.clients["administrator"]
    user.language = language
    user.save()
    page = world.client_for(user).get(f"/documents/{extraction.document_id}/extraction/")
    html = page.content.decode()
    for label, value in words.items():
        assert f"<td>{value}</td>" in row(html, label), label
    assert {"fr": "1\xa0234,50", "nl": "1.234,50"}[language] in html
    assert {"fr": "<td>1\xa0020,25</td><td>214,25</td>", "nl": "<td>1.020,25</td><td>214,25</td>"}[
        language
    ] in html
    assert "FIDU_PEPPOL_SCHEMATRON" not in html and "no installed package" not in html
    assert {"fr": "ces règles ne sont pas installées", "nl": "niet op deze server"}[
        language
    ] in html
    assert {"fr": "Lu depuis : facture électronique", "nl": "e-factuur"}[language] in html


def test_the_engines_reason_is_told_in_the_readers_words(world, extraction):
    Extraction.objects.filter(pk=extraction.pk).update(
        status="unreadable",
        reason="unreadable PDF (Failed to load document (PDFium: Data format error).)",
    )
    user = world.clients["administrator"]
    user.language = "nl"
    user.save()
    html = world.client_for(user).get(f"/documents/{extraction.document_id}/extraction/")
    text = html.content.decode()
    assert "De pdf kon niet geopend worden." in text
    assert "PDFium" not in text and "unreadable PDF" not in text
