"""Belgian VAT codes and the boxes of the periodic VAT return (form 625) they feed.

Boxes, from SPF Finances / FOD Financiën, "Grilles de la déclaration périodique à la
TVA / Roosters van de periodieke btw-aangifte":
- sales: 00/01/02/03 operations at 0/6/12/21 %, 44 intra-EU services, 45 operations
  where the Belgian co-contractor owes the VAT, 46 intra-EU supplies of goods,
  47 other exempt operations and exports, 48 credit notes on 44/46, 49 other credit
  notes issued; VAT 54 due, 64 to recover on credit notes issued;
- purchases: 81 trade goods and raw materials, 82 services and miscellaneous goods,
  83 investments, 84 credit notes received on 86/88, 85 other credit notes received,
  86 intra-EU acquisitions of goods, 87 other incoming operations where the buyer owes
  the VAT (services from outside the EU, Belgian co-contractor), 88 intra-EU services;
  VAT due 55 (on 86/88), 56 (on 87), 57 (imports); 59 deductible VAT; 63 VAT to pay back
  on credit notes received.
Rates (BELGIUM.md): 21 % standard, 12 %, 6 %, 0 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

RATES = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))
PURCHASE_KIND_GRID = {"goods": "81", "services": "82", "investments": "83"}
SALES_RATE_GRID = {Decimal("0"): "00", Decimal("6"): "01", Decimal("12"): "02", Decimal("21"): "03"}

KIND_LETTER = {"goods": "G", "services": "S", "investments": "I"}
KIND_NAMES = {
    "goods": ("biens", "goederen", "goods", "Waren"),
    "services": ("services", "diensten", "services", "Dienstleistungen"),
    "investments": ("investissements", "investeringen", "investments", "Investitionen"),
}
REGION_NAMES = {
    "BE": ("Belgique", "België", "Belgium", "Belgien"),
    "EU": ("UE", "EU", "EU", "EU"),
    "NONEU": ("hors UE", "buiten EU", "outside EU", "außerhalb EU"),
    "COCON": (
        "cocontractant Belgique",
        "medecontractant België",
        "Belgian co-contractor",
        "belgischer Vertragspartner",
    ),
}
FOREIGN_VAT = (
    "Achats avec TVA étrangère (non déductible)",
    "Aankopen met buitenlandse btw (niet aftrekbaar)",
    "Purchases with foreign VAT (not deductible)",
    "Einkäufe mit ausländischer MwSt (nicht abziehbar)",
)


@dataclass(frozen=True)
class VatCodeData:
    code: str
    direction: str  # "purchase" | "sale"
    rate: Decimal
    kind: str
    region: str
    base_grids: str
    vat_grid: str = ""
    due_vat_grid: str = ""
    credit_note_base_grid: str = ""
    credit_note_vat_grid: str = ""
    reverse_charge: bool = False
    vat_account: str = ""  # 411000 deductible / 451000 payable
    due_vat_account: str = ""
    deductible_percent: Decimal = Decimal("100")
    names: tuple[str, str, str, str] = ("", "", "", "")


def _names(prefix: tuple[str, str, str, str], rate: Decimal, kind: str, region: str):
    k = KIND_NAMES[kind]
    r = REGION_NAMES[region]
    return tuple(f"{prefix[i]} {rate:g} % {k[i]} {r[i]}" for i in range(4))


PURCHASE = ("Achats", "Aankopen", "Purchases", "Einkäufe")
SALES = ("Ventes", "Verkopen", "Sales", "Verkäufe")


def vat_codes() -> list[VatCodeData]:
    codes: list[VatCodeData] = []
    for kind in ("goods", "services", "investments"):
        letter = KIND_LETTER[kind]
        grid = PURCHASE_KIND_GRID[kind]
        for rate in RATES:
            # Belgian purchases: base in 81/82/83, deductible VAT in 59.
            codes.append(
                VatCodeData(
                    code=f"A{rate:g}{letter}",
                    direction="purchase",
                    rate=rate,
                    kind=kind,
                    region="BE",
                    base_grids=grid,
                    vat_grid="59" if rate else "",
                    credit_note_base_grid="85",
                    credit_note_vat_grid="63" if rate else "",
                    vat_account="411000" if rate else "",
                    names=_names(PURCHASE, rate, kind, "BE"),
                )
            )
        for rate in RATES[:3]:
            # Intra-EU acquisitions: reverse charge at the Belgian rate, due in 55 and
            # deducted in 59; goods also in 86, services in 88.
            eu_grid = "88" if kind == "services" else "86"
            codes.append(
                VatCodeData(
                    code=f"AE{rate:g}{letter}",
                    direction="purchase",
                    rate=rate,
                    kind=kind,
                    region="EU",
                    base_grids=f"{grid},{eu_grid}",
                    vat_grid="59",
                    due_vat_grid="55",
                    credit_note_base_grid="84",
                    credit_note_vat_grid="63",
                    reverse_charge=True,
                    vat_account="411000",
                    due_vat_account="451000",
                    names=_names(PURCHASE, rate, kind, "EU"),
                )
            )
            # Outside the EU: services (and goods under reverse charge) in 87, VAT due 56
            # (57 for imports with deferral; the office picks per case).
            codes.append(
                VatCodeData(
                    code=f"AX{rate:g}{letter}",
                    direction="purchase",
                    rate=rate,
                    kind=kind,
                    region="NONEU",
                    base_grids=f"{grid},87",
                    vat_grid="59",
                    due_vat_grid="57" if kind == "goods" else "56",
                    credit_note_base_grid="85",
                    credit_note_vat_grid="63",
                    reverse_charge=True,
                    vat_account="411000",
                    due_vat_account="451000",
                    names=_names(PURCHASE, rate, kind, "NONEU"),
                )
            )
            # A Belgian supplier under the co-contractor rule (Royal Decree no. 1, art. 20:
            # works on immovable property, ...): base in 87 too, VAT due 56, deducted 59.
            codes.append(
                VatCodeData(
                    code=f"AC{rate:g}{letter}",
                    direction="purchase",
                    rate=rate,
                    kind=kind,
                    region="BE",
                    base_grids=f"{grid},87",
                    vat_grid="59",
                    due_vat_grid="56",
                    credit_note_base_grid="85",
                    credit_note_vat_grid="63",
                    reverse_charge=True,
                    vat_account="411000",
                    due_vat_account="451000",
                    names=_names(PURCHASE, rate, kind, "COCON"),
                )
            )
        # Foreign VAT charged by a foreign supplier is no Belgian operation and not
        # deductible in the Belgian return: no box, and posting moves the VAT to the cost.
        codes.append(
            VatCodeData(
                code=f"AF{letter}",
                direction="purchase",
                rate=Decimal("0"),
                kind=kind,
                region="ABRD",
                base_grids="",
                vat_account="411000",
                deductible_percent=Decimal("0"),
                names=tuple(f"{FOREIGN_VAT[i]} {KIND_NAMES[kind][i]}" for i in range(4)),
            )
        )
    for kind in ("goods", "services"):
        letter = KIND_LETTER[kind]
        for rate in RATES:
            codes.append(
                VatCodeData(
                    code=f"V{rate:g}{letter}",
                    direction="sale",
                    rate=rate,
                    kind=kind,
                    region="BE",
                    base_grids=SALES_RATE_GRID[rate],
                    vat_grid="54" if rate else "",
                    credit_note_base_grid="49",
                    credit_note_vat_grid="64" if rate else "",
                    vat_account="451000" if rate else "",
                    names=_names(SALES, rate, kind, "BE"),
                )
            )
        codes.append(
            VatCodeData(
                code=f"VE{letter}",
                direction="sale",
                rate=Decimal("0"),
                kind=kind,
                region="EU",
                base_grids="44" if kind == "services" else "46",
                credit_note_base_grid="48",
                names=_names(SALES, Decimal("0"), kind, "EU"),
            )
        )
        codes.append(
            VatCodeData(
                code=f"VX{letter}",
                direction="sale",
                rate=Decimal("0"),
                kind=kind,
                region="NONEU",
                base_grids="47",
                credit_note_base_grid="49",
                names=_names(SALES, Decimal("0"), kind, "NONEU"),
            )
        )
    codes.append(
        VatCodeData(
            code="VCC",
            direction="sale",
            rate=Decimal("0"),
            kind="services",
            region="BE",
            base_grids="45",
            credit_note_base_grid="49",
            names=(
                "Ventes cocontractant (TVA due par le client)",
                "Verkopen medecontractant (btw verlegd)",
                "Sales, VAT due by the Belgian customer",
                "Verkäufe, Steuerschuldnerschaft des Kunden",
            ),
        )
    )
    return codes
