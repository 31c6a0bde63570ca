"""The purchase VAT code follows the supplier's country, the kind of purchase and what
the invoice charges (ledger.belgium.vat_choice), one case per row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.belgium.vat import vat_codes
from ledger.belgium.vat_choice import (
    Invoice,
    choose_purchase_code,
    kind_of_account,
    mentions_reverse_charge,
    supplier_country,
)

D = Decimal
CASES = [
    # (case, country, kind, VAT charged, Belgian rate matched, words) -> (treatment, code)
    (
        "NL supplier charging NL VAT",
        "NL",
        "services",
        D("21.00"),
        D("21"),
        "",
        "foreign_vat",
        "AFS",
    ),
    ("NL supplier charging 9 % NL VAT", "NL", "goods", D("9.00"), None, "", "foreign_vat", "AFG"),
    (
        "DE supplier, 0 VAT, Steuerschuldnerschaft des Leistungsempfängers",
        "DE",
        "services",
        D("0"),
        D("0"),
        "Steuerschuldnerschaft des Leistungsempfängers",
        "eu_reverse_charge",
        "AE21S",
    ),
    (
        "DE supplier, 0 VAT, reverse charge",
        "DE",
        "services",
        D("0"),
        D("0"),
        "Reverse charge",
        "eu_reverse_charge",
        "AE21S",
    ),
    (
        "DE supplier, 0 VAT, autoliquidation",
        "DE",
        "goods",
        D("0"),
        D("0"),
        "Autoliquidation",
        "eu_reverse_charge",
        "AE21G",
    ),
    (
        "FR goods, intra-EU",
        "FR",
        "goods",
        D("0"),
        D("0"),
        "Exonération TVA, art. 262 ter I CGI",
        "eu_reverse_charge",
        "AE21G",
    ),
    ("FR machine, intra-EU", "FR", "investments", D("0"), D("0"), "", "eu_reverse_charge", "AE21I"),
    ("US service supplier", "US", "services", D("0"), D("0"), "", "noneu_reverse_charge", "AX21S"),
    (
        "US software (investment)",
        "US",
        "investments",
        D("0"),
        D("0"),
        "",
        "noneu_reverse_charge",
        "AX21I",
    ),
    ("CN goods: import VAT at customs", "CN", "goods", D("0"), D("0"), "", "import", "A0G"),
    (
        "CN goods, buyer owes VAT (deferral)",
        "CN",
        "goods",
        D("0"),
        D("0"),
        "reverse charge",
        "noneu_reverse_charge",
        "AX21G",
    ),
    ("CH hotel charging Swiss VAT", "CH", "services", D("8.10"), None, "", "foreign_vat", "AFS"),
    ("BE supplier 21 %", "BE", "services", D("21.00"), D("21"), "", "be_vat", "A21S"),
    ("BE supplier 6 %", "BE", "goods", D("6.00"), D("6"), "", "be_vat", "A6G"),
    (
        "BE supplier 0 %, exempt",
        "BE",
        "services",
        D("0"),
        D("0"),
        "Exonération art. 44",
        "be_exempt",
        "A0S",
    ),
    (
        "BE contractor, autoliquidation",
        "BE",
        "services",
        D("0"),
        D("0"),
        "Autoliquidation - cocontractant",
        "be_cocontractant",
        "AC21S",
    ),
]


@pytest.mark.parametrize(
    "case,country,kind,charged,rate,text,treatment,code", CASES, ids=[c[0] for c in CASES]
)
def test_the_code_follows_country_kind_and_charged_vat(
    case, country, kind, charged, rate, text, treatment, code
):
    got = choose_purchase_code(
        Invoice(country=country, kind=kind, vat_charged=charged, rate=rate, text=text)
    )
    assert (got.treatment, got.code) == (treatment, code)


def test_a_rate_read_from_the_database_names_the_same_code():
    inv = Invoice(country="BE", kind="services", vat_charged=D("12.00"), rate=D("12.00"))
    assert choose_purchase_code(inv).code == "A12S"


def test_every_proposed_code_exists_in_the_table():
    table = {c.code for c in vat_codes()}
    assert {c[-1] for c in CASES} <= table


@pytest.mark.parametrize(
    "vat,iban,address,country",
    [
        ("NL859327046B01", "", "BE", "NL"),  # the VAT prefix wins over a default address
        ("", "DE89370400440532013000", "BE", "DE"),
        ("", "", "US", "US"),
        ("EL094259216", "", "", "GR"),
        ("0403170701", "", "BE", "BE"),  # digits only: not a prefix, fall to the address
        ("", "", "", ""),
    ],
)
def test_supplier_country(vat, iban, address, country):
    assert supplier_country(vat, iban, address) == country


def test_kind_from_the_account_class():
    assert kind_of_account("604000") == "goods"
    assert kind_of_account("613000") == "services"
    assert kind_of_account("230000") == "investments"


def test_reverse_charge_mentions_in_four_languages():
    for words in (
        "BTW verlegd",
        "Autoliquidation",
        "STEUERSCHULDNERSCHAFT DES LEISTUNGSEMPFANGERS",
        "VAT reverse-charge",
    ):
        assert mentions_reverse_charge(words), words
    assert not mentions_reverse_charge("TVA 21 % comprise")
