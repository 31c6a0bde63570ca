"""The invoicing pages: owner, member without the right, outsider; forms keep what was
typed on a refusal; the line fragment for htmx."""

from __future__ import annotations

import pytest

from invoicing.models import Customer, Invoice

pytestmark = pytest.mark.django_db


def _line(desc="Consulting", qty="2", price="100", vat="S21", disc=""):
    return {
        "line_description": desc,
        "line_quantity": qty,
        "line_unit": "HUR",
        "line_unit_price": price,
        "line_discount": disc,
        "line_vat_case": vat,
    }


def test_a_client_makes_an_invoice_through_the_pages(world, books, seller, customer):
    c = world.client_for(world.clients["administrator"])
    d = world.dossier.pk
    assert c.get(f"/d/{d}/invoicing/").status_code == 200
    r = c.get(f"/d/{d}/invoicing/line/")
    assert r.status_code == 200 and 'name="line_description"' in r.content.decode()
    assert c.get(f"/d/{d}/invoicing/line/?remove=1").content == b""
    body = {"customer": str(customer.pk), "issue_date": "2026-03-10", "due_date": "", "note": ""}
    body.update(_line())
    r = c.post(f"/d/{d}/invoicing/new/", body)
    inv = Invoice.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/invoicing/{inv.pk}/"
    assert str(inv.total_incl) == "242.00" and inv.status == "draft"
    page = c.get(f"/invoicing/{inv.pk}/").content.decode()
    assert "Consulting" in page and "242,00" in page  # the user's language: French
    assert c.get(f"/invoicing/{inv.pk}/pdf/").content.startswith(b"%PDF")
    r = c.post(f"/invoicing/{inv.pk}/send/")
    inv.refresh_from_db()
    assert inv.number == "2026-00001" and inv.entry_id


def test_a_refused_line_keeps_what_was_typed(world, books, customer):
    c = world.client_for(world.clients["administrator"])
    body = {"customer": str(customer.pk), "issue_date": "2026-03-10", "due_date": "", "note": ""}
    body.update(_line(desc="Négatif", qty="-3"))
    r = c.post(f"/d/{world.dossier.pk}/invoicing/new/", body)
    html = r.content.decode()
    assert r.status_code == 200 and "la quantité doit être positive" in html
    assert 'value="Négatif"' in html and 'value="-3"' in html
    assert not Invoice.objects.exists()


def test_a_customer_with_a_bad_vat_number_is_refused_with_the_reason(world):
    c = world.client_for(world.clients["full_access"])
    r = c.post(
        f"/d/{world.dossier.pk}/invoicing/customers/",
        {
            "name": "X SA",
            "vat_number": "BE0403170702",
            "country": "BE",
            "language": "fr",
            "payment_days": "30",
        },
    )
    assert r.status_code == 200 and "chiffres de contrôle" in r.content.decode()
    assert not Customer.objects.exists()


def test_members_without_the_right_and_outsiders_are_refused(world, customer):
    d = world.dossier.pk
    for user, code in (
        (world.clients["doc_processing"], 403),
        (world.clients["full_feedback"], 403),
        (world.outsider, 404),
    ):
        c = world.client_for(user)
        assert c.get(f"/d/{d}/invoicing/").status_code == code
        assert c.get(f"/invoicing/customers/{customer.pk}/").status_code == code
        assert c.post(f"/d/{d}/invoicing/customers/", {"name": "Y"}).status_code == code
    assert Customer.objects.count() == 1
    # The settings (access point credentials) are the client administrator's.
    assert (
        world.client_for(world.clients["full_access"])
        .get(f"/d/{d}/invoicing/settings/")
        .status_code
        == 403
    )
    assert (
        world.client_for(world.clients["administrator"])
        .get(f"/d/{d}/invoicing/settings/")
        .status_code
        == 200
    )
