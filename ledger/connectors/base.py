"""The only door to an accounting package (D1): a typed Protocol, one module per package.

A connector lists the dossiers it knows, activates one (chart, journals, VAT codes,
periods, counterparties, history), pulls what changed since a date, pushes validated
bookings and reports its status. `builtin` is Fidu's own ledger; `files` exchanges
files with a package that has no API (WinBooks, Exact, Octopus, Yuki, Odoo, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from ledger.services.posting import EntrySpec
from tenancy.models import Dossier


class ConnectorError(Exception):
    """A sync failed. `fixable` errors carry an instruction the office can follow itself."""

    def __init__(self, message: str, *, fixable: bool = False, instruction: str = ""):
        super().__init__(message)
        self.fixable = fixable
        self.instruction = instruction or message


@dataclass(frozen=True)
class RemoteDossier:
    key: str  # the package's identifier; Fidu's dossier id for the built-in ledger
    name: str
    vat_number: str = ""
    activated: bool = False


@dataclass
class PullResult:
    updated_until: date | None = None
    accounts_changed: int = 0
    entries: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class PushResult:
    entry_ids: list[int] = field(default_factory=list)
    export_batch_id: int | None = None


@dataclass(frozen=True)
class ConnectorStatus:
    status: str  # ledger.models.SyncStatus value
    instruction: str = ""
    last_sync_at: datetime | None = None
    updated_until: date | None = None


# A booking is what the booking app sends: the same shape as an entry to post.
Booking = EntrySpec


@runtime_checkable
class AccountingConnector(Protocol):
    code: str

    def list_dossiers(self) -> list[RemoteDossier]: ...

    def activate(self, dossier: Dossier, *, actor: Any = None, year: int | None = None) -> None: ...

    def pull(self, dossier: Dossier, since: datetime | None) -> PullResult: ...

    def push(
        self, dossier: Dossier, bookings: list[Booking], *, actor: Any = None
    ) -> PushResult: ...

    def status(self, dossier: Dossier) -> ConnectorStatus: ...


def connector_for(office, code: str) -> AccountingConnector:
    from ledger.connectors.builtin import BuiltinConnector
    from ledger.connectors.files import FilesConnector

    classes = {BuiltinConnector.code: BuiltinConnector, FilesConnector.code: FilesConnector}
    try:
        return classes[code](office)
    except KeyError:
        raise ConnectorError(f"unknown connector {code!r}") from None


def connector_of(dossier: Dossier) -> AccountingConnector:
    from ledger.models import Books

    books = Books.objects.filter(dossier=dossier).first()
    if books is None:
        from django.utils.translation import gettext as _

        raise ConnectorError(
            "books not activated",
            fixable=True,
            instruction=_("Activate the books of this dossier first."),
        )
    return connector_for(dossier.office, books.connector)
