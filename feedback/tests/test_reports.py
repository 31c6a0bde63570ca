"""Reports on demand (F4): asked on the page, made by the task, read back from the PDF
(pypdf) and the workbook (openpyxl); progress while waiting; publication by the office."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import AuditEvent
from feedback.models import ReportFile, ReportStatus
from feedback.reports.make import report_make
from ledger.models import Account
from tenancy.models import ClientProfile

pytestmark = pytest.mark.django_db
D = Decimal


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)


def _ask(c, world, **fields):
    from django.test import TestCase

    # The task is queued on commit; the test backend runs it at once.
    with TestCase.captureOnCommitCallbacks(execute=True):
        r = c.post(reverse("feedback_reports_run", args=[world.dossier.pk]), fields)
    assert r.status_code == 302, r.content[:500]
    return ReportFile.objects.latest("id")


@pytest.fixture
def client_(world):
    return world.client_for(world.clients[ClientProfile.FULL_FEEDBACK])


def test_a_trial_balance_pdf_holds_its_totals(world, books, client_):
    report = _ask(client_, world, kind="trial_balance", format="pdf", year="2026")
    assert report.status == ReportStatus.DONE and report.progress == 100
    page = client_.get(reverse("feedback_report", args=[world.dossier.pk, report.pk]))
    assert b'data-testid="report-download"' in page.content
    pdf = client_.get(reverse("feedback_report_download", args=[world.dossier.pk, report.pk]))
    text = _pdf_text(_body(pdf))
    # 2026: debits 2,000 + 500 + 300 + 1,500 = 4,300 on both sides.
    assert "4\u202f300,00" in text or "4 300,00" in text or "4\xa0300,00" in text
    assert "700000" in text and "Alpha SRL" in text


def test_an_income_statement_workbook_holds_the_rows_shown(world, books, client_):
    report = _ask(client_, world, kind="income_statement", format="xlsx", year="2026")
    data = _body(
        client_.get(reverse("feedback_report_download", args=[world.dossier.pk, report.pk]))
    )
    wb = load_workbook(BytesIO(data))
    rows = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    by_label = {r[0]: r[1:] for r in rows if r and isinstance(r[0], str)}
    assert by_label["70 Chiffre d'affaires"][:2] == (2500, 1000)
    assert by_label["Résultat de l'exercice"][:2] == (2200, 900)
    # The page shows the same numbers.
    html = client_.get(reverse("feedback_income_statement", args=[world.dossier.pk]) + "?year=2026")
    assert "2\xa0500,00" in html.content.decode()


@pytest.mark.parametrize(
    ("kind", "extra", "needle"),
    [
        ("balance_sheet", {}, "3\u202f500,00"),
        ("aged_receivables", {"date": "2026-06-30"}, "2\u202f000,00"),
        ("aged_payables", {"date": "2026-06-01"}, "400,00"),
        ("vat_summary", {"period": "2026-Q1"}, "VI"),
    ],
)
def test_every_kind_renders_as_pdf_and_excel(world, books, client_, kind, extra, needle):
    for fmt in ("pdf", "xlsx"):
        report = _ask(client_, world, kind=kind, format=fmt, year="2026", **extra)
        assert report.status == ReportStatus.DONE, report.error
        data = _body(
            client_.get(reverse("feedback_report_download", args=[world.dossier.pk, report.pk]))
        )
        if fmt == "pdf":
            text = _pdf_text(data).replace("\xa0", "\u202f").replace(" ", "\u202f")
            assert needle.replace(" ", "\u202f") in text, text[:800]
        else:
            assert load_workbook(BytesIO(data)).worksheets


def test_account_history_report_and_its_progress(world, books, client_):
    acc = Account.objects.get(dossier=world.dossier, code="400000")
    report = _ask(
        client_, world, kind="account_history", format="xlsx", year="2026", account=str(acc.pk)
    )
    data = _body(
        client_.get(reverse("feedback_report_download", args=[world.dossier.pk, report.pk]))
    )
    rows = list(load_workbook(BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    numbers = [r[2] for r in rows if r and r[1] == "VEN"]
    assert numbers == ["S26-1", "S26-2"]
    assert rows[-1][4:7] == (2500, 1500, 2000)  # debit, credit, closing balance (1,000 opening)


def test_a_report_being_made_shows_its_progress_and_polls(world, books, client_):
    user = world.clients[ClientProfile.FULL_FEEDBACK]
    report = ReportFile.objects.create(
        dossier=world.dossier,
        kind="trial_balance",
        fmt="pdf",
        params={"year": 2026},
        requested_by=user,
        status=ReportStatus.RUNNING,
        progress=40,
    )
    url = reverse("feedback_report", args=[world.dossier.pk, report.pk])
    html = client_.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="40"' in html
    assert "report-progress-40" in html
    report_make(report.pk)
    fragment = client_.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and 'data-testid="report-download"' in fragment


def test_bad_requests_get_a_message_and_make_nothing(world, books, client_):
    url = reverse("feedback_reports_run", args=[world.dossier.pk])
    for fields in (
        {"kind": "nope", "format": "pdf"},
        {"kind": "trial_balance", "format": "doc"},
        {"kind": "account_history", "format": "pdf"},
        {"kind": "trial_balance", "format": "pdf", "year": "x"},
    ):
        r = client_.post(url, fields)
        assert r.status_code == 200 and b"alert" in r.content
    assert not ReportFile.objects.exists()
    report = _ask(client_, world, kind="trial_balance", format="pdf", year="1990")
    assert report.status == ReportStatus.FAILED
    page = client_.get(reverse("feedback_report", args=[world.dossier.pk, report.pk]))
    assert "pas pu être établi" in page.content.decode()  # the client reads French


def test_who_sees_which_report(world, books, client_):
    d = world.dossier.pk
    mine = _ask(client_, world, kind="trial_balance", format="pdf", year="2026")
    office = world.client_for(world.admin)
    theirs = _ask(office, world, kind="balance_sheet", format="pdf", year="2026")
    # The client does not see the office's report until it is published.
    assert client_.get(reverse("feedback_report", args=[d, theirs.pk])).status_code == 404
    assert client_.post(reverse("feedback_report_publish", args=[d, mine.pk])).status_code == 403
    assert office.post(reverse("feedback_report_publish", args=[d, theirs.pk])).status_code == 302
    assert client_.get(reverse("feedback_report_download", args=[d, theirs.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="feedback.report_published").count() == 1
    # Outsiders and profiles without feedback see nothing.
    for user, code in ((world.outsider, 404), (world.clients[ClientProfile.DOC_PROCESSING], 403)):
        c = world.client_for(user)
        assert c.get(reverse("feedback_report_download", args=[d, mine.pk])).status_code == code
        assert c.get(reverse("feedback_shared", args=[d])).status_code == code
    # Withdrawing takes the file out of the client's folder again.
    assert (
        office.post(
            reverse("feedback_report_publish", args=[d, theirs.pk]), {"withdraw": "1"}
        ).status_code
        == 302
    )
    folder = client_.get(reverse("archive_folders", args=[d])).content.decode()
    assert "data-publication=" not in folder


def test_reports_api_returns_pdf_and_xlsx(world, books, client_):
    d = world.dossier.pk
    pdf = client_.get(f"/api/dossiers/{d}/reports/trial_balance?year=2026&format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "700000" in _pdf_text(pdf.content)
    xlsx = client_.get(f"/api/dossiers/{d}/reports/income_statement?year=2026&format=xlsx")
    assert load_workbook(BytesIO(xlsx.content)).worksheets
    assert client_.get(f"/api/dossiers/{d}/reports/nope?year=2026").status_code == 404
    assert client_.get(f"/api/dossiers/{d}/reports/trial_balance?format=doc").status_code == 404
    assert (
        world.client_for(world.outsider).get(f"/api/dossiers/{d}/reports/trial_balance").status_code
        == 404
    )
