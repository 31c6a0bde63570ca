"""A strict, line-numbered reader of CODA 2.x files (Febelfin "Coded statement of account").

Why our own reader: `febelfin-coda` reads the good files of the corpus but answers a bad
one with a bare `assert` or `ValueError` and no line, and it cannot say which balance does
not add up. Here every refusal names its line. The layout is the published one
(Febelfin standard 2.6, summarised in shared/BELGIUM.md): fixed 128-character records,
windows-1252, amounts in 15 digits with 3 implied decimals, dates DDMMYY.

Records: 0 header, 1 old balance, 21/22/23 movement, 31/32/33 information, 4 free
communication, 8 new balance, 9 trailer. A movement with detail number 0000 is a line of
the statement; lines with the same sequence and a detail number above 0000 are the details
of a globalised batch: they are kept under their batch and never counted in the balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

RECORD_LENGTH = 128
TRAILER_MIN_LENGTH = 52  # banks are seen cutting the trailer's blank tail


class CodaError(Exception):
    """The file is refused; `text` is a stored message (core.texts), `line` is 1-based."""

    def __init__(self, msgid: str, line: int, **params: object) -> None:
        self.msgid, self.line, self.params = msgid, line, {"line": line, **params}
        super().__init__(msgid % self.params)


@dataclass
class Movement:
    line: int
    sequence: int
    detail: int
    bank_reference: str
    amount: Decimal  # signed: credit > 0, debit < 0
    value_date: dt.date | None
    booking_date: dt.date
    transaction_code: str
    globalisation: int
    structured_communication: str | None = None
    communication: str = ""
    counterparty_name: str = ""
    counterparty_account: str = ""
    counterparty_bic: str = ""
    details: list[Movement] = field(default_factory=list)


@dataclass
class Statement:
    line: int
    creation_date: dt.date
    bank_id: str
    account: str
    account_structure: str
    currency: str
    sequence: int
    paper_sequence: str
    holder: str
    description: str
    opening_balance: Decimal
    opening_date: dt.date
    closing_balance: Decimal = Decimal("0")
    closing_date: dt.date | None = None
    movements: list[Movement] = field(default_factory=list)
    free_communication: str = ""

    @property
    def date(self) -> dt.date:
        return self.closing_date or self.opening_date


def _date(text: str, line: int, what: str, *, optional: bool = False) -> dt.date | None:
    if optional and text.strip("0 ") == "":
        return None
    try:
        day, month, year = int(text[0:2]), int(text[2:4]), int(text[4:6])
        return dt.date(2000 + year if year < 80 else 1900 + year, month, day)
    except ValueError:
        raise CodaError(
            gettext_noop("Line %(line)s: “%(value)s” is not a date (DDMMYY)."),
            line,
            value=text,
        ) from None


def _amount(sign: str, digits: str, line: int) -> Decimal:
    if not digits.isdigit() or sign not in "01":
        raise CodaError(
            gettext_noop("Line %(line)s: the amount “%(value)s” is not a CODA amount."),
            line,
            value=sign + digits,
        )
    value = Decimal(int(digits)) / 1000
    return -value if sign == "1" else value


def _int(text: str, line: int, what: str) -> int:
    if not text.strip().isdigit():
        raise CodaError(
            gettext_noop("Line %(line)s: “%(value)s” is not a number."),
            line,
            value=text,
        )
    return int(text)


def _account(structure: str, zone: str, line: int) -> tuple[str, str]:
    """(account number, currency) from the 37-character zone of records 1 and 8."""
    if structure == "0":  # Belgian BBAN: 12 digits, then the currency
        return zone[0:12].strip(), zone[13:16].strip()
    if structure in "123":  # foreign BBAN, Belgian IBAN, foreign IBAN
        return zone[0:34].strip().replace(" ", ""), zone[34:37].strip()
    raise CodaError(
        gettext_noop("Line %(line)s: unknown account structure “%(value)s”."),
        line,
        value=structure,
    )


def _decode(data: bytes) -> list[str]:
    text = data.decode("cp1252", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.splitlines()


def read(data: bytes) -> list[Statement]:
    """Every statement of the file, or CodaError for the first line that is wrong."""
    lines = _decode(data)
    statements: list[Statement] = []
    current: Statement | None = None
    header: tuple[dt.date, str] | None = None
    movement: Movement | None = None
    last_record = ""
    number = 0
    block_start = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        kind = raw[0]
        limit = TRAILER_MIN_LENGTH if kind == "9" else RECORD_LENGTH
        if len(raw) > RECORD_LENGTH or len(raw) < limit:
            raise CodaError(
                gettext_noop(
                    "Line %(line)s has %(length)s characters; a CODA record has %(expected)s."
                ),
                number,
                length=len(raw),
                expected=RECORD_LENGTH,
            )
        rec = raw.ljust(RECORD_LENGTH)
        if kind == "0":
            if current is not None:
                raise CodaError(
                    gettext_noop("Line %(line)s: a new header before the end of the statement."),
                    number,
                )
            if rec[127] != "2":
                raise CodaError(
                    gettext_noop(
                        "Line %(line)s: CODA version %(value)s is not supported (only version 2)."
                    ),
                    number,
                    value=rec[127].strip() or "?",
                )
            creation = _date(rec[5:11], number, "creation date")
            assert creation is not None
            header = (creation, rec[11:14])
            block_start = len(statements)
        elif kind == "1":
            if header is None or current is not None:
                raise CodaError(
                    gettext_noop("Line %(line)s: an old balance without its header."), number
                )
            account, currency = _account(rec[1], rec[5:42], number)
            opening_date = _date(rec[58:64], number, "old balance date")
            assert opening_date is not None
            current = Statement(
                line=number,
                creation_date=header[0],
                bank_id=header[1],
                account=account,
                account_structure=rec[1],
                currency=currency,
                sequence=_int(rec[125:128], number, "statement sequence"),
                paper_sequence=rec[2:5],
                holder=rec[64:90].strip(),
                description=rec[90:125].strip(),
                opening_balance=_amount(rec[42], rec[43:58], number),
                opening_date=opening_date,
            )
        elif kind == "2":
            movement = _movement_record(rec, number, current, movement, last_record)
        elif kind == "3":
            if current is None or rec[1] not in "123":
                raise _unknown(rec, number)
        elif kind == "4":
            # Some banks put it after the new balance (e.g. "CLOSING AVAILABLE BALANCE").
            target = current or (statements[-1] if statements and header else None)
            if target is None:
                raise _unknown(rec, number)
            target.free_communication = (
                target.free_communication + " " + rec[32:112].strip()
            ).strip()
        elif kind == "8":
            if current is None:
                raise CodaError(
                    gettext_noop("Line %(line)s: a new balance without its old balance."), number
                )
            current.closing_balance = _amount(rec[41], rec[42:57], number)
            current.closing_date = _date(rec[57:63], number, "new balance date")
            _check_balance(current, number)
            statements.append(current)
            current, movement = None, None
        elif kind == "9":
            if current is not None or header is None:
                raise CodaError(
                    gettext_noop("Line %(line)s: the trailer comes before the new balance."),
                    number,
                )
            _check_trailer(rec, number, statements[block_start:])
            header = None
        else:
            raise _unknown(rec, number)
        last_record = rec[:2] if kind in "23" else kind
    if current is not None or header is not None:
        raise CodaError(
            gettext_noop(
                "The file ends at line %(line)s before its statement is closed "
                "(new balance and trailer records): it looks truncated."
            ),
            number,
        )
    if not statements:
        raise CodaError(gettext_noop("Line %(line)s: this file holds no CODA statement."), number)
    return statements


def _unknown(rec: str, number: int) -> CodaError:
    return CodaError(
        gettext_noop("Line %(line)s: unknown record type “%(value)s”."),
        number,
        value=rec[:2].strip(),
    )


def _movement_record(
    rec: str, number: int, current: Statement | None, movement: Movement | None, last: str
) -> Movement | None:
    if current is None or rec[1] not in "123":
        raise _unknown(rec, number)
    sequence = _int(rec[2:6], number, "movement sequence")
    detail = _int(rec[6:10], number, "detail number")
    if rec[1] == "1":
        booking = _date(rec[115:121], number, "booking date")
        assert booking is not None
        new = Movement(
            line=number,
            sequence=sequence,
            detail=detail,
            bank_reference=rec[10:31].strip(),
            amount=_amount(rec[31], rec[32:47], number),
            value_date=_date(rec[47:53], number, "value date", optional=True),
            booking_date=booking,
            transaction_code=rec[53:61],
            globalisation=int(rec[124]) if rec[124].isdigit() else 0,
        )
        if rec[61] == "1" and rec[62:65] in ("101", "102"):
            digits = rec[65:77]
            new.structured_communication = digits if digits.isdigit() else None
            new.communication = _ogm(digits) if digits.isdigit() else rec[62:115].strip()
        else:
            new.communication = rec[62:115].strip()
        parent = current.movements[-1] if current.movements else None
        if detail and parent is not None and parent.sequence == sequence:
            parent.details.append(new)
        else:
            current.movements.append(new)
        return new
    if movement is None or movement.sequence != sequence or movement.detail != detail:
        raise CodaError(
            gettext_noop(
                "Line %(line)s: record 2%(part)s does not follow the movement it continues."
            ),
            number,
            part=rec[1],
        )
    if rec[1] == "2":
        more = rec[10:63].rstrip()
        if more and not movement.structured_communication:
            movement.communication = (movement.communication + " " + more.strip()).strip()
        movement.counterparty_bic = rec[98:109].strip()
    else:
        movement.counterparty_account = rec[10:44].strip().replace(" ", "")
        movement.counterparty_name = rec[47:82].strip()
        more = rec[82:125].strip()
        if more and not movement.structured_communication:
            movement.communication = (movement.communication + " " + more).strip()
    return movement


def _ogm(digits: str) -> str:
    return f"+++{digits[0:3]}/{digits[3:7]}/{digits[7:12]}+++"


def _check_balance(statement: Statement, number: int) -> None:
    total = sum((m.amount for m in statement.movements), Decimal("0"))
    if statement.opening_balance + total != statement.closing_balance:
        raise CodaError(
            gettext_noop(
                "Line %(line)s: the new balance %(closing)s is not the old balance %(opening)s "
                "plus the movements %(total)s."
            ),
            number,
            closing=f"{statement.closing_balance:.2f}",
            opening=f"{statement.opening_balance:.2f}",
            total=f"{total:.2f}",
        )


def _check_trailer(rec: str, number: int, block: list[Statement]) -> None:
    """Record 9 sums the debits and credits of the statements since the header."""
    debit = sum((-m.amount for s in block for m in s.movements if m.amount < 0), Decimal("0"))
    credit = sum((m.amount for s in block for m in s.movements if m.amount > 0), Decimal("0"))
    stated_debit = _amount("0", rec[22:37], number)
    stated_credit = _amount("0", rec[37:52], number)
    if (debit, credit) != (stated_debit, stated_credit):
        raise CodaError(
            gettext_noop(
                "Line %(line)s: the trailer states debits %(stated_debit)s and credits "
                "%(stated_credit)s; the movements add up to %(debit)s and %(credit)s."
            ),
            number,
            stated_debit=f"{stated_debit:.2f}",
            stated_credit=f"{stated_credit:.2f}",
            debit=f"{debit:.2f}",
            credit=f"{credit:.2f}",
        )
