"""Default journals, fiscal-year layout and rubric scheme for a new Belgian dossier."""

from __future__ import annotations

# (code, kind, alias, French/Dutch description, credit_note_only, counterpart account)
JOURNALS: list[tuple[str, str, str, str, bool, str]] = [
    ("ACH", "purchases", "AAN", "Achats / Aankopen", False, ""),
    ("NCA", "purchases", "CNA", "Notes de crédit achats / Creditnota's aankopen", True, ""),
    ("VEN", "sales", "VER", "Ventes / Verkopen", False, ""),
    ("NCV", "sales", "CNV", "Notes de crédit ventes / Creditnota's verkopen", True, ""),
    ("BQ1", "financial", "BK1", "Banque / Bank", False, "550000"),
    ("CAI", "financial", "KAS", "Caisse / Kas", False, "570000"),
    ("OD", "misc", "DIV", "Opérations diverses / Diverse verrichtingen", False, ""),
]

# Rubrics for the cost breakdown (F1) and enrichment (C4): code, FR, NL, EN, DE, prefixes.
RUBRICS: list[tuple[str, str, str, str, str, str]] = [
    (
        "GOODS",
        "Achats et marchandises",
        "Aankopen en handelsgoederen",
        "Purchases and goods",
        "Wareneinkauf",
        "60",
    ),
    (
        "RENT",
        "Loyers et leasing",
        "Huur en leasing",
        "Rent and leasing",
        "Miete und Leasing",
        "610",
    ),
    (
        "MAINT",
        "Entretien et énergie",
        "Onderhoud en energie",
        "Maintenance and energy",
        "Instandhaltung und Energie",
        "611,612000",
    ),
    (
        "OFFICE",
        "Bureau, informatique et télécom",
        "Kantoor, informatica en telecom",
        "Office, IT and telecom",
        "Büro, IT und Telekom",
        "6121,6132,615",
    ),
    ("FEES", "Honoraires", "Erelonen", "Fees", "Honorare", "613000,6131"),
    (
        "MARKETING",
        "Publicité et représentation",
        "Publiciteit en representatie",
        "Marketing and hospitality",
        "Werbung und Bewirtung",
        "614",
    ),
    ("INSURANCE", "Assurances", "Verzekeringen", "Insurance", "Versicherungen", "616"),
    (
        "VEHICLES",
        "Véhicules et déplacements",
        "Voertuigen en verplaatsingen",
        "Vehicles and travel",
        "Fahrzeuge und Reisen",
        "619",
    ),
    (
        "OTHERSERV",
        "Autres services et biens divers",
        "Andere diensten en diverse goederen",
        "Other services",
        "Sonstige Dienstleistungen",
        "61",
    ),
    (
        "STAFF",
        "Rémunérations et charges sociales",
        "Bezoldigingen en sociale lasten",
        "Salaries and social charges",
        "Löhne und Sozialabgaben",
        "62",
    ),
    (
        "DEPR",
        "Amortissements et provisions",
        "Afschrijvingen en voorzieningen",
        "Depreciation and provisions",
        "Abschreibungen und Rückstellungen",
        "63",
    ),
    (
        "TAXES",
        "Autres charges d'exploitation",
        "Andere bedrijfskosten",
        "Other operating charges",
        "Sonstige betriebliche Aufwendungen",
        "64",
    ),
    (
        "FIN",
        "Charges financières",
        "Financiële kosten",
        "Financial charges",
        "Finanzaufwendungen",
        "65",
    ),
    (
        "EXC",
        "Charges exceptionnelles",
        "Uitzonderlijke kosten",
        "Non-recurring charges",
        "Außerordentliche Aufwendungen",
        "66",
    ),
    (
        "TAX",
        "Impôts sur le résultat",
        "Belastingen op het resultaat",
        "Income taxes",
        "Ertragsteuern",
        "67",
    ),
]
