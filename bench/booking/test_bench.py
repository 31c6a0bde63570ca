"""Figures of the booking factory (issue 6). Run: .venv/bin/pytest bench/booking -s -m slow

Writes bench/booking/RESULTS.md. Timings are wall-clock on this machine, SQLite,
Django test client (no network), tasks inline.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus"
RESULTS: dict[str, str] = {}


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def fmt(values):
    return f"p50 {pct(values, 50) * 1000:.0f} ms, p95 {pct(values, 95) * 1000:.0f} ms (n={len(values)})"


def _write():
    # Keep the figures of tests not run this time (one test can be re-run alone).
    old = {}
    if (HERE / "RESULTS.md").exists():
        for line in (HERE / "RESULTS.md").read_text().splitlines():
            if line.startswith("- **") and "**: " in line:
                key, value = line[4:].split("**: ", 1)
                old[key] = value
    lines = ["# Booking factory figures", "", "Made by `pytest bench/booking -s -m slow`.", ""]
    lines += [f"- **{k}**: {v}" for k, v in {**old, **RESULTS}.items()]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")


def test_upload_to_proposal(world, settings, django_capture_on_commit_callbacks):
    from booking.models import Proposal
    from booking.tests import factories
    from documents.intake import Incoming, intake_file
    from documents.models import IntakeSettings, Mailbox, Source

    settings.FIDU_RECOGNITION_ON_INTAKE = True
    factories.books(world.dossier)
    IntakeSettings.objects.create(dossier=world.dossier, auto_forward_purchases=True)
    pdfs = sorted((CORPUS / "4_pdf_invoices/invoice2data").glob("*.pdf"))
    xmls = sorted((CORPUS / "1_ubl_peppol/peppol-bis-invoice-3").glob("examples__*.xml"))
    if not pdfs or not xmls:
        pytest.skip("corpus not available")
    out, fallback = {}, set()
    for label, files in (("text PDF", pdfs), ("e-invoice (UBL)", xmls)):
        times = []
        for rnd in range(2):
            for path in files:
                # A second round with different bytes (no file-level duplicate): a PDF comment
                # after %%EOF, an XML comment after the root element.
                tail = (b"\n<!-- %d -->" if path.suffix == ".xml" else b"\n%% %d") % rnd
                data = path.read_bytes() + (tail if rnd else b"")
                t0 = time.perf_counter()
                with django_capture_on_commit_callbacks(execute=True):
                    doc = intake_file(
                        Incoming(
                            dossier=world.dossier,
                            mailbox=Mailbox.PURCHASES,
                            source=Source.API,
                            file_name=path.name,
                            data=data,
                        )
                    )[0]
                p = Proposal.objects.filter(document=doc).first()
                if p is None:
                    # No proposal from the pipeline (e.g. its recognition step did not run
                    # for this file): run recognition then the proposal, as sending would.
                    from booking.services import proposal_create_for_document
                    from recognition.services import recognize_document

                    fallback.add(label)
                    recognize_document(document_id=doc.pk)
                    p = proposal_create_for_document(document_id=doc.pk)
                assert p is not None and p.status != "nothing_recognised", path
                times.append(time.perf_counter() - t0)
        out[label] = times
        note = (
            " (visual step failed: recognition and proposal run directly)"
            if label in fallback
            else ""
        )
        RESULTS[f"Upload to proposal, {label}"] = fmt(times) + note
    _write()


def test_scan_upload_to_proposal(world, settings, django_capture_on_commit_callbacks):
    """A scanned invoice (no text layer) from intake to its booking proposal, OCR included.

    The searchable text layer (OCRmyPDF) is built after the proposal, in the background, so
    the time is taken when the proposal row is created, not when every inline task is done.
    """
    import importlib.util

    from booking.models import Proposal
    from booking.tests import factories
    from documents.intake import Incoming, intake_file
    from documents.models import IntakeSettings, Mailbox, Source

    spec = importlib.util.spec_from_file_location("rec_bench", HERE.parent / "recognition/run.py")
    rec_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rec_bench)
    settings.FIDU_RECOGNITION_ON_INTAKE = True
    factories.books(world.dossier)
    IntakeSettings.objects.create(dossier=world.dossier, auto_forward_purchases=True)
    pdfs = sorted((CORPUS / "4_pdf_invoices/invoice2data").glob("*.pdf"))
    if not pdfs:
        pytest.skip("corpus not available")
    per_doc, per_page, steps = [], [], defaultdict(list)
    for seed, path in enumerate(pdfs * 2):
        scan = rec_bench.rasterise(path.read_bytes(), seed)
        t0 = time.time()
        with django_capture_on_commit_callbacks(execute=True):
            doc = intake_file(
                Incoming(
                    dossier=world.dossier,
                    mailbox=Mailbox.PURCHASES,
                    source=Source.API,
                    file_name=f"scan-{seed}.pdf",
                    data=scan,
                )
            )[0]
        p = Proposal.objects.get(document=doc)
        assert p.status != "nothing_recognised", path
        doc.refresh_from_db()
        waited = p.created_at.timestamp() - t0
        per_doc.append(waited)
        per_page.append(waited / max(1, doc.page_count or 1))
        for step in doc.steps.exclude(started_at=None).exclude(finished_at=None):
            steps[step.name].append((step.finished_at - step.started_at).total_seconds())
    RESULTS["Upload to proposal, scan (200 dpi, OCR)"] = fmt(per_doc)
    RESULTS["Upload to proposal, scan, per page"] = fmt(per_page)
    RESULTS["Upload to proposal, scan, per step"] = ", ".join(
        f"{name} p50 {pct(values, 50) * 1000:.0f} ms" for name, values in steps.items()
    )
    _write()


def test_proposals_needing_no_correction(world):
    """Replay the demo books: per counterparty, the first 70 % of invoices teach, the rest count."""
    from booking.enrich import AccountSuggester, implied_rate
    from ledger.demo import _seed_dossier
    from ledger.models import AccountKind, Entry

    _seed_dossier(world.dossier)
    sug = AccountSuggester(world.dossier)
    entries = (
        Entry.objects.filter(
            dossier=world.dossier, journal__code__in=["ACH", "VEN"], counterparty__isnull=False
        )
        .select_related("counterparty", "journal")
        .prefetch_related("lines__account", "lines__vat_code")
        .order_by("date", "id")
    )
    by_cp = defaultdict(list)
    for e in entries:
        by_cp[(e.journal.code, e.counterparty_id)].append(e)
    scores = {"ACH": [0, 0], "VEN": [0, 0]}
    for (journal, _cp), items in by_cp.items():
        cut = int(len(items) * 0.7)
        if cut == 0 or cut == len(items):
            continue
        before = items[cut].date
        for e in items[cut:]:
            kinds = (
                (AccountKind.INCOME,)
                if journal == "VEN"
                else (AccountKind.EXPENSE, AccountKind.FIXED_ASSET, AccountKind.STOCK)
            )
            main = [ln for ln in e.lines.all() if ln.account.kind in kinds]
            if not main:
                continue
            ln = main[0]
            vat = sum(
                (
                    x.debit + x.credit
                    for x in e.lines.all()
                    if x.account.code.startswith(("411", "451"))
                ),
                Decimal(0),
            )
            rate = implied_rate(ln.debit + ln.credit, vat)
            s = sug.suggest(
                counterparty=e.counterparty,
                key="",
                direction="sales" if journal == "VEN" else "purchase",
                rate=rate,
                before=before,
            )
            ok = (
                s.account
                and s.account.pk == ln.account_id
                and s.vat_code
                and s.vat_code.pk == ln.vat_code_id
            )
            scores[journal][0] += bool(ok)
            scores[journal][1] += 1
    for journal, label in (("ACH", "purchases"), ("VEN", "sales")):
        right, total = scores[journal]
        RESULTS[f"Account and VAT code right without correction, {label}"] = (
            f"{100 * right / max(total, 1):.1f} % ({right}/{total} invoices after the first 70 % of each counterparty's)"
        )
    _write()
    assert scores["ACH"][1] > 20


def test_worklist_and_annotation_speed(world):
    from booking import services
    from booking.models import Proposal, ProposalLine, Status
    from booking.tests import factories
    from core.storage import blob_put
    from documents.models import Document
    from ledger.models import Account, Journal, Period, VatCode

    factories.books(world.dossier)
    d = world.dossier
    cp = factories.supplier(d)
    blob = blob_put(b"%PDF-1.4 bench", content_type="application/pdf")
    docs = Document.objects.bulk_create(
        [
            Document(
                dossier=d,
                mailbox="purchases",
                doc_type="purchase_invoice",
                file_name=f"f{i}.pdf",
                original=blob,
                source="upload",
                state="sent",
                page_count=1,
            )
            for i in range(5000)
        ]
    )
    j = Journal.objects.get(dossier=d, code="ACH")
    per = Period.objects.filter(dossier=d).order_by("start").first()
    acc = Account.objects.get(dossier=d, code="604000")
    vat = VatCode.objects.get(dossier=d, code="A6G")
    props = Proposal.objects.bulk_create(
        [
            Proposal(
                dossier=d,
                document=doc,
                status=Status.COMPLETE,
                direction="purchase",
                journal=j,
                period=per,
                invoice_number=f"INV-{i:05d}",
                invoice_date=date(2026, 1, 1 + i % 28),
                counterparty=cp,
                total=Decimal("106.00"),
                counterparty_label=cp.name,
                accounts_label="604000",
                vat_label="6%",
                pages=1,
            )
            for i, doc in enumerate(docs)
        ]
    )
    ProposalLine.objects.bulk_create(
        [
            ProposalLine(
                proposal=p, account=acc, vat_code=vat, base=Decimal("100.00"), vat=Decimal("6.00")
            )
            for p in props
        ]
    )
    c = world.client_for(world.collaborator)
    url = f"/d/{d.pk}/worklist/"
    c.get(url)
    import os

    if os.environ.get("BK_PROFILE"):
        import cProfile
        import pstats

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            pr = cProfile.Profile()
            pr.enable()
            c.get(url)
            pr.disable()
        for q in ctx.captured_queries:
            print(q["time"], q["sql"][:150])
        pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
    times = []
    for q in [
        "",
        "?sort=number&dir=desc",
        "?sort=counterparty&dir=asc",
        "?status=complete",
        "?page=50",
    ] * 4:
        t0 = time.perf_counter()
        assert c.get(url + q).status_code == 200
        times.append(time.perf_counter() - t0)
    RESULTS["Worklist of 5,000 proposals, a page of 50"] = fmt(times)
    opens, saves = [], []
    ordered = list(Proposal.objects.filter(dossier=d).order_by("-created_at", "-id")[:20])
    for p in ordered:
        t0 = time.perf_counter()
        assert c.get(f"/proposals/{p.pk}/").status_code == 200
        opens.append(time.perf_counter() - t0)
        data = {
            "version": p.version,
            "go": "next",
            "invoice_number": p.invoice_number,
            "invoice_date": p.invoice_date.isoformat(),
            "counterparty_id": cp.pk,
            "journal_id": j.pk,
            "period_id": per.pk,
            "total": "106.00",
            "currency": "EUR",
            "doc_kind": "invoice",
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-account": acc.code,
            "lines-0-vat_code": vat.pk,
            "lines-0-base": "100.00",
            "lines-0-vat": "6.00",
            "lines-0-note": "",
        }
        t0 = time.perf_counter()
        r = c.post(f"/proposals/{p.pk}/save/", data)
        assert r.status_code == 302, r.content[:500]
        assert c.get(r["Location"]).status_code == 200
        saves.append(time.perf_counter() - t0)
    RESULTS["Annotation screen opens"] = fmt(opens)
    RESULTS["Save (checked) and open the next"] = fmt(saves)
    _write()
    del services
