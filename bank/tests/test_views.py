"""The bank page as people use it: the office imports CODA files, a client reads and filters."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bank.models import Statement
from bank.tests.coda import coda_file
from tenancy.models import ClientProfile

D = Decimal


def _files():
    good = coda_file(
        movements=[
            (D("-121.00"), "Fournisseur SA", "BE71096123456769", "123456789002"),
            (D("60.50"), "Client NV", "BE62510007547061", "Facture 2026-001"),
        ]
    )
    bad = good.replace(b"\r\n21", b"\r\n71", 1)
    return good, bad


def test_the_office_imports_files_and_reads_the_report(world):
    good, bad = _files()
    world.admin.language = "en"
    world.admin.save(update_fields=["language"])
    c = world.client_for(world.admin)
    r = c.post(
        f"/d/{world.dossier.pk}/bank/import/",
        {
            "files": [
                SimpleUploadedFile("march.cod", good),
                SimpleUploadedFile("broken.cod", bad),
                SimpleUploadedFile("march-again.cod", good),
            ]
        },
        follow=True,
    )
    page = r.content.decode()
    assert "march.cod: 1 statement imported; new bank account BE68539007547034 added." in page
    assert "broken.cod refused, nothing of it was imported: Line 3: unknown record type" in page
    assert "march-again.cod: 0 statements imported; 1 already imported." in page
    assert Statement.objects.count() == 1
    assert "Fournisseur SA" in page and "-121.00" in page
    assert "939.50" in page  # the account's balance


def test_a_financial_client_filters_and_cannot_import(world):
    good, _bad = _files()
    world.client_for(world.admin).post(
        f"/d/{world.dossier.pk}/bank/import/", {"files": [SimpleUploadedFile("m.cod", good)]}
    )
    reader = world.clients[ClientProfile.FULL_FEEDBACK]
    reader.language = "en"
    reader.save(update_fields=["language"])
    client = world.client_for(reader)
    page = client.get(f"/d/{world.dossier.pk}/bank/?counterparty=client").content.decode()
    assert "Client NV" in page and "Fournisseur SA" not in page
    assert "Import CODA statements" not in page
    page = client.get(
        f"/d/{world.dossier.pk}/bank/?communication=%2B%2B%2B123/4567/89002%2B%2B%2B"
    ).content.decode()
    assert "Fournisseur SA" in page and "Client NV" not in page
    page = client.get(f"/d/{world.dossier.pk}/bank/?amount_max=0").content.decode()
    assert "Fournisseur SA" in page and "Client NV" not in page
    r = client.post(
        f"/d/{world.dossier.pk}/bank/import/", {"files": [SimpleUploadedFile("m.cod", good)]}
    )
    assert r.status_code == 403


def test_profiles_without_the_bank_see_nothing(world):
    url = f"/d/{world.dossier.pk}/bank/"
    assert world.client_for(world.clients[ClientProfile.DOC_PROCESSING]).get(url).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404


def test_a_statement_as_pdf_for_those_who_read_the_bank(world):
    good, _bad = _files()
    world.client_for(world.admin).post(
        f"/d/{world.dossier.pk}/bank/import/", {"files": [SimpleUploadedFile("m.cod", good)]}
    )
    statement = Statement.objects.get()
    url = f"/d/{world.dossier.pk}/bank/statements/{statement.pk}/pdf/"
    reader = world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])
    r = reader.get(url)
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    # in the reader's language (French by default)
    assert "Fournisseur SA" in text and "939,50" in text and "Extrait de compte" in text
    assert url in reader.get(f"/d/{world.dossier.pk}/bank/").content.decode()
    assert world.client_for(world.outsider).get(url).status_code == 404
    other = f"/d/{world.other_dossier.pk}/bank/statements/{statement.pk}/pdf/"
    assert world.client_for(world.admin).get(other).status_code == 404
