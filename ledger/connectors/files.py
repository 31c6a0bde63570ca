"""The file connector: the books live in another package and travel as files.

Import (CSV, XLSX, JSON; see docs/ledger.md) brings chart, journals, VAT codes, periods,
counterparties, entries and open items; push posts validated bookings in Fidu's mirror
of the books (so figures show at once) and keeps an export file (CSV by default, also
UBL and WinBooks ACT) for the office to load into its package. When the package's
books are imported again, entries already present (same journal and number, same
date and amount) are recognised and skipped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _

from ledger.connectors.base import (
    Booking,
    ConnectorError,
    ConnectorStatus,
    PullResult,
    PushResult,
    RemoteDossier,
)
from ledger.models import AccountChange, Books, Connector, Entry, EntrySource, ImportRun
from ledger.selectors import sync_state_for
from tenancy.models import Dossier


class FilesConnector:
    code = Connector.FILES

    def __init__(self, office):
        self.office = office
        self.export_format = getattr(settings, "FIDU_LEDGER_EXPORT_FORMAT", "csv")

    def list_dossiers(self) -> list[RemoteDossier]:
        activated = set(
            Books.objects.filter(dossier__office=self.office).values_list("dossier_id", flat=True)
        )
        return [
            RemoteDossier(
                key=str(d.pk), name=d.name, vat_number=d.vat_number, activated=d.pk in activated
            )
            for d in Dossier.objects.filter(office=self.office, is_active=True).order_by("name")
        ]

    def activate(self, dossier: Dossier, *, actor: Any = None, year: int | None = None) -> None:
        from ledger.services.setup import books_activate

        # Start from the Belgian defaults; the package's own chart replaces them by import.
        books_activate(actor=actor, dossier=dossier, connector=self.code, year=year)

    def pull(self, dossier: Dossier, since: datetime | None) -> PullResult:
        if not ImportRun.objects.filter(dossier=dossier, applied_at__isnull=False).exists():
            raise ConnectorError(
                "no import yet",
                fixable=True,
                instruction=_(
                    "Import the books exported from your accounting software "
                    "(Books > Import and export)."
                ),
            )
        changes = AccountChange.objects.filter(dossier=dossier, reviewed_at__isnull=True)
        if since is not None:
            changes = changes.filter(detected_at__gt=since)
        last = Entry.objects.filter(dossier=dossier).aggregate(d=Max("date"))["d"]
        return PullResult(updated_until=last, accounts_changed=changes.count())

    def push(self, dossier: Dossier, bookings: list[Booking], *, actor: Any = None) -> PushResult:
        from ledger.services.interchange import export_batch_create
        from ledger.services.posting import entries_post_many

        for b in bookings:
            b.source = EntrySource.BOOKING
        entries = entries_post_many(actor=actor, dossier=dossier, specs=bookings)
        batch = export_batch_create(
            actor=actor, dossier=dossier, entries=entries, fmt=self.export_format
        )
        return PushResult(entry_ids=[e.pk for e in entries], export_batch_id=batch.pk)

    def status(self, dossier: Dossier) -> ConnectorStatus:
        s = sync_state_for(dossier)
        return ConnectorStatus(s.status, s.instruction, s.last_sync_at, s.updated_until)
