"""The annotation form and the worklist filter (issue 12): input validated, never cut."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from booking import services
from booking.forms import worklist_filter
from booking.models import Proposal
from booking.tests import factories
from booking.tests.test_views import lines_data

pytestmark = pytest.mark.django_db


def make(dossier, **kw):
    return services.proposal_create_for_document(
        document_id=factories.sent_document(dossier, **kw).pk
    )


def _form(p, **over):
    line = p.lines.select_related("account").get()
    data = {
        "version": p.version,
        "go": "stay",
        "invoice_number": p.invoice_number,
        "invoice_date": "10/03/2026",
        "counterparty_id": p.counterparty_id,
        "journal_id": p.journal_id,
        "period_id": p.period_id,
        "total": "106,00",
        "currency": "EUR",
        "doc_kind": "invoice",
        **lines_data(
            [
                {
                    "account": line.account.code,
                    "vat_code": line.vat_code_id,
                    "base": "100.00",
                    "vat": "6.00",
                    "note": "",
                }
            ]
        ),
    }
    data.update(over)
    return data


def test_a_long_instruction_is_kept_whole(books, world):
    p = make(books)
    text = ("Voiture de service, voir contrat. " * 150).strip()  # 5,099 characters
    r = world.client_for(world.collaborator).post(
        f"/proposals/{p.pk}/save/", _form(p, instruction=text)
    )
    assert r.status_code == 302
    assert Proposal.objects.get(pk=p.pk).instruction == text  # was cut at 4,000


def test_a_too_long_invoice_number_is_refused_not_cut(books, world):
    p = make(books)
    number = "INV-" + "9" * 120
    r = world.client_for(world.collaborator).post(
        f"/proposals/{p.pk}/save/", _form(p, invoice_number=number)
    )
    html = r.content.decode()
    assert r.status_code == 422 and "Invoice number: Ensure this value has at most 100" in html
    assert f'value="{number}"' in html  # the input comes back as typed
    assert Proposal.objects.get(pk=p.pk).invoice_number == "F-2026-001"


def test_the_gl_account_is_typed_by_code_or_picked_with_its_name(books, world):
    p = make(books)
    c = world.client_for(world.collaborator)
    page = c.get(f"/proposals/{p.pk}/").content.decode()
    assert 'list="bk-accounts"' in page and '<datalist id="bk-accounts">' in page
    label = page[page.index('<option value="612000 ') :].split('"')[1]
    r = c.post(
        f"/proposals/{p.pk}/save/",
        _form(p, **{"lines-0-account": label, "lines-0-note": "typed"}),
    )
    assert r.status_code == 302
    assert p.lines.select_related("account").get().account.code == "612000"
    p.refresh_from_db()
    r = c.post(f"/proposals/{p.pk}/save/", _form(p, **{"lines-0-account": "nonsense 42"}))
    assert r.status_code == 422 and "Unknown GL account “nonsense 42”" in r.content.decode()
    assert 'value="nonsense 42"' in r.content.decode()
    assert p.lines.select_related("account").get().account.code == "612000"


def test_empty_added_lines_are_skipped_and_lines_keep_their_order(books, world):
    p = make(books)
    data = _form(p)
    data.update(
        lines_data(
            [
                {"account": "604000", "vat_code": "", "base": "50.00", "vat": "3.00", "note": "a"},
                {"account": "", "vat_code": "", "base": "", "vat": "", "note": ""},
                {"account": "612000", "vat_code": "", "base": "50.00", "vat": "3.00", "note": "b"},
            ]
        )
    )
    r = world.client_for(world.collaborator).post(f"/proposals/{p.pk}/save/", data)
    assert r.status_code == 302
    assert [ln.note for ln in p.lines.all()] == ["a", "b"]


def test_the_worklist_query_survives_a_refused_save_unmangled(books, world):
    p = make(books)
    query = "tab=purchase&q=Proxi+%26+Co"
    r = world.client_for(world.collaborator).post(
        f"/proposals/{p.pk}/save/", _form(p, total="abc", query=query)
    )
    assert r.status_code == 422
    assert 'name="query" value="tab=purchase&amp;q=Proxi+%26+Co"' in r.content.decode()


def test_the_filter_form_reads_the_query_string():
    f = worklist_filter(QueryDict("tab=sales&status=checked&journal=x&sort=bogus&q=%20a%20b"))
    assert (f.direction, f.status, f.journal_id, f.sort, f.q) == (
        "sales",
        "checked",
        None,
        "",
        "a b",
    )
    f = worklist_filter("tab=nope&state=sent&sort=total&dir=desc&verify=1", direction="purchase")
    assert (f.direction, f.state, f.sort, f.dir, f.verify) == (
        "purchase",
        "sent",
        "total",
        "desc",
        True,
    )
