"""Sample objects for the permission harness: one per model a ledger route takes an id of."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def _books(dossier):
    from ledger.models import Books
    from ledger.services.setup import books_activate

    if not Books.objects.filter(dossier=dossier).exists():
        books_activate(actor=None, dossier=dossier, year=date.today().year)


def _account(dossier):
    from ledger.models import Account

    _books(dossier)
    return Account.objects.get(dossier=dossier, code="400000")


def _journal(dossier):
    from ledger.models import Journal

    _books(dossier)
    return Journal.objects.get(dossier=dossier, code="OD")


def _entry(dossier):
    from ledger.models import Entry, Period
    from ledger.services.posting import LineSpec, entry_post

    _books(dossier)
    existing = Entry.objects.filter(dossier=dossier).first()
    if existing:
        return existing
    return entry_post(
        actor=None,
        dossier=dossier,
        journal="OD",
        date=Period.objects.filter(dossier=dossier, closed=False).order_by("start").first().start,
        lines=[
            LineSpec("550000", debit=Decimal("10.00")),
            LineSpec("100000", credit=Decimal("10.00")),
        ],
    )


def _import_run(dossier):
    from ledger.services.interchange import import_check

    _books(dossier)
    return import_check(
        actor=None,
        dossier=dossier,
        filename="accounts.csv",
        data=b"code;name_fr;kind\n612345;Divers;expense\n",
    )


SAMPLES = {
    "ledger.Account": _account,
    "ledger.Journal": _journal,
    "ledger.Entry": _entry,
    "ledger.ImportRun": _import_run,
}
