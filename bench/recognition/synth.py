"""Invoices the project makes itself, in many layouts, languages, labels and fonts, with
their truth: a held-out-like set the rules were never tuned on.

Every value is drawn from seeded word lists and number generators written here (no Faker,
no download): company names with their country's legal form, VAT numbers and IBANs that
pass their check digits, Belgian structured communications, line items at the country's
VAT rates. Each invoice is rendered by WeasyPrint from one of several layouts (totals as a
labelled column, as a VAT breakdown table, as one row under headers; parties left/right;
a prepaid advance; a long item list that pushes the totals to page 2). The truth holds
only what the page prints (a due date only when one is printed, a buyer VAT number only
when shown).

Used by bench/recognition/generated.py and by the recognition unit tests.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import escape

CENT = Decimal("0.01")

LANGS = ("fr", "de", "en", "nl")
COUNTRY_OF = {"fr": ("BE", "FR"), "de": ("DE",), "en": ("BE", "NL", "DE", "FR"), "nl": ("BE", "NL")}
RATES = {
    "BE": ("21", "6", "12"),
    "FR": ("20", "10", "5.5"),
    "DE": ("19", "7"),
    "NL": ("21", "9"),
}
LEGAL = {
    "BE": ("SRL", "SA", "BV", "NV", "SRL", "SC"),
    "FR": ("SARL", "SAS", "SA", "EURL"),
    "DE": ("GmbH", "AG", "KG", "GmbH & Co. KG", "UG"),
    "NL": ("B.V.", "BV", "N.V.", "VOF"),
}
NAME_A = (
    "Atelier Dubois",
    "Brasserie Lemaire",
    "Van den Berg",
    "Müller Technik",
    "Schneider",
    "Peeters Bouw",
    "Horizon Conseil",
    "Nordlicht Medien",
    "Alpha Logistics",
    "Bureau Martin",
    "Janssens",
    "Verhoeven Transport",
    "Groupe Lambert",
    "Weber Elektro",
    "Claes & Fils",
    "Blue Harbour",
    "Fischer Druck",
    "De Smet Installaties",
    "Optima Services",
    "Hoffmann",
    "Maes Catering",
    "Renard Informatique",
    "Koch Maschinenbau",
    "Willems Advies",
)
NAME_B = ("", "", " Solutions", " Consult", " Partners", " Services", " Group", " & Co")
STREETS = {
    "BE": ("Rue de la Loi", "Avenue Louise", "Kerkstraat", "Chaussée de Waterloo", "Meir"),
    "FR": ("Rue de Rivoli", "Boulevard Haussmann", "Avenue Jean Jaurès", "Rue Nationale"),
    "DE": ("Hauptstraße", "Bahnhofstraße", "Goethestraße", "Lindenallee"),
    "NL": ("Dorpsstraat", "Keizersgracht", "Stationsweg", "Marktplein"),
}
CITIES = {
    "BE": (("1000", "Bruxelles"), ("2000", "Antwerpen"), ("4000", "Liège"), ("9000", "Gent")),
    "FR": (("75001", "Paris"), ("69002", "Lyon"), ("59000", "Lille"), ("33000", "Bordeaux")),
    "DE": (("10115", "Berlin"), ("50667", "Köln"), ("80331", "München"), ("20095", "Hamburg")),
    "NL": (("1012 AB", "Amsterdam"), ("3011 AD", "Rotterdam"), ("3511 AA", "Utrecht")),
}
ITEMS = {
    "fr": (
        "Prestation de conseil",
        "Licence logicielle",
        "Maintenance annuelle",
        "Frais de port",
        "Formation (journée)",
        "Fournitures de bureau",
        "Développement web",
        "Location matériel",
    ),
    "de": (
        "Beratungsleistung",
        "Softwarelizenz",
        "Wartungsvertrag",
        "Versandkosten",
        "Schulung (Tag)",
        "Büromaterial",
        "Webentwicklung",
        "Gerätemiete",
    ),
    "en": (
        "Consulting services",
        "Software licence",
        "Annual maintenance",
        "Shipping",
        "Training (day)",
        "Office supplies",
        "Web development",
        "Equipment rental",
    ),
    "nl": (
        "Adviesdiensten",
        "Softwarelicentie",
        "Jaarlijks onderhoud",
        "Verzendkosten",
        "Opleiding (dag)",
        "Kantoorbenodigdheden",
        "Webontwikkeling",
        "Verhuur materiaal",
    ),
}
MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
# Label variants per language: several wordings for each field, as real invoices vary.
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "title": ("FACTURE", "Facture", "FACTURE N°"),
        "number": ("Facture n°", "N° de facture", "Numéro de facture", "Facture N°"),
        "date": ("Date de facture", "Date", "Date d'émission", "Date de facturation"),
        "due": ("Date d'échéance", "Échéance", "À payer avant le", "Date limite de paiement"),
        "excl": ("Total HT", "Total hors TVA", "Montant HTVA", "Sous-total", "Total HTVA"),
        "vat": ("TVA", "Montant TVA", "Total TVA"),
        "vat_rate": ("TVA {r} %", "TVA {r}%"),
        "incl": ("Total TTC", "Total TVAC", "Montant total", "Total à payer"),
        "prepaid": ("Acompte versé", "Déjà payé"),
        "payable": ("Reste à payer", "Solde à payer", "Montant à payer"),
        "seller_vat": ("TVA", "N° TVA", "TVA BE", "Numéro d'entreprise"),
        "buyer_vat": ("TVA client", "N° TVA client", "Votre n° TVA"),
        "iban": ("IBAN", "Compte IBAN", "IBAN :"),
        "bic": ("BIC",),
        "ogm": ("Communication structurée", "Communication"),
        "client": ("Client", "Facturé à", "Destinataire"),
        "desc": ("Description", "Désignation"),
        "qty": ("Qté", "Quantité"),
        "unit": ("Prix unitaire", "P.U. HT"),
        "amount": ("Montant HT", "Total HT", "Montant"),
        "rate": ("Taux TVA", "TVA %"),
        "base": ("Base HT", "Base imposable"),
    },
    "de": {
        "title": ("RECHNUNG", "Rechnung"),
        "number": ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Belegnummer"),
        "date": ("Rechnungsdatum", "Datum", "Belegdatum"),
        "due": ("Fällig am", "Zahlbar bis", "Fälligkeitsdatum", "Zahlungsziel"),
        "excl": ("Nettobetrag", "Summe netto", "Zwischensumme", "Gesamt netto", "Warenwert netto"),
        "vat": ("MwSt.", "Umsatzsteuer", "USt.-Betrag", "Mehrwertsteuer"),
        "vat_rate": ("MwSt. {r} %", "USt. {r}%", "zzgl. {r} % USt."),
        "incl": ("Gesamtbetrag", "Rechnungsbetrag", "Bruttobetrag", "Endsumme", "Gesamt brutto"),
        "prepaid": ("Anzahlung", "Bereits bezahlt"),
        "payable": ("Zahlbetrag", "Noch zu zahlen", "Offener Betrag"),
        "seller_vat": ("USt-IdNr.", "USt-ID", "Umsatzsteuer-ID"),
        "buyer_vat": ("Ihre USt-IdNr.", "USt-IdNr. Kunde"),
        "iban": ("IBAN", "IBAN:"),
        "bic": ("BIC",),
        "ogm": ("Verwendungszweck",),
        "client": ("Kunde", "Rechnungsempfänger", "Käufer"),
        "desc": ("Bezeichnung", "Beschreibung", "Artikel"),
        "qty": ("Menge", "Anz."),
        "unit": ("Einzelpreis", "E-Preis"),
        "amount": ("Gesamtpreis", "Betrag", "Summe"),
        "rate": ("USt.-Satz", "MwSt. %"),
        "base": ("Netto", "Bemessungsgrundlage"),
    },
    "en": {
        "title": ("INVOICE", "Invoice", "Tax invoice"),
        "number": ("Invoice number", "Invoice No.", "Invoice #", "Invoice no"),
        "date": ("Invoice date", "Date", "Date of issue", "Issue date"),
        "due": ("Due date", "Payment due", "Pay by", "Due"),
        "excl": ("Subtotal", "Total excl. VAT", "Net amount", "Total before tax", "Net total"),
        "vat": ("VAT", "VAT amount", "Tax", "Total VAT"),
        "vat_rate": ("VAT {r}%", "VAT @ {r}%", "Tax {r} %"),
        "incl": ("Total", "Total incl. VAT", "Invoice total", "Grand total", "Total amount"),
        "prepaid": ("Paid", "Prepaid", "Deposit paid", "Amount paid"),
        "payable": ("Amount due", "Balance due", "Total due"),
        "seller_vat": ("VAT", "VAT No.", "VAT number", "VAT Reg. No."),
        "buyer_vat": ("Customer VAT", "Your VAT no.", "Client VAT number"),
        "iban": ("IBAN", "IBAN:", "Bank account (IBAN)"),
        "bic": ("BIC", "SWIFT/BIC"),
        "ogm": ("Payment reference", "Structured communication"),
        "client": ("Bill to", "Customer", "Invoice to", "Sold to"),
        "desc": ("Description", "Item"),
        "qty": ("Qty", "Quantity"),
        "unit": ("Unit price", "Price"),
        "amount": ("Amount", "Line total", "Total"),
        "rate": ("VAT rate", "Tax %"),
        "base": ("Net", "Taxable amount"),
    },
    "nl": {
        "title": ("FACTUUR", "Factuur"),
        "number": ("Factuurnummer", "Factuurnr.", "Factuur nr."),
        "date": ("Factuurdatum", "Datum"),
        "due": ("Vervaldatum", "Vervaldag", "Te betalen voor"),
        "excl": ("Totaal excl. btw", "Subtotaal", "Totaal exclusief btw", "Maatstaf van heffing"),
        "vat": ("BTW", "Btw-bedrag", "Totaal btw"),
        "vat_rate": ("BTW {r}%", "btw {r} %"),
        "incl": ("Totaal incl. btw", "Totaal", "Te betalen", "Totaalbedrag"),
        "prepaid": ("Voorschot", "Reeds betaald"),
        "payable": ("Nog te betalen", "Saldo"),
        "seller_vat": ("BTW", "Btw-nummer", "BTW nr.", "Ondernemingsnummer"),
        "buyer_vat": ("Uw btw-nummer", "BTW klant"),
        "iban": ("IBAN", "Rekeningnummer IBAN"),
        "bic": ("BIC",),
        "ogm": ("Gestructureerde mededeling", "Mededeling"),
        "client": ("Klant", "Factuuradres", "Aan"),
        "desc": ("Omschrijving", "Artikel"),
        "qty": ("Aantal", "Hoev."),
        "unit": ("Eenheidsprijs", "Prijs"),
        "amount": ("Bedrag", "Totaal"),
        "rate": ("Btw-tarief", "BTW %"),
        "base": ("Maatstaf", "Basis"),
    },
}
EXTRA = {
    "fr": {
        "gross": "Total articles",
        "discount": "Remise {p} %",
        "shipping": "Frais de port",
        "terms": "Conditions de paiement : 30 jours net",
        "place": "Bruxelles, le {d}",
        "incl_rate": "Total TVAC",
    },
    "de": {
        "gross": "Summe Positionen",
        "discount": "Rabatt {p} %",
        "shipping": "Versandkosten",
        "terms": "Zahlbar innerhalb von 30 Tagen netto",
        "place": "Berlin, den {d}",
        "incl_rate": "Brutto",
    },
    "en": {
        "gross": "Items total",
        "discount": "Discount {p}%",
        "shipping": "Shipping",
        "terms": "Payment terms: 30 days net",
        "place": "London, {d}",
        "incl_rate": "Gross",
    },
    "nl": {
        "gross": "Totaal artikelen",
        "discount": "Korting {p} %",
        "shipping": "Verzendkosten",
        "terms": "Betaling binnen 30 dagen",
        "place": "Gent, {d}",
        "incl_rate": "Totaal incl.",
    },
}
FONTS = ("DejaVu Sans", "Nimbus Sans", "Nimbus Roman", "URW Gothic", "DejaVu Serif", "C059")


# -- check-digit values -------------------------------------------------------------------


def be_vat(rnd: random.Random) -> str:
    n = rnd.randint(2000000, 99999999)
    first8 = f"0{n:07d}" if n < 10000000 else f"{n:08d}"
    first8 = ("0" + first8[1:]) if first8[0] not in "01" else first8
    return f"BE{first8}{97 - int(first8) % 97:02d}"


def de_vat(rnd: random.Random) -> str:
    from stdnum.iso7064 import mod_11_10

    body = str(rnd.randint(10000000, 99999999))
    return "DE" + body + mod_11_10.calc_check_digit(body)


def fr_vat(rnd: random.Random) -> str:
    from stdnum import luhn

    body = str(rnd.randint(10000000, 99999999))
    siren = body + luhn.calc_check_digit(body)
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def nl_vat(rnd: random.Random) -> str:
    while True:
        digits = [rnd.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return "NL" + "".join(map(str, digits)) + str(check) + "B01"


VAT_MAKERS = {"BE": be_vat, "DE": de_vat, "FR": fr_vat, "NL": nl_vat}


def iban(rnd: random.Random, country: str) -> str:
    if country == "BE":
        n = rnd.randint(10**9, 10**10 - 1)
        bban = f"{n:010d}{n % 97 or 97:02d}"
    elif country == "DE":
        bban = f"{rnd.randint(10000000, 89999999)}{rnd.randint(10**9, 10**10 - 1)}"
    elif country == "NL":
        bban = rnd.choice(("ABNA", "RABO", "INGB")) + f"{rnd.randint(10**9, 10**10 - 1)}"
    else:
        bban = f"{rnd.randint(10**9, 10**10 - 1)}{rnd.randint(10**12, 10**13 - 1)}"
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def ogm(rnd: random.Random) -> str:
    n = rnd.randint(10**8, 10**10 - 1)
    d = f"{n:010d}{n % 97 or 97:02d}"
    return f"+++{d[:3]}/{d[3:7]}/{d[7:]}+++"


def grouped(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


# -- formatting -----------------------------------------------------------------------------


def money(v: Decimal, style: str) -> str:
    sign = "-" if v < 0 else ""
    whole, frac = f"{abs(v):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    sep = {"fr": "\u00a0", "de": ".", "en": ",", "nl": ".", "plain": ""}[style]
    dec = "." if style in ("en", "plain") else ","
    return sign + sep.join(groups) + dec + frac


def date_text(d: dt.date, lang: str, style: int) -> str:
    if style == 0:
        return d.strftime("%d/%m/%Y") if lang != "de" else d.strftime("%d.%m.%Y")
    if style == 1:
        return d.strftime("%d.%m.%Y") if lang != "en" else d.strftime("%d/%m/%Y")
    if style == 2:
        m = MONTHS[lang][d.month - 1]
        if lang == "en":
            return f"{d.day} {m} {d.year}"
        if lang == "de":
            return f"{d.day}. {m} {d.year}"
        return f"{d.day} {m} {d.year}"
    if style == 3:
        return d.strftime("%d-%m-%Y")
    return d.isoformat()


# -- one invoice ------------------------------------------------------------------------------


@dataclass
class Party:
    name: str
    country: str
    street: str
    city: str
    vat: str


@dataclass
class Synth:
    html: str
    truth: dict
    lang: str
    layout: str
    extra: dict = field(default_factory=dict)


def _party(rnd: random.Random, country: str) -> Party:
    base = rnd.choice(NAME_A) + rnd.choice(NAME_B)
    name = f"{base} {rnd.choice(LEGAL[country])}"
    pc, city = rnd.choice(CITIES[country])
    street = f"{rnd.choice(STREETS[country])} {rnd.randint(1, 180)}"
    return Party(name, country, street, f"{pc} {city}", VAT_MAKERS[country](rnd))


def make(seed: int, hard: bool = False, variant: int = 0, variety: bool = False) -> Synth:
    """One invoice. `hard` adds the totals layouts of bench/recognition/generated.py --hard
    (several rates with a per-rate table, deposits, discounts over several rates, labels
    far left of their amounts, spaced amounts and currency signs, credit notes with
    negative amounts); `variant` > 0 gives the same seller, layout and labels with other
    items, number and dates: the counterparty's next invoice. `variety` adds party and
    header layouts (`_variety`: letterheads, headings over the seller, contact lines, a
    return-address line, a contact person, a delivery address, customer and order numbers
    and a delivery date beside the invoice's own); without it every seed is the invoice
    it always was."""
    rnd = random.Random(seed)
    # Hard-mode draws come from their own generator: without `hard`, every seed stays
    # the invoice it always was.
    rnd3 = random.Random(seed * 104729 + 3)
    hard_layout = (
        rnd3.choice(("ratetable", "leftlabels", "ratelines", "tableonly", "inline")) if hard else ""
    )
    hard_rates = hard and rnd3.random() < 0.7
    hard_prepaid = hard and rnd3.random() < 0.4
    hard_discount = hard and rnd3.random() < 0.35
    credit = hard and rnd3.random() < 0.2
    hard_money = rnd3.choice(("space_eur", "sym_tight", "cell", "space_sym")) if hard else ""
    lang = LANGS[seed % len(LANGS)]
    country = rnd.choice(COUNTRY_OF[lang])
    seller = _party(rnd, country)
    buyer = _party(rnd, rnd.choice((country, country, "BE")))
    while buyer.name.split()[0] == seller.name.split()[0]:
        buyer = _party(rnd, buyer.country)
    if variety:
        # A private buyer, or a seller trading under a name with no legal form.
        vr = random.Random(seed * 50021 + 7)
        if vr.random() < 0.25:
            buyer.name = f"{vr.choice(FIRST_NAMES)} {vr.choice(LAST_NAMES)}"
        if vr.random() < 0.15:
            seller.name = f"{vr.choice(TRADES[lang])} {vr.choice(LAST_NAMES)}"
    lab = {k: rnd.choice(v) for k, v in LABELS[lang].items()}
    style = lang if rnd.random() < 0.8 else rnd.choice(("fr", "de", "en"))
    cur_style = rnd.choice(("suffix_sym", "prefix_sym", "code_suffix", "none", "code_prefix"))
    layout = rnd.choice(("column", "breakdown", "row", "column"))
    date_style = rnd.randrange(5)
    font = rnd.choice(FONTS)
    seller_right = rnd.random() < 0.4
    issue = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randint(0, 600))
    due_printed = rnd.random() < 0.75
    due = issue + dt.timedelta(days=rnd.choice((14, 15, 30, 30, 45, 60)))
    show_buyer_vat = rnd.random() < 0.6
    prepaid = rnd.random() < 0.15
    show_ogm = country == "BE" and rnd.random() < 0.6
    number = rnd.choice(
        (
            f"{issue.year}-{rnd.randint(1, 9999):04d}",
            f"F{issue.year}{rnd.randint(1, 999):03d}",
            f"INV-{rnd.randint(10000, 99999)}",
            f"{rnd.randint(100000, 999999)}",
            f"RE{issue.strftime('%y')}/{rnd.randint(100, 9999)}",
        )
    )
    rates = [Decimal(r) for r in RATES[country]]
    n_items = rnd.choice((1, 2, 3, 3, 4, 5, 6, 8)) if rnd.random() < 0.9 else rnd.randint(28, 40)
    two_rates = rnd.random() < 0.35
    if hard_rates:
        two_rates = True
        n_items = max(n_items, len(rates))
    irnd = rnd
    if variant:
        # The next invoice of this seller: other items, number and dates.
        irnd = random.Random(seed * 65537 + variant)
        gap = due - issue
        issue = issue + dt.timedelta(days=irnd.randint(20, 60))
        due = issue + gap
        number = f"{number}-{variant}"
        n_items = min(n_items, 8)
    items = []
    for k in range(n_items):
        qty = Decimal(irnd.choice((1, 1, 1, 2, 3, 5, 10, 12)))
        unit = (Decimal(irnd.randint(150, 250000)) / 100).quantize(CENT)
        if hard_rates:
            rate = rates[k] if k < len(rates) else irnd.choice(rates)
        else:
            rate = rates[0] if not two_rates else irnd.choice(rates[:2])
        if credit:
            qty = -qty
        items.append((irnd.choice(ITEMS[lang]), qty, unit, (qty * unit).quantize(CENT), rate))
    bases: dict[Decimal, Decimal] = {}
    for *_x, amount, rate in items:
        bases[rate] = bases.get(rate, Decimal(0)) + amount
    # Complications drawn from a second generator, so the first one's draws stay as they
    # were: a discount, a shipping charge, payment terms, a place-and-date line, a 4-column
    # VAT table, totals spread across the page width.
    rnd2 = random.Random(seed * 7919 + 17)
    ex = EXTRA[lang]
    gross = sum(bases.values(), Decimal(0))
    discount = Decimal(0)
    shipping = Decimal(0)
    if (not two_rates and rnd2.random() < 0.25) or (hard_discount and rates[0] in bases):
        pct = rnd2.choice((5, 10, 15))
        discount = (bases.get(rates[0], Decimal(0)) * pct / 100).quantize(CENT, ROUND_HALF_UP)
        bases[rates[0]] -= discount
        ex = {**ex, "discount": ex["discount"].format(p=pct)}
    if rnd2.random() < 0.2:
        shipping = Decimal(rnd2.choice(("9.90", "12.50", "25.00", "7.95")))
        bases[rates[0]] = bases.get(rates[0], Decimal(0)) + shipping
    terms = not due_printed and rnd2.random() < 0.7
    place_date = rnd2.random() < 0.2
    wide = rnd2.random() < 0.3
    four_cols = rnd2.random() < 0.5
    vats = {r: (b * r / 100).quantize(CENT, ROUND_HALF_UP) for r, b in bases.items()}
    excl = sum(bases.values(), Decimal(0))
    vat = sum(vats.values(), Decimal(0))
    incl = excl + vat
    prepaid = (prepaid or hard_prepaid) and not credit
    paid = (incl * Decimal(rnd.choice(("0.3", "0.5")))).quantize(CENT) if prepaid else Decimal(0)
    payable = incl - paid

    def m(v: Decimal) -> str:
        s = money(v, style)
        if hard_money:
            spaced = money(v, "en" if style == "en" else "fr").replace("\u00a0", " ")
            return {
                "space_eur": f"{spaced} EUR",
                "sym_tight": ("-" if v < 0 else "") + "€" + s.lstrip("-"),
                "cell": s,
                "space_sym": f"€ {spaced}",
            }[hard_money]
        return {
            "suffix_sym": f"{s} €",
            "prefix_sym": f"€ {s}",
            "code_suffix": f"{s} EUR",
            "code_prefix": f"EUR {s}",
            "none": s,
        }[cur_style]

    def d(x: dt.date) -> str:
        return date_text(x, lang, date_style)

    seller_iban = iban(rnd, country)
    ref = ogm(rnd) if show_ogm else None

    # -- HTML ----------------------------------------------------------------------------
    e = escape
    seller_block = (
        f"<div class='seller'><div class='sname'>{e(seller.name)}</div>"
        f"<div>{e(seller.street)}</div><div>{e(seller.city)}</div>"
        f"<div>{e(lab['seller_vat'])}: {e(_vat_print(rnd, seller.vat))}</div></div>"
    )
    buyer_lines = [f"<div class='bhead'>{e(lab['client'])}</div>"] if rnd.random() < 0.7 else []
    buyer_lines += [
        f"<div class='bname'>{e(buyer.name)}</div>",
        f"<div>{e(buyer.street)}</div><div>{e(buyer.city)}</div>",
    ]
    if show_buyer_vat:
        buyer_lines.append(f"<div>{e(lab['buyer_vat'])}: {e(_vat_print(rnd, buyer.vat))}</div>")
    buyer_block = "<div class='buyer'>" + "".join(buyer_lines) + "</div>"
    meta = [(lab["number"], number)]
    if not place_date:
        meta.append((lab["date"], d(issue)))
    if due_printed:
        meta.append((lab["due"], d(due)))
    meta_html = (
        "<table class='meta'>"
        + "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in meta)
        + "</table>"
    )
    head = [lab["desc"], lab["qty"], lab["unit"]]
    if two_rates or rnd.random() < 0.3:
        head.append(lab["rate"])
    head.append(lab["amount"])
    rows = []
    for desc, qty, unit, amount, rate in items:
        cells = [e(desc), str(qty), money(unit, style)]
        if len(head) == 5:
            cells.append(f"{rate_text(rate) if hard else rate.normalize()} %")
        cells.append(money(amount, style))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    items_html = (
        "<table class='items'><thead><tr>"
        + "".join(f"<th>{e(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    tot_rows: list[tuple[str, str]] = []
    if layout == "breakdown":
        last_head = f"<th>{e(ex['incl_rate'])}</th>" if four_cols else ""
        bd = (
            "<table class='bd'><tr>"
            f"<th>{e(lab['rate'])}</th><th>{e(lab['base'])}</th><th>{e(lab['vat'])}</th>"
            f"{last_head}</tr>"
            + "".join(
                f"<tr><td>{r.normalize()} %</td><td>{m(bases[r])}</td><td>{m(vats[r])}</td>"
                + (f"<td>{m(bases[r] + vats[r])}</td>" if four_cols else "")
                + "</tr>"
                for r in sorted(bases, reverse=True)
            )
            + "</table>"
        )
        tot_rows = [(lab["excl"], m(excl)), (lab["vat"], m(vat)), (lab["incl"], m(incl))]
    elif layout == "row":
        bd = ""
    else:
        bd = ""
        tot_rows = [(lab["excl"], m(excl))]
        if len(bases) > 1 or rnd.random() < 0.5:
            for r in sorted(bases, reverse=True):
                tot_rows.append((lab["vat_rate"].format(r=r.normalize()), m(vats[r])))
        else:
            tot_rows.append((lab["vat"], m(vat)))
        tot_rows.append((lab["incl"], m(incl)))
    pre: list[tuple[str, str]] = []
    if discount or shipping:
        pre.append((ex["gross"], m(gross)))
        if discount:
            pre.append((ex["discount"], m(-discount)))
        if shipping:
            pre.append((ex["shipping"], m(shipping)))
    tot_rows = pre + tot_rows
    if layout == "row":
        totals_pre = (
            "<table class='totals'>"
            + "".join(f"<tr><td>{e(k)}</td><td>{v}</td></tr>" for k, v in pre)
            + "</table>"
            if pre
            else ""
        )
        heads = [lab["excl"], lab["vat"], lab["incl"]]
        vals = [m(excl), m(vat), m(incl)]
        if prepaid:
            heads += [lab["prepaid"], lab["payable"]]
            vals += [m(paid), m(payable)]
        totals_html = totals_pre + (
            "<table class='trow'><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in heads)
            + "</tr><tr>"
            + "".join(f"<td>{v}</td>" for v in vals)
            + "</tr></table>"
        )
    else:
        if prepaid:
            tot_rows += [(lab["prepaid"], m(paid)), (lab["payable"], m(payable))]
        cls = "totals wide" if wide else "totals"
        totals_html = (
            bd
            + f"<table class='{cls}'>"
            + "".join(f"<tr><td>{e(k)}</td><td>{v}</td></tr>" for k, v in tot_rows)
            + "</table>"
        )
    if hard_layout:
        totals_html = _hard_totals(
            lang,
            hard_layout,
            lab,
            ex,
            bases,
            vats,
            (excl, vat, incl, paid, payable),
            pre,
            m,
            hard_money == "cell",
            rnd3,
        )
    pay = [f"{lab['iban']} {grouped(seller_iban) if rnd.random() < 0.7 else seller_iban}"]
    if ref:
        pay.append(f"{lab['ogm']}: {ref}")
    footer = (
        "<div class='footer'>"
        + " · ".join(e(x) for x in [seller.name, seller.street, seller.city, *pay])
        + "</div>"
    )
    extra_css = ""
    if variety:
        v = _variety(seed, lang, seller, buyer, lab, meta, issue, d, seller_iban, show_buyer_vat)
        seller_block, buyer_block, meta_html, extra_css, tail_html = v
        meta_html += tail_html
        if "footer-vat" in seller_block:
            footer = footer.replace("</div>", f" · {e(lab['seller_vat'])} {e(seller.vat)}</div>", 1)
    top = (
        f"<div class='top'>{buyer_block if seller_right else seller_block}"
        f"{seller_block if seller_right else buyer_block}</div>"
    )
    title = f"<h1>{e(CREDIT_TITLE[lang] if credit else lab['title'])}</h1>"
    css = (
        f"@page {{ size: A4; margin: 18mm 16mm 22mm 16mm; }} body {{ font-family: '{font}';"
        f" font-size: {rnd.choice((9, 9.5, 10, 10.5, 11))}pt; }}"
        " .top { display: flex; justify-content: space-between; }"
        " .seller, .buyer { width: 45%; } .sname, .bname { font-weight: bold; }"
        " .buyer { margin-top: 10mm; }"
        " h1 { font-size: 16pt; margin: 8mm 0 3mm 0; }"
        " table { border-collapse: collapse; } td, th { padding: 1.5mm 2mm; }"
        " .items { width: 100%; margin-top: 5mm; } .items th { text-align: left;"
        " border-bottom: 1px solid #444; } .items td:not(:first-child),"
        " .items th:not(:first-child) { text-align: right; }"
        " .totals, .bd, .trow { margin-left: auto; margin-top: 4mm; }"
        " .totals td:last-child, .bd td, .trow td { text-align: right; }"
        " .totals tr:last-child td { font-weight: bold; border-top: 1px solid #000; }"
        " .wide { width: 100%; }"
        " .footer { position: fixed; bottom: -12mm; left: 0; right: 0; font-size: 7.5pt;"
        " text-align: center; color: #333; }" + extra_css
    )
    place = f"<p>{e(ex['place'].format(d=d(issue)))}</p>" if place_date else ""
    body = title + top + place + meta_html + items_html + totals_html
    if terms:
        body += f"<p>{e(ex['terms'])}</p>"
    if ref and rnd.random() < 0.5:
        body += f"<p>{e(lab['ogm'])}: {ref}</p>"
    html = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{footer}{body}</body></html>"
    truth = {
        "document_type": "credit_note" if credit else "invoice",
        "invoice_number": number,
        "issue_date": issue.isoformat(),
        "due_date": due.isoformat() if due_printed else None,
        "currency": "EUR",
        "seller_vat": seller.vat,
        "iban": seller_iban,
        "total_excl_vat": str(excl),
        "total_vat": str(vat),
        "total_incl_vat": str(incl),
        "payable_amount": str(payable),
        "seller_name": seller.name,
        "buyer_name": buyer.name,
    }
    if show_buyer_vat:
        truth["buyer_vat"] = buyer.vat
    if cur_style == "none" and not hard_money:
        del truth["currency"]  # no symbol nor code printed: not scored
    if ref:
        truth["payment_reference"] = ref
    extra = {
        "font": font,
        "items": n_items,
        "breakdown": {str(r): (bases[r], vats[r]) for r in bases},
        "seller_iban": seller_iban,
        "seller_country": country,
        "buyer_vat": buyer.vat,
        "buyer_name": buyer.name,
        "seller_street": seller.street,
        "seller_city": seller.city,
    }
    return Synth(html, truth, lang, hard_layout or layout, extra)


SELLER_HEAD = {
    "fr": ("Fournisseur", "Vendeur", "Émetteur"),
    "de": ("Lieferant", "Verkäufer", "Rechnungssteller"),
    "en": ("Supplier", "Seller", "From"),
    "nl": ("Leverancier", "Verkoper", "Van"),
}
ATTN = {"fr": "À l'attention de", "de": "z. Hd.", "en": "Attn:", "nl": "T.a.v."}
PEOPLE = ("Marie Dupont", "Jan Peeters", "Anna Schmidt", "John Smith", "Sophie Claes", "Tom Maes")
CUSTOMER_NO = {
    "fr": ("N° client", "Référence client"),
    "de": ("Kundennummer", "Kunden-Nr."),
    "en": ("Customer no.", "Account number"),
    "nl": ("Klantnummer", "Klantnr."),
}
ORDER_NO = {
    "fr": ("N° de commande", "Votre commande"),
    "de": ("Bestellnummer", "Ihre Bestellung"),
    "en": ("Order no.", "PO number"),
    "nl": ("Bestelnummer", "Uw bestelling"),
}
DELIVERY_DATE = {
    "fr": "Date de livraison",
    "de": "Lieferdatum",
    "en": "Delivery date",
    "nl": "Leverdatum",
}
DELIVERY_HEAD = {
    "fr": "Adresse de livraison",
    "de": "Lieferadresse",
    "en": "Ship to",
    "nl": "Afleveradres",
}
PHONE = {"fr": "Tél.", "de": "Telefon", "en": "Phone", "nl": "Tel."}
FIRST_NAMES = ("Theodor", "Marie", "Jan", "Sophie", "Luc", "Anke", "Pieter", "Claire")
LAST_NAMES = ("Est", "Lambert", "Wouters", "Becker", "Moreau", "Jacobs", "Vogel", "Dumont")
TRADES = {
    "fr": ("Boulangerie", "Studio", "Garage", "Cabinet"),
    "de": ("Bäckerei", "Atelier", "Autohaus", "Praxis"),
    "en": ("Studio", "Bakery", "Garage", "Design by"),
    "nl": ("Bakkerij", "Studio", "Garage", "Praktijk"),
}
PAGE = {"fr": "Page 1/1", "de": "Seite 1 von 1", "en": "Page 1 of 1", "nl": "Pagina 1 van 1"}
THANKS = {
    "fr": "Merci pour votre confiance.",
    "de": "Vielen Dank für Ihren Auftrag.",
    "en": "Thank you for your business.",
    "nl": "Bedankt voor uw vertrouwen.",
}
LEGAL_LINE = {
    "fr": "Société au capital de 18 600 EUR - RPM Bruxelles",
    "de": "Geschäftsführer: Anna Schmidt - Amtsgericht Köln HRB 12345",
    "en": "Registered in Belgium - company number 0123.456.789",
    "nl": "RPR Gent - Algemene voorwaarden op aanvraag",
}


def company_name(name: str) -> bool:
    """The name closes with a legal form (a company, not a private person)."""
    return any(name.endswith(" " + f) for forms in LEGAL.values() for f in forms)


BANKS = ("ING Belgium", "Deutsche Bank", "ABN AMRO", "BNP Paribas Fortis", "Weltweit Bank")
TLD = {"BE": "be", "FR": "fr", "DE": "de", "NL": "nl"}


def _variety(seed, lang, seller, buyer, lab, meta, issue, d, seller_iban, show_buyer_vat):
    """Party and header layouts of the `variety` set, drawn from their own generator:
    the seller as a letterhead (large, maybe in capitals, contact lines, its VAT number in
    the footer), a heading over the seller's block, a return-address line over the
    buyer's, a contact person in it, a delivery address beside it, and customer and order
    numbers and a delivery date among the invoice's own number and dates, in a table, a
    box at the right or one row under headers."""
    rnd = random.Random(seed * 50021 + 29)
    e = escape
    style = rnd.choice(("letterhead", "heading", "plain", "letterhead"))
    shown = seller.name.upper() if rnd.random() < 0.15 else seller.name
    domain = "".join(c for c in seller.name.split()[0].lower() if c.isalnum()) or "firma"
    domain = f"{domain}.{TLD[seller.country]}"
    lines = []
    if style == "heading":
        lines.append(f"<div class='bhead'>{e(rnd.choice(SELLER_HEAD[lang]))}</div>")
    size = rnd.choice((13, 15, 18)) if style == "letterhead" else 0
    name_css = f" style='font-size: {size}pt'" if size else ""
    lines.append(f"<div class='sname'{name_css}>{e(shown)}</div>")
    lines.append(f"<div>{e(seller.street)}</div><div>{e(seller.city)}</div>")
    if rnd.random() < 0.5:
        lines.append(
            f"<div>{PHONE[lang]} +32 {rnd.randint(2, 9)} {rnd.randint(100, 999)} "
            f"{rnd.randint(10, 99)} {rnd.randint(10, 99)}</div>"
        )
        lines.append(f"<div>info@{domain}</div>")
        if rnd.random() < 0.5:
            lines.append(f"<div>www.{domain}</div>")
    footer_vat = rnd.random() < 0.35
    if footer_vat:
        lines.append("<!-- footer-vat -->")
    else:
        lines.append(f"<div>{e(lab['seller_vat'])}: {e(_vat_print(rnd, seller.vat))}</div>")
    seller_block = "<div class='seller'>" + "".join(lines) + "</div>"

    blines = []
    if rnd.random() < 0.35:
        ret = " · ".join((seller.name, seller.street, seller.city))
        blines.append(f"<div class='ret'>{e(ret)}</div>")
    if rnd.random() < 0.7:
        blines.append(f"<div class='bhead'>{e(lab['client'])}</div>")
    attn = rnd.random() < 0.3
    person = f"{ATTN[lang]} {rnd.choice(PEOPLE)}"
    if attn and rnd.random() < 0.4:
        blines.append(f"<div>{e(person)}</div>")
        attn = False
    blines.append(f"<div class='bname'>{e(buyer.name)}</div>")
    if attn:
        blines.append(f"<div>{e(person)}</div>")
    elif rnd.random() < 0.2 and " " in buyer.name and company_name(buyer.name):
        # A contact person under the company, with no "Attn:" before it.
        blines.append(f"<div>{e(rnd.choice(FIRST_NAMES))} {e(rnd.choice(LAST_NAMES))}</div>")
    blines.append(f"<div>{e(buyer.street)}</div><div>{e(buyer.city)}</div>")
    if show_buyer_vat:
        blines.append(f"<div>{e(lab['buyer_vat'])}: {e(_vat_print(rnd, buyer.vat))}</div>")
    buyer_block = "<div class='buyer'>" + "".join(blines) + "</div>"
    if rnd.random() < 0.25:
        depot = f"{rnd.choice(NAME_A)} {rnd.choice(('Depot', 'Lager', 'Magazijn', 'Entrepôt'))}"
        buyer_block += (
            f"<div class='deliv'><div class='bhead'>{e(DELIVERY_HEAD[lang])}</div>"
            f"<div>{e(depot)}</div><div>{e(buyer.street)}</div><div>{e(buyer.city)}</div></div>"
        )

    meta = list(meta)
    if rnd.random() < 0.5:
        cust = rnd.choice(
            (
                f"C-{rnd.randint(1000, 99999)}",
                f"{rnd.randint(10000, 999999)}",
                f"K{rnd.randint(100, 9999)}",
            )
        )
        meta.insert(rnd.randint(0, len(meta)), (rnd.choice(CUSTOMER_NO[lang]), cust))
    if rnd.random() < 0.35:
        order = rnd.choice(
            (
                f"PO-{rnd.randint(1000, 99999)}",
                f"{rnd.randint(4500000000, 4599999999)}",
                f"BE{rnd.randint(10000, 99999)}",
            )
        )
        meta.append((rnd.choice(ORDER_NO[lang]), order))
    if rnd.random() < 0.3:
        delivered = issue - dt.timedelta(days=rnd.randint(1, 20))
        meta.append((DELIVERY_DATE[lang], d(delivered)))
    placement = rnd.choice(("table", "right", "row"))
    if placement == "row":
        meta_html = (
            "<table class='meta mrow'><tr>"
            + "".join(f"<th>{e(k)}</th>" for k, _v in meta)
            + "</tr><tr>"
            + "".join(f"<td>{e(v)}</td>" for _k, v in meta)
            + "</tr></table>"
        )
    else:
        cls = "meta mright" if placement == "right" else "meta"
        sep = rnd.choice(("", ":"))
        meta_html = (
            f"<table class='{cls}'>"
            + "".join(f"<tr><td>{e(k)}{sep}</td><td>{e(v)}</td></tr>" for k, v in meta)
            + "</table>"
        )
    tail = []
    if rnd.random() < 0.4:
        tail.append(PAGE[lang])
    if rnd.random() < 0.4:
        tail.append(THANKS[lang])
    if rnd.random() < 0.3:
        tail.append(LEGAL_LINE[lang])
    if rnd.random() < 0.3:
        tail.append(f"{rnd.choice(BANKS)} - IBAN {seller_iban}")
    rnd.shuffle(tail)
    tail_html = "".join(f"<p>{e(t)}</p>" for t in tail)
    css = (
        " .ret { font-size: 7pt; text-decoration: underline; margin-bottom: 2mm; }"
        " .deliv { width: 30%; margin-top: 10mm; } .mright { margin-left: auto; }"
        " .mrow { width: 100%; margin-top: 4mm; } .mrow th { text-align: left; }"
        " .bhead { color: #555; } .seller .sname { white-space: nowrap; }"
    )
    return seller_block, buyer_block, meta_html, css, tail_html


def rate_text(r: Decimal) -> str:
    """A rate as printed: "20", "5.5" (str(Decimal("20").normalize()) is "2E+1")."""
    return format(r.normalize(), "f")


CREDIT_TITLE = {"fr": "NOTE DE CRÉDIT", "de": "GUTSCHRIFT", "en": "CREDIT NOTE", "nl": "CREDITNOTA"}


def _hard_totals(lang, layout, lab, ex, bases, vats, sums, pre, m, cell, rnd) -> str:
    """Totals layouts of the --hard set: a per-rate table and a full-width totals table
    (labels at the left margin, amounts at the right one), base and VAT per rate as
    lines, or VAT lines that carry their base in the label ("TVA 21 % sur 1 200,00")."""
    excl, vat, incl, paid, payable = sums
    e = escape
    cur = "<td>EUR</td>" if cell else ""
    rates = sorted(bases, reverse=True)

    def table(rows: list[tuple[str, str]], cls: str = "totals wide") -> str:
        return (
            f"<table class='{cls}'>"
            + "".join(f"<tr><td>{e(k)}</td>{cur}<td>{v}</td></tr>" for k, v in rows)
            + "</table>"
        )

    tail = [(lab["prepaid"], m(paid)), (lab["payable"], m(payable))] if paid else []
    if layout == "ratetable":
        four = rnd.random() < 0.5
        head = [lab["rate"], lab["base"], lab["vat"]] + ([ex["incl_rate"]] if four else [])
        body = "".join(
            f"<tr><td>{rate_text(r)} %</td><td>{m(bases[r])}</td><td>{m(vats[r])}</td>"
            + (f"<td>{m(bases[r] + vats[r])}</td>" if four else "")
            + "</tr>"
            for r in rates
        )
        bd = (
            "<table class='bd'><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in head)
            + "</tr>"
            + body
            + "</table>"
        )
        rows = [(lab["excl"], m(excl)), (lab["vat"], m(vat)), (lab["incl"], m(incl))]
        return table(pre) + bd + table(rows + tail) if pre else bd + table(rows + tail)
    if layout == "leftlabels":
        rows = list(pre)
        for r in rates:
            rows.append((f"{lab['base']} {rate_text(r)} %", m(bases[r])))
            rows.append((lab["vat_rate"].format(r=rate_text(r)), m(vats[r])))
        rows += [(lab["excl"], m(excl)), (lab["vat"], m(vat)), (lab["incl"], m(incl))]
        return table(rows + tail)
    if layout == "tableonly":
        # The per-rate table and the grand total only: no base or VAT total printed.
        head = [lab["rate"], lab["base"], lab["vat"]]
        body = "".join(
            f"<tr><td>{rate_text(r)} %</td><td>{m(bases[r])}</td><td>{m(vats[r])}</td></tr>"
            for r in rates
        )
        bd = (
            "<table class='bd'><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in head)
            + "</tr>"
            + body
            + "</table>"
        )
        return (table(pre) if pre else "") + bd + table([(lab["incl"], m(incl)), *tail])
    if layout == "inline":
        # All totals on one line, each label before its amount.
        parts = [(lab["excl"], m(excl)), (lab["vat"], m(vat)), (lab["incl"], m(incl)), *tail]
        return (
            (table(pre) if pre else "")
            + "<p class='inline'>"
            + " &#160; &#160; ".join(
                f"{e(k)}: <b>{v}{' EUR' if cell else ''}</b>" for k, v in parts
            )
            + "</p>"
        )
    # ratelines: each VAT line names its base; no VAT total printed.
    word = {"fr": "sur", "de": "auf", "en": "on", "nl": "op"}[lang]
    rows = [*pre, (lab["excl"], m(excl))]
    for r in rates:
        label = lab["vat_rate"].format(r=rate_text(r))
        rows.append((f"{label} {word} {m(bases[r])}", m(vats[r])))
    rows.append((lab["incl"], m(incl)))
    return table(rows + tail, "totals")


def _vat_print(rnd: random.Random, vat: str) -> str:
    """VAT numbers as offices print them: compact, spaced, dotted (BE 0123.456.789)."""
    cc, body = vat[:2], vat[2:]
    k = rnd.randrange(3)
    if k == 0:
        return vat
    if cc == "BE" and k == 1:
        return f"BE {body[:4]}.{body[4:7]}.{body[7:]}"
    return f"{cc} {body}"


def render(s: Synth) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    return HTML(string=s.html).write_pdf()


def ubl(s: Synth) -> bytes:
    """The same invoice as a UBL 2.1 / Peppol BIS 3.0 file (the e-invoice path of the
    straight-through bench): parties, dates, payment means, VAT per rate and totals."""
    t, x = s.truth, s.extra
    cur = "EUR"

    def amt(tag: str, v) -> str:
        return f'<cbc:{tag} currencyID="{cur}">{Decimal(v):.2f}</cbc:{tag}>'

    def party(name: str, vat: str) -> str:
        return (
            f"<cac:Party><cbc:EndpointID schemeID='9925'>{escape(vat)}</cbc:EndpointID>"
            f"<cac:PartyName><cbc:Name>{escape(name)}</cbc:Name></cac:PartyName>"
            f"<cac:PartyTaxScheme><cbc:CompanyID>{escape(vat)}</cbc:CompanyID>"
            "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
            f"<cac:PartyLegalEntity><cbc:RegistrationName>{escape(name)}</cbc:RegistrationName>"
            "</cac:PartyLegalEntity></cac:Party>"
        )

    subs = "".join(
        "<cac:TaxSubtotal>"
        + amt("TaxableAmount", base)
        + amt("TaxAmount", vat)
        + f"<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>{rate}</cbc:Percent>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>"
        for rate, (base, vat) in x["breakdown"].items()
    )
    due = f"<cbc:DueDate>{t['due_date']}</cbc:DueDate>" if t.get("due_date") else ""
    paid = Decimal(t["total_incl_vat"]) - Decimal(t["payable_amount"])
    ref = (
        f"<cbc:PaymentID>{escape(t['payment_reference'])}</cbc:PaymentID>"
        if t.get("payment_reference")
        else ""
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
        ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"'
        ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:"
        "billing:3.0</cbc:CustomizationID>"
        "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>"
        f"<cbc:ID>{escape(t['invoice_number'])}</cbc:ID>"
        f"<cbc:IssueDate>{t['issue_date']}</cbc:IssueDate>{due}"
        "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"
        f"<cbc:DocumentCurrencyCode>{cur}</cbc:DocumentCurrencyCode>"
        f"<cac:AccountingSupplierParty>{party(t['seller_name'], t['seller_vat'])}"
        "</cac:AccountingSupplierParty>"
        f"<cac:AccountingCustomerParty>{party(x['buyer_name'], x['buyer_vat'])}"
        "</cac:AccountingCustomerParty>"
        f"<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>{ref}"
        f"<cac:PayeeFinancialAccount><cbc:ID>{x['seller_iban']}</cbc:ID>"
        "</cac:PayeeFinancialAccount></cac:PaymentMeans>"
        f"<cac:TaxTotal>{amt('TaxAmount', t['total_vat'])}{subs}</cac:TaxTotal>"
        "<cac:LegalMonetaryTotal>"
        + amt("LineExtensionAmount", t["total_excl_vat"])
        + amt("TaxExclusiveAmount", t["total_excl_vat"])
        + amt("TaxInclusiveAmount", t["total_incl_vat"])
        + (amt("PrepaidAmount", paid) if paid else "")
        + amt("PayableAmount", t["payable_amount"])
        + "</cac:LegalMonetaryTotal></Invoice>"
    )
    return xml.encode()
