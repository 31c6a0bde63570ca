"""EPC QR code (EPC069-12 version 002, G2): the payload Belgian banking apps scan."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

import segno

from payments.checks import ogm_display

MAX_AMOUNT = Decimal("999999999.99")
MAX_BYTES = 331


class EpcRefused(ValueError):
    pass


def epc_amount(value: Decimal | str) -> str:
    """'EUR' and the amount, at most two decimals and no trailing zeros (EUR12.3, EUR1000)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise EpcRefused("amount") from None
    if amount != amount.quantize(Decimal("0.01")) or not Decimal("0.01") <= amount <= MAX_AMOUNT:
        raise EpcRefused("amount")
    text = f"{amount.quantize(Decimal('0.01')):.2f}".rstrip("0").rstrip(".")
    return f"EUR{text}"


def epc_payload(
    *,
    name: str,
    iban: str,
    amount: Decimal | str,
    bic: str = "",
    reference: str = "",
    text: str = "",
    purpose: str = "",
    information: str = "",
) -> str:
    """The lines joined with LF, trailing empty lines left out; raises EpcRefused."""
    if not name or len(name) > 70:
        raise EpcRefused("name")
    if not iban or len(iban) > 34:
        raise EpcRefused("iban")
    if bic and len(bic) not in (8, 11):
        raise EpcRefused("bic")
    if purpose and (len(purpose) != 4 or not purpose.isalnum()):
        raise EpcRefused("purpose")
    if reference and text:
        raise EpcRefused("reference and text")
    if len(reference) > 35:
        raise EpcRefused("reference")
    if len(text) > 140:
        raise EpcRefused("text")
    if len(information) > 70:
        raise EpcRefused("information")
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        bic,
        name,
        iban,
        epc_amount(amount),
        purpose,
        reference,
        text,
        information,
    ]
    while lines[-1] == "":
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > MAX_BYTES:
        raise EpcRefused("length")
    return payload


def order_payload(order) -> str:
    # Belgian apps read the OGM in its +++ form from the remittance text.
    text = ogm_display(order.communication) if order.communication_kind == "structured" else ""
    if order.communication_kind == "free":
        text = order.communication
    return epc_payload(
        name=order.creditor_name,
        iban=order.creditor_iban,
        bic=order.creditor_bic,
        amount=order.amount,
        text=text,
    )


def qr_svg(payload: str) -> bytes:
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False, encoding="utf-8", boost_error=False).save(
        out, kind="svg", scale=4, border=4, title="EPC QR"
    )
    return out.getvalue()


def qr_png(payload: str) -> bytes:
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False, encoding="utf-8", boost_error=False).save(
        out, kind="png", scale=5, border=4
    )
    return out.getvalue()
