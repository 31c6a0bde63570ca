"""Builders of CODA files for tests: real 128-character records from a few values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def _amt(value: Decimal) -> tuple[str, str]:
    return ("1" if value < 0 else "0"), f"{int(abs(value) * 1000):015d}"


def _d(day: dt.date) -> str:
    return day.strftime("%d%m%y")


def coda_file(
    *,
    account: str = "BE68539007547034",
    sequence: int = 1,
    opening: Decimal = Decimal("1000.00"),
    day: dt.date = dt.date(2026, 3, 2),
    movements: list[tuple[Decimal, str, str, str]] = (),  # (amount, name, iban, communication)
    closing: Decimal | None = None,
    version: str = "2",
) -> bytes:
    """One statement; communication of 12 digits is written as a structured one (type 101)."""
    lines = [("0000" + "0" + _d(day) + "000" + "05").ljust(127) + version]
    sign, digits = _amt(opening)
    lines.append(
        "12"
        + f"{sequence:03d}"
        + account.ljust(34)
        + "EUR"
        + sign
        + digits
        + _d(day - dt.timedelta(days=1))
        + "ALPHA SRL".ljust(26)
        + "Compte courant".ljust(35)
        + f"{sequence:03d}"
    )
    total = Decimal("0")
    debit = credit = Decimal("0")
    for i, (value, name, iban, comm) in enumerate(movements, start=1):
        total += value
        debit += -value if value < 0 else 0
        credit += value if value > 0 else 0
        sign, digits = _amt(value)
        if comm.isdigit() and len(comm) == 12:
            zone = "1" + ("101" + comm).ljust(53)
        else:
            zone = "0" + comm.ljust(53)[:53]
        lines.append(
            "21"
            + f"{i:04d}"
            + "0000"
            + f"REF{i:018d}"
            + sign
            + digits
            + _d(day)
            + "00150000"
            + zone
            + _d(day)
            + f"{sequence:03d}"
            + "0"
            + "1"
            + " "
            + "0"
        )
        lines.append(
            ("22" + f"{i:04d}" + "0000" + " " * 53 + " " * 35 + "GEBABEBB".ljust(11)).ljust(125)
            + "1 0"
        )
        lines.append(
            ("23" + f"{i:04d}" + "0000" + iban.ljust(34) + "EUR" + name.ljust(35)).ljust(125)
            + "0 0"
        )
    closing = opening + total if closing is None else closing
    sign, digits = _amt(closing)
    lines.append(
        ("8" + f"{sequence:03d}" + account.ljust(34) + "EUR" + sign + digits + _d(day)).ljust(127)
        + "0"
    )
    lines.append(
        ("9" + " " * 15 + f"{len(lines) - 1:06d}" + _amt(debit)[1] + _amt(credit)[1]).ljust(127)
        + "2"
    )
    assert all(len(line) == 128 for line in lines), [len(line) for line in lines]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
