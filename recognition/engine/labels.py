"""Labels invoices print next to their fields, in French, Dutch, German and English.

Patterns run on folded text (lower case, accents removed, see parse.fold).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# "n" (with a stray mark) before digits: OCR drops the degree sign of "n°" or misreads it.
INVOICE_NUMBER = re.compile(
    r"(?:invoice|bill|facture|factuur|\w*rechnungs?|nota|avoir|credit\s*note|creditnota|gutschrift)"
    r"\s*(?:\(\d+\)\s*)?(?:-|\s)?\s*(?:number|numero|nummer|no\b\.?|nr\b\.?|n°|nº|no(?=\d)"
    # OCR reads the "r." of "Nr." as "e" or drops the dot ("Rechnungs-Ne RE25/5882").
    r"|ne\b\.?(?=\s*[a-z]{0,4}[\d/-])"
    r"|n[*']?(?=\s*\d)|#|id\b)"
    r"|(?:n°|no\.?|numero|nr\.?)\s*(?:de\s*)?(?:la\s*)?(?:facture|factuur|rechnung|avoir)"
    r"|factuurnummer|factuurnr|rechnungsnummer|rechnungsnr|rechnungs-nr|belegnummer|beleg-nr|belegnr"
    # "RE-Nr.", "RE-Nummer": the German short form of Rechnungsnummer.
    r"|\bre\s*-\s*(?:nummer|nr\b\.?)"
    r"|\b(?:invoice|facture|factuur|\w*rechnung|avoir|gutschrift|credit\s*note|creditnota"
    r"|credit\s*nota|kreditnota|creditfactuur|note\s*de\s*cr[eé]dit)\b",
    _I,
)
SPECIFIC_NUMBER = re.compile(r"number|numero|nummer|nr|no\b|n°|#|id\b", _I)

ISSUE_DATE = re.compile(
    r"(?:invoice|factuur|rechnungs?|facture|beleg|document|billing|bill)\s*-?\s*(?:date|datum)"
    r"|date\s*(?:de\s*)?(?:la\s*)?(?:facture|facturation|d'?emission)|date\s*of\s*issue|issue\s*date"
    r"|datum\s*(?:van\s*)?(?:de\s*)?factuur|factuur\s*datum|rechnungsdatum|belegdatum"
    # "Ausstellungsdatum" (date of issue); "Rechnungs- + Lieferdatum" when both are one day.
    r"|ausstellungsdatum|ausgestellt\s*am|rechnungs\s*-?\s*(?:\+|und|/|&)\s*liefer\s*-?\s*datum"
    r"|\bdate\b|\bdatum\b|\bdated\b|\bvom\b|\bvon\b|\bden\b|\bdu\b|\ble\b",
    _I,
)
STRONG_ISSUE_DATE = re.compile(
    r"invoice|factuur|rechnung|facture|beleg|issue|emission|document|billing|ausstellung", _I
)
NOT_ISSUE_DATE = re.compile(
    r"due|echeance|verval|fallig|faellig|limite|liefer|livraison|levering|delivery|order|bestel"
    r"|commande|leistung|prestation|periode|period|zeit|ship|expedition|versand|from|until|bis"
    r"|tot\b|au\b|start|debut|fin\b|ende|druck|print|zahl|paiement|payment|betal|valid|geldig"
    r"|associee|liee|related|reference|vorauszahlung|stylesheet|betaal|uiterlijk|frist|termin"
    # "À payer avant le 17.04.2025", "à régler pour le ...", "exigible le ...": a due date.
    r"|\bpayer\b|\bpayable\b|regler|exigib|avant\s*le"
    # A payment already made ("Payé le 27/06/2025", "Paid on", "Bezahlt am").
    r"|\bpaye\b|\bpaid\b|bezahlt|gezahlt",
    _I,
)
DUE_DATE = re.compile(
    r"due\s*date|date\s*due|payment\s*due|due\s*(?:on|by)|pay\s*(?:by|before)|payable\s*(?:by|before|on)"
    r"|echeance|date\s*limite|a\s*payer\s*(?:avant|pour\s*le)|payable\s*avant|vervaldatum|vervaldag"
    r"|uiterste\s*betaal|te\s*betalen\s*(?:voor|tegen|uiterlijk|op)|betalen\s*(?:voor|tegen)"
    r"|faellig|fallig|zahlbar\s*(?:bis|am)|bis\s*(?:zum|spatestens)|zahlungsziel|netto\s*bis"
    r"|remit\s*(?:until|by|before)|pay\s*(?:until|no\s*later\s*than)|payment\s*(?:until|by)"
    r"|a\s*regler\s*(?:avant|pour)|au\s*plus\s*tard\s*le|uiterlijk\s*(?:op|tegen|betalen)"
    r"|spatestens\s*(?:am|bis)"
    # "Zahlbar ohne Abzug bis", "zahlbar innerhalb 14 Tagen bis": the net term, never a
    # cash-discount one ("mit 2 % Skonto bis" is a discount deadline).
    r"|zahlbar\s*(?:(?!skonto|abzugs?\s*von)\w+\s*){1,4}?bis\b"
    # "Niet later dan", "payment before", "date d'exigibilite" (the day payment is owed;
    # "exigibilite de la TVA" is a VAT regime, not a date).
    r"|niet\s*later\s*dan|payment\s*before|date\s*d.?\s*exigibilite|exigible\s*le\b"
    r"|betaalbaar\s*(?:tot|voor|uiterlijk|op)|betaaldatum|datum\s*verval|paiement\s*(?:avant|pour)\s*le"
    r"|payable\s*(?:le|au\s*plus\s*tard)|zahlungstermin|zahlungsfrist|payment\s*date\s*due"
    # A bare "Due" / "Due:" beside a date ("Due  30/12/2025"); "amount due" is an amount.
    r"|(?<!amount\s)(?<!balance\s)(?<!total\s)\bdue\b\s*:?(?=\s*\d|\s*$)",
    _I,
)
# A cash-discount deadline ("2 % Skonto bis", "escompte si paiement avant le"): the date
# of a discount, not the due date.
CASH_DISCOUNT = re.compile(
    r"skonto|escompte|discount|korting|sconto|rabatt|remise\s*(?:de\s*)?\d", _I
)
# The page asks to quote the invoice number with the payment: that number is the
# payment reference ("Bitte geben Sie dabei die Rechnungsnummer an").
QUOTE_INVOICE_NUMBER = re.compile(
    r"(?:quote|mention|include|use|state|reference)\s*(?:the|your|our|this)?\s*invoice\s*(?:number|no)"
    r"|invoice\s*(?:number|no\.?)\s*(?:as|in)\s*(?:the\s*)?(?:payment\s*)?(?:reference|communication)"
    r"|(?:mentionner|indiquer|rappeler|preciser)\s*(?:le|la|votre|notre)?\s*(?:numero|n°|reference)"
    r"\s*(?:de\s*(?:la\s*)?)?facture"
    r"|(?:numero|n°)\s*de\s*(?:la\s*)?facture\s*en\s*communication"
    r"|(?:vermeld|vermelding|vermelden)\s*(?:van\s*)?(?:het|uw|ons|de)?\s*factuur\s*(?:nummer|nr)"
    r"|factuur\s*(?:nummer|nr\.?)\s*(?:als|in\s*de)\s*(?:mededeling|referentie)"
    r"|factuur\s*(?:nummer|nr\.?)\s*te\s*vermelden|en\s*rappelant\s*(?:le|la)\s*(?:numero|reference)"
    r"|(?:geben|nennen|angeben)\s*sie\s*(?:\w+\s*){0,3}(?:die|unsere|ihre)?\s*rechnungs\s*-?\s*(?:nummer|nr)"
    r"|rechnungs\s*-?\s*(?:nummer|nr\.?)\s*(?:als|im)\s*verwendungszweck"
    r"|verwendungszweck\s*:?\s*rechnungs\s*-?\s*(?:nummer|nr)",
    _I,
)
ORDER_REFERENCE = re.compile(
    r"order\s*(?:no|number|nr|ref|id)|ordernummer|bestel(?:nummer|bon|referentie)|purchase\s*order"
    r"|n°\s*(?:de\s*)?commande|bon\s*de\s*commande|bestellnummer|bestellung\s*nr|auftragsnummer"
    r"|your\s*order|votre\s*commande|uw\s*bestelling|ihre\s*bestellung|\bpo\s*(?:no|number|#)",
    _I,
)
PAYMENT_REFERENCE = re.compile(
    r"structured\s*communication|communication\s*structuree|gestructureerde\s*mededeling"
    r"|payment\s*reference|zahlungsreferenz|verwendungszweck|mededeling|communication"
    r"|reference\s*(?:avis\s*de\s*)?(?:de\s*)?paiement|betalingskenmerk|betalingsreferentie",
    _I,
)
CURRENCY_LABEL = re.compile(r"currency|devise|wahrung|valuta|munt(?:eenheid)?", _I)

# Totals. A label's strength for each role; the arithmetic decides between candidates.
EXCL = re.compile(
    r"sub\s*-?\s*total|sous\s*-?\s*total|subtotaal|zwischensumme|total\s*(?:excl|ht\b|hors|net|before|sans)"
    r"|(?:excl|exclusief|exclusive|hors|zonder|ohne|sans)\.?\s*(?:de\s*)?(?:btw|tva|vat|mwst|ust|taxe?s?"
    r"|t\.\s?v\.\s?a|b\.\s?t\.\s?w)"
    # the order reversed: "Amount (VAT excl.)", "Prix (TVA exclue)"
    r"|(?:vat|tva|btw|mwst|ust)\.?\s*(?:excl|exclusief|exclusive|excluded|exclue?|exkl)"
    # "H.T." with its dots, "H.T.V.A."
    r"|\bh\.\s?t\.?(?:\s?v\.\s?a)?(?![a-z])"
    # "Total des frais avant impot", "Montant avant TVA", "Betrag vor Steuern", "Pre-tax"
    r"|(?:avant|before|vor)\s*(?:impots?|taxes?|tva|vat|btw|steuern?)|\bpre\s*-?\s*tax"
    r"|\bht\b|htva|\bnetto|nettobetrag|net\s*(?:amount|total|price)|\bnet\b(?!\s*a\s*payer)|montant\s*ht|base\s*(?:imposable|tva|ht)?"
    r"|maatstaf|grondslag|tax\s*basis|taxable|untaxed|warenwert|positionen\s*netto|charges",
    _I,
)
VAT = re.compile(
    r"(?<![a-z])(?:vat|tva|btw|mwst|ust|umsatzsteuer|mehrwertsteuer|tax|taxe|taxes|steuer|gst|iva)"
    r"(?![a-z]|\.?\s*(?:comprise?|incluse?|inbegrepen|inbegriffen|included|incl|inkl|excl|exkl))"
    # "T.V.A.", "B.T.W." with their dots, never "T.V.A.C." (incl. VAT)
    r"|\b(?:t\.\s?v\.\s?a|b\.\s?t\.\s?w)(?!\.?\s*c\b)"
    r"(?!\.?\s*(?:comprise?|incluse?|inbegrepen|incl|excl))"
    r"|(?:montant|total)\s*tva(?![a-z]|\s*(?:comprise?|incluse?))|btw-?bedrag|ust\.?-?betrag|mwst\.?-?betrag|tax\s*amount|steuerbetrag"
    r"|umsatzsteuerbetrag|mwst\.?\s*eur|btw\s*bedrag",
    _I,
)
# "TVAC" (TVA comprise) is Belgian French for incl. VAT: never a VAT amount label.
INCL_STRONG = re.compile(
    r"\bincl|\binkl|inclusief|\bttc\b|\btvac\b|tva\s*(?:comprise|incluse)|btw\s*inbegrepen"
    r"|mwst\.?\s*inbegriffen|brutto|gesamtbetrag(?!\s*der)|endsumme|grand\s*total|te\s*betalen"
    r"|a\s*payer|amount\s*due|total\s*due|balance\s*due|rechnungsbetrag|zu\s*zahlen|zahlbetrag"
    r"|montant\s*total|total\s*amount|total\s*facture|factuur\s*totaal|invoice\s*total|summe\s*gesamt"
    r"|total\s*for\s*this\s*invoice|somme\s*a\s*payer|totaalbedrag"
    # "Montant a regler", "(Factuur)eindbedrag", "Invoice amount", "Factuurbedrag", "Total
    # (amount) to be paid", "Amount payable", "T.T.C." and "T.V.A.C." with their dots.
    r"|a\s*regler|eindbedrag|invoice\s*amount|factuurbedrag"
    r"|to\s*(?:be\s*)?paid\b|(?:total|amount|sum)\s*to\s*pay\b"
    r"|amount\s*payable|\bt\.\s?t\.\s?c\b|\bt\.\s?v\.\s?a\.\s?c\b"
    # "Montant du (en EUR) :" is the amount due, "montant du loyer" is not.
    r"|montant\s*du\b(?=\s*(?:en\b|:|€|eur\b|\(|$))"
    # Odoo's "Amount Due" in Dutch and German; what is still open.
    r"|verschuldigd|openstaand|f(?:a|ae)lliger\s*betrag|amount\s*remaining|montant\s*restant",
    _I,
)
# A total that says VAT is in it: the VAT is not nil, even when no VAT amount is printed.
VAT_INCLUDED = re.compile(
    r"\btvac\b|\bttc\b|tva\s*(?:comprise?|incluse?)|btw\s*inbegrepen|mwst\.?\s*inbegriffen"
    r"|\bt\.\s?t\.\s?c\b|\bt\.\s?v\.\s?a\.\s?c\b"
    r"|(?:incl|inkl|inclusief|inklusive|including|y\s*compris)\.?\s*(?:de\s*(?:la\s*)?)?"
    r"(?:btw|tva|vat|mwst|ust|taxes?)|(?:vat|tva|btw)\s*incl",
    _I,
)
INCL_WEAK = re.compile(r"\btotal\b|totaal|\bgesamt|\bsumme\b|\btotal\s*€", _I)
PAYABLE = re.compile(
    r"amount\s*due|balance\s*due|total\s*due|a\s*payer|te\s*betalen|zu\s*zahlen|zahlbetrag"
    r"|restbetrag|offener\s*betrag|noch\s*zu|solde|saldo|payable|amount\s*payable|somme\s*a\s*payer"
    r"|a\s*regler|to\s*(?:be\s*)?paid\b|(?:total|amount|sum)\s*to\s*pay\b"
    r"|montant\s*du\b(?=\s*(?:en\b|:|€|eur\b|\(|$))"
    # Odoo's "Amount Due" in Dutch and German; what is still open.
    r"|verschuldigd|openstaand|f(?:a|ae)lliger\s*betrag|amount\s*remaining|montant\s*restant",
    _I,
)
PREPAID = re.compile(
    r"prepaid|deja\s*paye|acompte|vorauszahlung|anzahlung|bereits\s*(?:bezahlt|gezahlt)|voorschot"
    r"|reeds\s*betaald|paid\s*amount|amount\s*paid|already\s*paid|deposit|abschlagszahlung"
    # a bare "Paid:" right before its amount
    r"|(?<!be\s)(?<!to\s)\bpaid\s*:?\s*(?:€|eur)?\s*$"
    # A payment line with its date ("Paid on 02-11-2025", "Betaald op …", "Payé le …").
    r"|\bpaid\s*on\b|betaald\s*op|\bpaye\s*le\b|bezahlt\s*am",
    _I,
)

BUYER_CONTEXT = re.compile(
    r"\b(?:client|customer|kunde|kunden|kaufer|klant|afnemer|acheteur|buyer|bill\s*to|sold\s*to"
    r"|ship\s*to|destinataire|empfanger|leistungsempfanger|rechnungsempfanger|vos|votre|your|ihre"
    r"|uw|debiteur|debitor|factuuradres|adresse\s*de\s*facturation|billing\s*address|livraison"
    r"|lieferadresse|afleveradres|delivery)\b"
    # "Invoice to" as a heading, never "facture à payer avant le ...".
    r"|\b(?:invoice\s*to|invoiced\s*to|factur[eé]\s*[aà]|factuur\s*aan|rechnung\s*an)\s*:?\s*$"
    r"|^\s*(?:to|aan|an)\s*:?\s*$|^\s*[aà]\s*:\s*$",
    _I,
)
SELLER_CONTEXT = re.compile(
    r"\b(?:seller|vendeur|verkaufer|leverancier|fournisseur|supplier|lieferant|our|notre|nos"
    r"|unsere|onze|sold\s*by|service\s*provider|issuer|emetteur|absender|afzender|expediteur"
    r"|rechnungssteller|rechnungsaussteller|leistungserbringer|auftragnehmer|verkoper"
    r"|dienstverlener|prestataire|facturant|billed\s*by|invoiced\s*by|issued\s*by)\b"
    # "From" alone on its line, in four languages ("Van" over "Studio Lambert"); "De"
    # only with its colon, since a lone "DE" is also a VAT number's country code.
    r"|^\s*(?:from|van|von)\s*:?\s*$|^\s*de\s*:\s*$",
    _I,
)
VAT_LABEL = re.compile(
    r"\b(?:vat|tva|btw|mwst|ust|u\.?st|uid|iva|moms|tin)\b|ust-?id|ust\.?-?id|ustid|umsatzsteuer"
    r"|vat\s*(?:no|number|reg)|n°\s*tva|btw\s*nr|ondernemingsnummer|numero\s*d'entreprise"
    # "T.V.A.", "B.T.W.", "M.W.St." with their dots
    r"|\bt\.\s?v\.\s?a\b|\bb\.\s?t\.\s?w\b|\bm\.\s?w\.\s?st\b",
    _I,
)
# A Belgian enterprise number (the VAT number's ten digits, often printed without "BE"):
# "N° d'entreprise", "Ondernemingsnr.", "KBO", "BCE", "RPM/RPR Bruxelles".
BE_ENTERPRISE_LABEL = re.compile(
    r"entreprise|onderneming|unternehmensnummer|enterprise\s*(?:no|number)|\b(?:kbo|bce|rpm|rpr)\b",
    _I,
)
CREDIT_NOTE = re.compile(
    r"credit\s*note|creditnota|credit\s*nota|note\s*de\s*credit|\bavoir\b|gutschrift|rechnungskorrektur"
    r"|stornorechnung|kreditnota|creditfactuur",
    _I,
)
LEGAL_FORM = re.compile(
    r"\b(?:gmbh|ag|kg|ohg|ug|e\.\s?k\.|bv|b\.v\.|nv|n\.v\.|sa|s\.a\.|sas|sarl|sprl|srl|bvba|vof"
    r"|commv|ltd\.?|limited|inc\.?|llc|plc|ab|oy|spa|s\.p\.a\.|corporation|corp\.?|sp\.\s?z\s?o\.o\."
    r"|spolka|scrl|scs|asbl|vzw|sasu|eurl|snc|sci|selarl|kgaa|gbr|sprlu|scri|cvba|ebvba|scomm"
    # Belgium's cooperative (SC / CV, since the 2019 Companies Code) and the European
    # company: capitals only, "cv-ketel" and French "se" are words.
    r"|(?-i:SC|CV|SE))(?=\W|$)",
    _I,
)
