"""Benchmark: a SEPA credit-transfer file of 1,000 payments generated and validated against
the official XSD (issue 15: <= 1 s), for pain.001.001.03 and .09.

    .venv/bin/python bench/payments/run.py
    .venv/bin/python bench/payments/run.py --payments 5000

The payments mix Belgian structured communications (mod-97 checked), free texts with
accents to fold, and creditors with and without a BIC. Schemas are read from
../shared/corpus/3_sepa_pain001 once, outside the timing (a server keeps them loaded).
Timed: building the file (pain001) and validating it; NbOfTxs and CtrlSum are checked.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_S = 1.0
CORPUS = ROOT / ".." / "shared" / "corpus" / "3_sepa_pain001"
IBANS = [("BE71096123456769", "GKCCBEBB"), ("BE62510007547061", ""), ("NL91ABNA0417164300", "")]


def ogm(n: int) -> str:
    base = n % 10**10
    check = base % 97 or 97
    return f"{base:010d}{check:02d}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=1000)
    args = parser.parse_args()

    from lxml import etree

    from payments.sepa import Batch, Transfer, pain001

    rng = random.Random(15)
    transfers = []
    for i in range(args.payments):
        iban, bic = IBANS[i % len(IBANS)]
        amount = Decimal(rng.randint(1, 5_000_000)) / 100
        structured = i % 2 == 0
        transfers.append(
            Transfer(
                end_to_end_id=f"FIDU-{i}",
                amount=amount,
                creditor_name=f"Fournisseur Élève & Fils n°{i}",
                creditor_iban=iban,
                creditor_bic=bic,
                ogm=ogm(rng.randint(1, 10**10 - 1)) if structured else "",
                text="" if structured else f"Facture {i} – réf. ÄÖÜ",
            )
        )
    expected_total = sum((t.amount for t in transfers), Decimal("0"))
    worst = 0.0
    for version in ("pain.001.001.03", "pain.001.001.09"):
        xsd = CORPUS / f"python-sepaxml__{version}.xsd"
        if not xsd.exists():
            print(f"{version}: schema not found at {xsd}; skipped")
            continue
        schema = etree.XMLSchema(etree.parse(str(xsd)))
        batch = Batch(
            message_id="FIDUBENCH",
            created_at=datetime(2026, 3, 1, 10, 0, 0),
            execution_date=date(2026, 3, 2),
            debtor_name="Boulangerie Dupont SRL",
            debtor_iban="BE68539007547034",
            debtor_bic="",
            transfers=transfers,
        )
        start = time.perf_counter()
        xml = pain001(batch, version=version)
        built = time.perf_counter()
        doc = etree.fromstring(xml)
        valid = schema.validate(doc)
        done = time.perf_counter()
        ns = {"p": f"urn:iso:std:iso:20022:tech:xsd:{version}"}
        count = doc.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=ns)
        total = doc.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=ns)
        if not valid:
            sys.exit(f"{version}: INVALID: {schema.error_log}")
        if count != str(args.payments) or Decimal(total or "0") != expected_total:
            sys.exit(f"{version}: NbOfTxs {count} / CtrlSum {total} do not match")
        seconds = done - start
        worst = max(worst, seconds)
        print(
            f"{version}: {args.payments} payments, {len(xml) / 1024:.0f} KiB, "
            f"built in {built - start:.3f} s, validated in {done - built:.3f} s, "
            f"total {seconds:.3f} s (target <= {TARGET_S} s); CtrlSum {total}"
        )
    if worst > TARGET_S and args.payments <= 1000:
        sys.exit(f"too slow: {worst:.3f} s > {TARGET_S} s")


if __name__ == "__main__":
    main()
