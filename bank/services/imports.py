"""Importing CODA files (E1): all or nothing per file, the same file twice stores nothing new.

The file's bytes are stored durably first (core.storage) so the office can always see
what was sent; then each statement is checked against the previous statement of its
account (balances follow on, numbers do not skip) and stored with its movements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from bank.coda.reader import CodaError, read
from bank.coda.reader import Movement as ParsedMovement
from bank.coda.reader import Statement as Parsed
from bank.models import BankAccount, Movement, Statement
from bank.services.bulk import insert_rows
from core.audit import audit_log
from core.storage import blob_put
from core.texts import stored


class CodaRefused(Exception):
    """Nothing of the file was stored; `text` is a stored message, `line` the 1-based line."""

    def __init__(self, text: dict, line: int | None) -> None:
        self.text, self.line = text, line
        super().__init__(text["msgid"] % text.get("params", {}))


@dataclass
class ImportedStatement:
    statement: Statement
    created: bool
    parsed: Parsed
    account_created: bool = False


@dataclass
class ImportReport:
    file_name: str
    statements: list[ImportedStatement] = field(default_factory=list)

    @property
    def accounts_created(self) -> list[str]:
        return [s.statement.account.number for s in self.statements if s.account_created]


def coda_import(
    *, dossier: Any, data: bytes, file_name: str = "", actor: Any = None
) -> ImportReport:
    try:
        parsed = read(data)
    except CodaError as exc:
        raise CodaRefused(stored(exc.msgid, **exc.params), exc.line) from None
    blob = blob_put(data, content_type="text/plain")
    report = ImportReport(file_name=file_name)
    with transaction.atomic():
        for statement in parsed:
            report.statements.append(_store(dossier, statement, blob, file_name, actor))
        created = [s for s in report.statements if s.created]
        if created:
            audit_log(
                actor=actor,
                action="bank.coda_imported",
                obj=dossier,
                data={
                    "file": file_name,
                    "sha256": blob.sha256,
                    "statements": [s.statement.pk for s in created],
                    "accounts_created": report.accounts_created,
                },
            )
    return report


def _refuse(msgid: str, line: int, **params: Any) -> CodaRefused:
    return CodaRefused(stored(msgid, line=line, **params), line)


def _account_for(dossier: Any, parsed: Parsed) -> tuple[BankAccount, bool]:
    elsewhere = (
        BankAccount.objects.filter(dossier__office_id=dossier.office_id, number=parsed.account)
        .exclude(dossier=dossier)
        .exists()
    )
    if elsewhere:
        raise _refuse(
            gettext_noop(
                "Line %(line)s: the account %(account)s belongs to another dossier of the office."
            ),
            parsed.line,
            account=parsed.account,
        )
    return BankAccount.objects.get_or_create(
        dossier=dossier,
        number=parsed.account,
        defaults={
            "currency": parsed.currency or "EUR",
            "holder": parsed.holder[:100],
            "description": parsed.description[:100],
        },
    )


def _store(
    dossier: Any, parsed: Parsed, blob: Any, file_name: str, actor: Any
) -> ImportedStatement:
    account, account_created = _account_for(dossier, parsed)
    existing = Statement.objects.filter(
        account=account, sequence=parsed.sequence, date=parsed.date
    ).first()
    if existing is not None:
        return ImportedStatement(existing, False, parsed)
    _check_follows(account, parsed)
    statement = Statement.objects.create(
        account=account,
        dossier=dossier,
        sequence=parsed.sequence,
        date=parsed.date,
        opening_balance=parsed.opening_balance,
        opening_date=parsed.opening_date,
        closing_balance=parsed.closing_balance,
        currency=parsed.currency or account.currency,
        file=blob,
        file_name=file_name[:255],
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    insert_rows(Movement, MOVEMENT_FIELDS, (_row(statement, m, None) for m in parsed.movements))
    if any(m.details for m in parsed.movements):
        parents = dict(
            Movement.objects.filter(statement=statement, parent=None).values_list("sequence", "pk")
        )
        insert_rows(
            Movement,
            MOVEMENT_FIELDS,
            (_row(statement, d, parents[m.sequence]) for m in parsed.movements for d in m.details),
        )
    return ImportedStatement(statement, True, parsed, account_created)


MOVEMENT_FIELDS = [
    "statement",
    "dossier",
    "account",
    "parent",
    "sequence",
    "detail",
    "amount",
    "booking_date",
    "value_date",
    "counterparty_name",
    "counterparty_account",
    "counterparty_bic",
    "structured_communication",
    "communication",
    "bank_reference",
    "transaction_code",
    "matched",
]


def _row(statement: Statement, m: ParsedMovement, parent_id: int | None) -> tuple:
    """A movement as a row of MOVEMENT_FIELDS (see bank.services.bulk for why not bulk_create)."""
    return (
        statement.pk,
        statement.dossier_id,
        statement.account_id,
        parent_id,
        m.sequence,
        m.detail,
        m.amount,
        m.booking_date,
        m.value_date,
        m.counterparty_name[:100],
        m.counterparty_account[:34],
        m.counterparty_bic[:11],
        m.structured_communication or "",
        m.communication,
        m.bank_reference[:21],
        m.transaction_code,
        False,
    )


def _check_follows(account: BankAccount, parsed: Parsed) -> None:
    """The previous statement of the account closes where this one opens; numbers do not skip.

    Numbering starts again at 1 each year, so a first statement of a year follows any.
    """
    previous = (
        Statement.objects.filter(account=account, date__lte=parsed.date)
        .order_by("-date", "-sequence")
        .first()
    )
    if previous is None:
        return
    if previous.closing_balance != parsed.opening_balance:
        raise _refuse(
            gettext_noop(
                "Line %(line)s: statement %(sequence)s opens at %(opening)s but the previous "
                "statement %(previous)s closed at %(closing)s."
            ),
            parsed.line,
            sequence=parsed.sequence,
            opening=f"{parsed.opening_balance:.2f}",
            previous=previous.sequence,
            closing=f"{previous.closing_balance:.2f}",
        )
    new_year = parsed.date.year != previous.date.year and parsed.sequence == 1
    if parsed.sequence != previous.sequence + 1 and not new_year:
        raise _refuse(
            gettext_noop(
                "Line %(line)s: statement %(sequence)s follows statement %(previous)s: "
                "the statements in between are missing."
            ),
            parsed.line,
            sequence=parsed.sequence,
            previous=previous.sequence,
        )
