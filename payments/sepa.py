"""SEPA credit-transfer initiation (pain.001.001.03 and .09, G3): one payment information
block for one debtor account, one transaction per order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from payments.checks import sepa_text

VERSIONS = ("pain.001.001.03", "pain.001.001.09")


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    creditor_iban: str
    creditor_bic: str = ""
    ogm: str = ""  # 12 digits: a Belgian structured reference (issuer BBA)
    text: str = ""  # free remittance text


@dataclass(frozen=True)
class Batch:
    message_id: str
    created_at: datetime
    execution_date: date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str
    transfers: list[Transfer]


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def pain001(batch: Batch, version: str = "pain.001.001.03") -> bytes:
    if version not in VERSIONS:
        raise ValueError(version)
    v09 = version.endswith("09")
    ns = f"urn:iso:std:iso:20022:tech:xsd:{version}"

    def el(parent, tag: str, text: str | None = None, **attrs):
        node = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
        if text is not None:
            node.text = text
        return node

    def agent(parent, tag: str, bic: str):
        fin = el(el(parent, tag), "FinInstnId")
        if bic:
            el(fin, "BICFI" if v09 else "BIC", bic)
        else:
            # The bank derives it from the IBAN (SEPA "IBAN only").
            el(el(fin, "Othr"), "Id", "NOTPROVIDED")

    total = sum((t.amount for t in batch.transfers), Decimal("0"))
    count = str(len(batch.transfers))
    root = etree.Element(f"{{{ns}}}Document", nsmap={None: ns})
    initiation = el(root, "CstmrCdtTrfInitn")
    header = el(initiation, "GrpHdr")
    el(header, "MsgId", batch.message_id)
    el(header, "CreDtTm", batch.created_at.strftime("%Y-%m-%dT%H:%M:%S"))
    el(header, "NbOfTxs", count)
    el(header, "CtrlSum", _amount(total))
    el(el(header, "InitgPty"), "Nm", sepa_text(batch.debtor_name, 70))

    info = el(initiation, "PmtInf")
    el(info, "PmtInfId", batch.message_id)
    el(info, "PmtMtd", "TRF")
    el(info, "BtchBookg", "false")
    el(info, "NbOfTxs", count)
    el(info, "CtrlSum", _amount(total))
    el(el(el(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    if v09:
        el(el(info, "ReqdExctnDt"), "Dt", batch.execution_date.isoformat())
    else:
        el(info, "ReqdExctnDt", batch.execution_date.isoformat())
    el(el(info, "Dbtr"), "Nm", sepa_text(batch.debtor_name, 70))
    el(el(el(info, "DbtrAcct"), "Id"), "IBAN", batch.debtor_iban)
    agent(info, "DbtrAgt", batch.debtor_bic)
    el(info, "ChrgBr", "SLEV")

    for t in batch.transfers:
        tx = el(info, "CdtTrfTxInf")
        el(el(tx, "PmtId"), "EndToEndId", sepa_text(t.end_to_end_id, 35))
        el(el(tx, "Amt"), "InstdAmt", _amount(t.amount), Ccy="EUR")
        if t.creditor_bic:
            agent(tx, "CdtrAgt", t.creditor_bic)
        el(el(tx, "Cdtr"), "Nm", sepa_text(t.creditor_name, 70))
        el(el(el(tx, "CdtrAcct"), "Id"), "IBAN", t.creditor_iban)
        if t.ogm or t.text:
            remittance = el(tx, "RmtInf")
            if t.ogm:
                ref = el(el(remittance, "Strd"), "CdtrRefInf")
                kind = el(ref, "Tp")
                el(el(kind, "CdOrPrtry"), "Cd", "SCOR")
                el(kind, "Issr", "BBA")
                el(ref, "Ref", t.ogm)
            else:
                el(remittance, "Ustrd", sepa_text(t.text, 140))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
