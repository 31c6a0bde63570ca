"""The pain.001 files validate against the XSDs; the EPC payload follows EPC069-12."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from payments.epc import EpcRefused, epc_amount, epc_payload
from payments.sepa import Batch, Transfer, pain001

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
D = Decimal


def _schema(version: str) -> etree.XMLSchema:
    path = CORPUS / "3_sepa_pain001" / f"python-sepaxml__{version}.xsd"
    if not path.exists():
        pytest.skip("conformance corpus not present")
    return etree.XMLSchema(etree.parse(str(path)))


def _batch(**kw) -> Batch:
    base: dict[str, Any] = dict(
        message_id="FIDU20260301ABC",
        created_at=datetime(2026, 3, 1, 10, 0, 0),
        execution_date=date(2026, 3, 2),
        debtor_name="Société Alpha SRL",
        debtor_iban="BE68539007547034",
        debtor_bic="",
        transfers=[
            Transfer(
                "FIDU-1",
                D("121.00"),
                "Garage Dupont & Fils",
                "BE71096123456769",
                "GKCCBEBB",
                ogm="240283842818",
            ),
            Transfer("FIDU-2", D("0.01"), "Zoë Müller", "DE89370400440532013000", text="F 2026/7"),
        ],
    )
    base.update(kw)
    return Batch(**base)


@pytest.mark.parametrize("version", ["pain.001.001.03", "pain.001.001.09"])
def test_pain001_validates_against_the_xsd(version):
    xml = pain001(_batch(), version=version)
    doc = etree.fromstring(xml)
    schema = _schema(version)
    assert schema.validate(doc), schema.error_log
    ns = {"p": f"urn:iso:std:iso:20022:tech:xsd:{version}"}
    assert doc.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns) == "121.01"
    assert doc.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=ns) == "2"
    assert doc.findtext(".//p:Dbtr/p:Nm", namespaces=ns) == "Societe Alpha SRL"
    assert doc.findtext(".//p:CdtrRefInf/p:Ref", namespaces=ns) == "240283842818"
    assert doc.findtext(".//p:CdtrRefInf/p:Tp/p:Issr", namespaces=ns) == "BBA"
    assert doc.findtext(".//p:DbtrAgt//p:Othr/p:Id", namespaces=ns) == "NOTPROVIDED"
    names = doc.findall(".//p:Cdtr/p:Nm", namespaces=ns)
    assert [n.text for n in names] == ["Garage Dupont Fils", "Zoe Muller"]


def test_the_corpus_samples_validate_so_the_schemas_are_the_real_ones():
    for version in ("pain.001.001.03", "pain.001.001.09"):
        sample = (
            CORPUS
            / "3_sepa_pain001"
            / f"python-sepaxml__test_{version[-9:].replace('.', '')}_SAMPLE_RESULT.xml"
        )
        if sample.exists():
            assert _schema(version).validate(etree.parse(str(sample)))


def test_a_service_built_file_validates(world, account):
    from payments.models import OrderStatus
    from payments.services import OrderData, export_create, order_create

    order = order_create(
        actor=world.clients["administrator"],
        dossier=world.dossier,
        data=OrderData(
            account=account,
            amount=D("1234.56"),
            execution_date=date(2020, 1, 1),
            creditor_name="Acme",
            creditor_iban="BE71096123456769",
            communication_kind="free",
            communication="Inv 7",
        ),
    )
    assert order.status == OrderStatus.APPROVED
    export = export_create(
        actor=world.clients["administrator"], dossier=world.dossier, orders=[order]
    )
    schema = _schema("pain.001.001.03")
    assert schema.validate(etree.fromstring(export.xml.encode())), schema.error_log
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPORTED and order.export == export
    assert export.execution_date >= date.today()  # a past date becomes today (G3)
    assert export.total == D("1234.56")


def _vectors():
    return json.loads((CORPUS / "5_epc_qr" / "EPC_TEST_VECTORS.json").read_text())


def test_epc_payload_matches_the_utf8_reference_example():
    v = next(x for x in _vectors()["valid"] if x["id"] == "EPC069-12_v2.1_example1")
    lines = v["lines"]
    payload = epc_payload(
        name=lines[5],
        iban=lines[6],
        bic=lines[4],
        amount=D("12.30"),
        purpose=lines[8],
        reference=lines[9],
    )
    assert payload == "\n".join(lines)
    assert len(payload.encode("utf-8")) == v["encoded_length_bytes"]


def test_epc_payload_matches_the_wikipedia_example():
    v = next(x for x in _vectors()["valid"] if x["id"] == "segno_docs_wikipedia_2")
    lines = v["lines"]
    assert epc_payload(name=lines[5], iban=lines[6], amount=D("13.05"), text=lines[10]) == (
        "\n".join(lines)
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("12.30"), "EUR12.3"),
        ("1000", "EUR1000"),
        (D("2000"), "EUR2000"),
        (D("5.00000"), "EUR5"),
        (D("0.01"), "EUR0.01"),
        (D("999999999.99"), "EUR999999999.99"),
    ],
)
def test_epc_amount_format(value, expected):
    assert epc_amount(value) == expected


@pytest.mark.parametrize("value", [0, D("0.004"), "0.001", "999999999.999", D("9999999990.99")])
def test_epc_amount_out_of_range_is_refused(value):
    with pytest.raises(EpcRefused):
        epc_amount(value)


@pytest.mark.parametrize(
    "kw",
    [
        {"name": ""},
        {"name": "a" * 71},
        {"bic": "BHBLDE"},
        {"bic": "BHBLDEHHXXXX"},
        {"purpose": "x"},
        {"text": "x" * 141},
        {"reference": "x" * 36, "text": ""},
        {"iban": ""},
    ],
)
def test_epc_limits(kw):
    base: dict[str, Any] = {
        "name": "Acme",
        "iban": "BE71096123456769",
        "amount": D("1"),
        "text": "ok",
    }
    base.update(kw)
    with pytest.raises(EpcRefused):
        epc_payload(**base)


def test_epc_at_the_limits_is_accepted():
    p = epc_payload(name="a" * 70, iban="BE71096123456769", amount=D("1"), text="e" * 140)
    assert p.split("\n")[5] == "a" * 70 and p.endswith("e" * 140)
    with pytest.raises(EpcRefused):  # 140 characters, but 280 bytes in UTF-8: over 331
        epc_payload(name="a" * 70, iban="BE71096123456769", amount=D("1"), text="é" * 140)
