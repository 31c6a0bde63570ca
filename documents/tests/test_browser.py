"""Intake as a person uses it, in Debian's chromium: drop files, split a scan, send, tabs."""

from __future__ import annotations

import base64

import pytest

from conftest import browser_login
from documents.intake import Incoming, intake_file
from documents.models import DocState, Document, Mailbox, Source
from documents.tests.pdfs import make_jpeg, make_pdf

pytestmark = pytest.mark.browser

DROP_JS = """([files]) => {
  const dt = new DataTransfer();
  for (const f of files) {
    const bin = atob(f.b64); const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    dt.items.add(new File([bytes], f.name, {type: f.type}));
  }
  const zone = document.getElementById('dropzone');
  zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
  zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
}"""


def _file(name, data, ctype):
    return {"name": name, "b64": base64.b64encode(data).decode(), "type": ctype}


def test_drag_and_drop_upload_with_progress_then_send_and_tabs(page, browser_world):
    w = browser_world
    user = w.clients["administrator"]
    browser_login(page, user.email)
    page.goto(page.url_for(f"/d/{w.dossier.pk}/documents/upload/?mailbox=purchases"))
    page.select_option("select[name=payment_status]", "paid")
    files = [
        _file("facture-1.pdf", make_pdf(["Facture 1"]), "application/pdf"),
        _file("ticket.jpg", make_jpeg(), "image/jpeg"),
        _file("vide.pdf", b"", "application/pdf"),
    ]
    page.evaluate(DROP_JS, [files])
    page.locator("#upload-list [data-state]").nth(2).wait_for()  # every file has its outcome
    states = page.locator("#upload-list li").all_inner_texts()
    assert page.locator("#upload-list [data-state=done]").count() == 2, states
    assert page.locator("#upload-list [data-state=failed]").count() == 1
    assert Document.objects.filter(dossier=w.dossier, payment_status="paid").count() == 2

    page.goto(page.url_for(f"/d/{w.dossier.pk}/documents/"))
    rows = page.locator("[data-testid=document-table] tbody tr[data-document]")
    assert rows.count() == 2
    for box in page.locator("input[name=ids]").all():
        box.check()
    page.click("[data-testid=send-selected]")
    page.fill("textarea[name=summary]", "Factures de mars")
    page.fill("input[name=last_for_period]", "2026-03")
    page.click("[data-testid=send-confirm]")
    page.wait_for_load_state("networkidle")
    assert "tab=sent" in page.url
    assert page.locator("[data-testid=document-table] tbody tr[data-document]").count() == 2
    assert set(Document.objects.values_list("state", flat=True)) == {DocState.SENT}
    page.click("[data-tab=inbox]")
    assert page.locator("[data-testid=document-table] tbody tr[data-document]").count() == 0
    page.click("[data-tab=archive]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/d/{w.dossier.pk}/archive/")


def test_bulk_split_by_ticking_first_pages(page, browser_world):
    w = browser_world
    [doc] = intake_file(
        Incoming(
            dossier=w.dossier,
            mailbox=Mailbox.PURCHASES,
            source=Source.UPLOAD,
            file_name="scan.pdf",
            data=make_pdf(["Invoice A", "suite de la page 1", "Invoice B", "Invoice C"]),
            actor=w.clients["administrator"],
        )
    )
    browser_login(page, w.clients["administrator"].email)
    page.goto(page.url_for(f"/documents/{doc.pk}/pages/"))
    assert page.locator(".fidu-page").count() == 4
    for n in ("1", "2", "3", "4"):  # the page comes with a suggestion ticked; set our own
        page.set_checked(f"#first-{n}", n in ("3", "4"))
    page.click("[data-testid=split-at]")
    page.wait_for_load_state("networkidle")
    made = Document.objects.filter(source=Source.EDIT).order_by("id")
    assert [d.page_count for d in made] == [2, 1, 1]
    doc.refresh_from_db()
    assert doc.state == DocState.REPLACED


def test_merge_picks_and_orders_pages_across_documents(page, browser_world):
    w = browser_world
    docs = [
        intake_file(
            Incoming(
                dossier=w.dossier,
                mailbox=Mailbox.PURCHASES,
                source=Source.UPLOAD,
                file_name=f"{name}.pdf",
                data=make_pdf(texts),
                actor=w.clients["administrator"],
            )
        )[0]
        for name, texts in (("a", ["A1", "A2"]), ("b", ["B1"]))
    ]
    browser_login(page, w.clients["administrator"].email)
    page.goto(page.url_for(f"/d/{w.dossier.pk}/documents/"))
    for box in page.locator("input[name=ids]").all():
        box.check()
    page.click("[data-testid=merge-selected]")
    cards = page.locator("#merge-grid .fidu-page")
    assert cards.count() == 3
    a, b = docs
    page.uncheck(f"#keep-{a.pk}-2")  # leave A2 out
    page.locator(f'[data-ref="{b.pk}:1"] .page-left').click()  # B1 before A1 wherever it was
    if cards.first.get_attribute("data-ref") != f"{b.pk}:1":
        page.locator(f'[data-ref="{b.pk}:1"] .page-left').click()
    page.click("[data-testid=merge-pages]")
    page.wait_for_load_state("networkidle")
    merged = Document.objects.get(source=Source.EDIT)
    assert [p.text.strip() for p in merged.pages.order_by("number")] == ["B1", "A1"]
    assert "/documents/" in page.url and str(merged.pk) in page.url
