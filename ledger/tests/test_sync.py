from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from ledger.connectors.base import ConnectorError
from ledger.models import Books, Entry, ExportBatch, SyncState
from ledger.services.posting import EntrySpec, LineSpec
from ledger.services.sync import bookings_send, sync_run
from ledger.tests.conftest import sale


def _booking(customer) -> EntrySpec:
    return EntrySpec(
        "VEN",
        date(2025, 3, 3),
        [
            LineSpec("400000", debit=Decimal("121.00")),
            LineSpec("700000", credit=Decimal("100.00"), vat_code="V21G"),
            LineSpec("451000", credit=Decimal("21.00")),
        ],
        counterparty=customer,
        document_id=42,
    )


def test_sending_bookings_posts_counts_and_syncs(world, books, customer):
    result = bookings_send(actor=world.admin, dossier=world.dossier, bookings=[_booking(customer)])
    entry = Entry.objects.get(pk=result.entry_ids[0])
    assert entry.document_id == 42 and entry.source == "booking"
    state = SyncState.objects.get(dossier=world.dossier)
    assert state.sent_counter == 1 and state.status == "ok"
    assert state.updated_until == date(2025, 3, 3)


def test_the_file_connector_asks_for_an_import_first_and_keeps_an_export(world, books, customer):
    Books.objects.filter(dossier=world.dossier).update(connector="files")
    state = sync_run(actor=world.admin, dossier=world.dossier, trigger="nightly")
    assert state.status == "failed_fixable" and "Import" in state.instruction
    result = bookings_send(actor=world.admin, dossier=world.dossier, bookings=[_booking(customer)])
    batch = ExportBatch.objects.get(pk=result.export_batch_id)
    assert batch.fmt == "csv" and list(batch.entries.values_list("pk", flat=True)) == (
        result.entry_ids
    )


def test_a_broken_connector_means_support_and_does_not_raise(world, books, monkeypatch):
    from ledger.connectors import builtin

    def boom(self, dossier, since):
        raise RuntimeError("package API down")

    monkeypatch.setattr(builtin.BuiltinConnector, "pull", boom)
    state = sync_run(actor=None, dossier=world.dossier, trigger="nightly")
    assert state.status == "failed_support" and "down" in state.instruction

    def fixable(self, dossier, since):
        raise ConnectorError("x", fixable=True, instruction="Renew the API key.")

    monkeypatch.setattr(builtin.BuiltinConnector, "pull", fixable)
    state = sync_run(actor=None, dossier=world.dossier, trigger="full")
    assert (state.status, state.instruction) == ("failed_fixable", "Renew the API key.")


def test_nightly_command_and_trial_balance_command(world, books, customer):
    sale(world, customer, "121.00")
    out = StringIO()
    call_command("ledger_sync", "--all", stdout=out)
    assert "ok" in out.getvalue()
    out = StringIO()
    call_command(
        "trial_balance", "--dossier", world.dossier.pk, "--year", "2025", "--json", stdout=out
    )
    doc = json.loads(out.getvalue())
    assert doc["total_debit"] == doc["total_credit"] == "121.00"
    assert {a["code"] for a in doc["accounts"]} == {"400000", "700000", "451000"}
