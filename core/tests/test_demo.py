"""`manage.py load_demo` (what `make run` shows first): idempotent, and the documents it
hands in are recognised, so the office's first look is a worklist of real proposals."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in ("tenancy", "documents", "recognition", "ledger", "booking")
    }


def test_the_demo_loads_twice_without_adding_anything_and_its_invoices_are_recognised(
    django_capture_on_commit_callbacks,
):
    from booking.models import Proposal
    from documents.models import Document
    from recognition.models import Extraction

    # The pipeline's tasks run as they would in the worker (queued on commit, run inline).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    first = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert _counts() == first

    electrabel = Document.objects.filter(file_name="facture-electrabel-2026-03.pdf")
    assert electrabel.count() == 3  # one per demo dossier with documents
    for doc in electrabel:
        extraction = Extraction.objects.get(document=doc)
        assert extraction.invoice_number == "2026-0412"
        assert str(extraction.total_incl_vat) == "242.00"
        assert extraction.counterparty_vat.replace(".", "").endswith("0403170701")
        proposal = Proposal.objects.get(document=doc)
        assert proposal.status not in ("nothing_recognised", "technical_error")
