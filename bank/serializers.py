"""The JSON shape of statements and movements, shared by `coda_import --json` and the API."""

from __future__ import annotations

from typing import Any

from bank.models import Movement, Statement


def money(value: Any) -> str:
    return f"{value:.2f}" if value == value.quantize(value.__class__("0.01")) else str(value)


def movement_json(m: Movement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "amount": money(m.amount),
        "booking_date": m.booking_date.isoformat(),
        "value_date": m.value_date.isoformat() if m.value_date else None,
        "counterparty_name": m.counterparty_name,
        "counterparty_account": m.counterparty_account,
        "structured_communication": m.structured_communication or None,
        "communication": m.communication,
        "bank_reference": m.bank_reference,
        "matched": m.matched,
        "details": [movement_json(d) for d in m.details.all()] if m.detail == 0 else [],
    }


def statement_json(s: Statement, *, file: str = "", created: bool | None = None) -> dict:
    out: dict[str, Any] = {
        "id": s.pk,
        "file": file or s.file_name,
        "account": s.account.number,
        "currency": s.currency,
        "sequence": s.sequence,
        "date": s.date.isoformat(),
        "opening_balance": money(s.opening_balance),
        "closing_balance": money(s.closing_balance),
        "movements": [
            movement_json(m) for m in s.movements.filter(parent=None).prefetch_related("details")
        ],
    }
    if created is not None:
        out["created"] = created
    return out
