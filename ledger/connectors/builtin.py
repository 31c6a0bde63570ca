"""Fidu is the books: activation installs the Belgian defaults, push posts the entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max

from ledger.connectors.base import (
    Booking,
    ConnectorStatus,
    PullResult,
    PushResult,
    RemoteDossier,
)
from ledger.models import AccountChange, Books, Connector, Entry, EntrySource
from ledger.selectors import sync_state_for
from tenancy.models import Dossier


class BuiltinConnector:
    code = Connector.BUILTIN

    def __init__(self, office):
        self.office = office

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

        books_activate(actor=actor, dossier=dossier, connector=self.code, year=year)

    def pull(self, dossier: Dossier, since: datetime | None) -> PullResult:
        entries = Entry.objects.filter(dossier=dossier)
        changes = AccountChange.objects.filter(dossier=dossier, reviewed_at__isnull=True)
        if since is not None:
            entries = entries.filter(posted_at__gt=since)
            changes = changes.filter(detected_at__gt=since)
        last = Entry.objects.filter(dossier=dossier).aggregate(d=Max("date"))["d"]
        return PullResult(
            updated_until=last, accounts_changed=changes.count(), entries=entries.count()
        )

    def push(self, dossier: Dossier, bookings: list[Booking], *, actor: Any = None) -> PushResult:
        from ledger.services.posting import entries_post_many

        for b in bookings:
            b.source = EntrySource.BOOKING
        entries = entries_post_many(actor=actor, dossier=dossier, specs=bookings)
        return PushResult(entry_ids=[e.pk for e in entries])

    def status(self, dossier: Dossier) -> ConnectorStatus:
        s = sync_state_for(dossier)
        return ConnectorStatus(s.status, s.instruction, s.last_sync_at, s.updated_until)
