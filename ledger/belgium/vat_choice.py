"""Which purchase VAT code an invoice calls for: the supplier's country, the kind of
purchase and what the invoice charges.

The place of supply decides who owes the VAT (Belgian VAT Code, art. 14-21bis; EU
Directive 2006/112/EC, art. 44 and 138/196):
- a Belgian supplier charges Belgian VAT, or none on an exempt supply (art. 44), or
  none because the Belgian buyer owes it as co-contractor (Royal Decree no. 1, art. 20);
- a supplier of another member state charging no VAT on a B2B supply: the Belgian buyer
  self-assesses (intra-EU acquisition of goods, art. 25bis; services, art. 21 §2 and
  art. 51 §2 1°); the invoice says "reverse charge" / "autoliquidation" /
  "Steuerschuldnerschaft des Leistungsempfängers" (Directive art. 226 11a);
- a supplier outside the EU charging no VAT on services: the Belgian buyer
  self-assesses (art. 51 §2 1°); goods come in through customs (import VAT on the
  customs declaration), so their invoice carries no Belgian VAT;
- a foreign supplier charging its own country's VAT (hotel, fuel, a restaurant abroad,
  a non-registered sale): that VAT is not deductible in a Belgian return (only through
  the foreign refund procedure, Directive 2008/9/EC), so it is part of the cost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Member states by VAT prefix (Greece's VAT numbers start EL; XI is Northern Ireland,
# which stays in the EU VAT area for goods).
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "XI",
    ]
)

REVERSE_CHARGE_WORDS = (
    "reverse charge",
    "autoliquidation",
    "auto-liquidation",
    "verlegd",
    "verleggingsregeling",
    "btw verlegd",
    "steuerschuldnerschaft des leistungsempfangers",
    "reverse-charge",
    "article 196",
    "art. 196",
    "artikel 196",
    "art 196",
    "inversione contabile",
    "inversion del sujeto pasivo",
    "autoliquidacion",
)

ZERO = Decimal("0")


def _fold(text: str) -> str:
    """Lower case without accents: "Leistungsempfänger" and "exonéré" match plain words."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain.lower())


def mentions_reverse_charge(text: str) -> bool:
    folded = _fold(text)
    return any(w in folded for w in REVERSE_CHARGE_WORDS)


def supplier_country(vat_number: str = "", iban: str = "", address_country: str = "") -> str:
    """The supplier's country: VAT number prefix, then IBAN country, then address.

    The VAT number is the surest (it is the identity the supply is made under); an
    address country is last because a counterparty's country defaults to BE.
    """
    for value in (vat_number, iban):
        prefix = re.sub(r"[^A-Z]", "", (value or "").upper()[:2])
        if len(prefix) == 2:
            return "GR" if prefix == "EL" else prefix
    return (address_country or "").upper()[:2]


def region_of(country: str) -> str:
    if not country or country == "BE":
        return "BE"
    return "EU" if country in EU_COUNTRIES or country == "GR" else "NONEU"


def kind_of_account(code: str) -> str:
    """Goods / services / investments from the PCMN class (Royal Decree 12.09.1983):
    class 2 fixed assets are investments (box 83), 60 purchases of goods (box 81),
    the other charges services and miscellaneous goods (box 82)."""
    if code.startswith("2"):
        return "investments"
    if code.startswith(("60", "3")):
        return "goods"
    return "services"


@dataclass(frozen=True)
class Invoice:
    """What the decision needs to know; `vat_charged` is the invoice's VAT total."""

    country: str
    kind: str  # goods | services | investments
    vat_charged: Decimal | None
    rate: Decimal | None = None  # the Belgian rate the charged VAT matches, if any
    text: str = ""


@dataclass(frozen=True)
class Choice:
    treatment: str
    code: str  # the code of ledger.belgium.vat's table


LETTER = {"goods": "G", "services": "S", "investments": "I"}

# (region, VAT charged?) -> treatment. A mention of reverse charge or exemption refines it.
TABLE = {
    ("BE", True): "be_vat",
    ("BE", False): "be_exempt",
    ("EU", True): "foreign_vat",
    ("EU", False): "eu_reverse_charge",
    ("NONEU", True): "foreign_vat",
    ("NONEU", False): "noneu_reverse_charge",
}


def choose_purchase_code(inv: Invoice) -> Choice:
    region = region_of(inv.country)
    charged = inv.vat_charged is not None and inv.vat_charged != ZERO
    treatment = TABLE[(region, charged)]
    letter = LETTER.get(inv.kind, "S")
    if treatment == "be_vat":
        rate = inv.rate if inv.rate is not None else Decimal("21")
        # Codes are named by whole rates (A21S), whatever the scale of the Decimal.
        return Choice(treatment, f"A{int(rate) if rate == int(rate) else rate}{letter}")
    if treatment == "be_exempt":
        # A Belgian supplier invoicing without VAT because the buyer owes it (works on
        # immovable property and the other co-contractor cases, Royal Decree no. 1,
        # art. 20) says so on the invoice; otherwise the supply is exempt (art. 44).
        if mentions_reverse_charge(inv.text):
            return Choice("be_cocontractant", f"AC21{letter}")
        return Choice(treatment, f"A0{letter}")
    if treatment == "foreign_vat":
        return Choice(treatment, f"AF{letter}")
    if treatment == "eu_reverse_charge":
        # The Belgian rate applies to the self-assessment; 21 % unless the office knows
        # better (the person changes it on the proposal).
        return Choice(treatment, f"AE21{letter}")
    # Outside the EU: services are self-assessed (art. 51 §2 1°); goods pay import VAT
    # at customs (a separate document), so their invoice gets no Belgian VAT at all,
    # unless it says the buyer owes the VAT (import with deferral, ET 14.000 licence).
    if inv.kind == "goods" and not mentions_reverse_charge(inv.text):
        return Choice("import", "A0G")
    return Choice(treatment, f"AX21{letter}")
