"""The Belgian minimum standard chart of accounts (PCMN / MAR), the accounts an SME uses.

Source: Arrêté royal du 12 septembre 1983 déterminant la teneur et la présentation
d'un plan comptable minimum normalisé / Koninklijk besluit van 12 september 1983 tot
bepaling van de minimumindeling van een algemeen rekeningenstelsel (classes 1-7), as
summarised in /work/shared/BELGIUM.md. Six-digit codes as Belgian packages use them.
"""

from __future__ import annotations

# (code, French name, Dutch name)
ACCOUNTS: list[tuple[str, str, str]] = [
    # Class 1 – equity, provisions, long-term debts
    ("100000", "Capital souscrit", "Geplaatst kapitaal"),
    ("101000", "Capital non appelé", "Niet-opgevraagd kapitaal"),
    (
        "110000",
        "Apport hors capital (primes d'émission)",
        "Inbreng buiten kapitaal (uitgiftepremies)",
    ),
    ("130000", "Réserve légale", "Wettelijke reserve"),
    ("133000", "Réserves disponibles", "Beschikbare reserves"),
    ("140000", "Bénéfice reporté", "Overgedragen winst"),
    ("141000", "Perte reportée", "Overgedragen verlies"),
    ("150000", "Subsides en capital", "Kapitaalsubsidies"),
    (
        "160000",
        "Provisions pour pensions et obligations similaires",
        "Voorzieningen voor pensioenen en soortgelijke verplichtingen",
    ),
    (
        "163000",
        "Provisions pour autres risques et charges",
        "Voorzieningen voor andere risico's en kosten",
    ),
    (
        "172000",
        "Dettes de location-financement à plus d'un an",
        "Leasingschulden op meer dan een jaar",
    ),
    ("173000", "Emprunts bancaires à plus d'un an", "Bankleningen op meer dan een jaar"),
    ("174000", "Autres emprunts à plus d'un an", "Overige leningen op meer dan een jaar"),
    ("179000", "Autres dettes à plus d'un an", "Overige schulden op meer dan een jaar"),
    # Class 2 – formation expenses, fixed assets, long-term receivables
    ("200000", "Frais de constitution", "Oprichtingskosten"),
    ("210000", "Frais de recherche et de développement", "Kosten van onderzoek en ontwikkeling"),
    ("211000", "Concessions, brevets, licences", "Concessies, octrooien, licenties"),
    ("212000", "Goodwill", "Goodwill"),
    ("213000", "Logiciels", "Software"),
    ("220000", "Terrains", "Terreinen"),
    ("221000", "Constructions", "Gebouwen"),
    ("221009", "Amortissements actés sur constructions", "Geboekte afschrijvingen op gebouwen"),
    ("230000", "Installations, machines et outillage", "Installaties, machines en uitrusting"),
    (
        "230009",
        "Amortissements actés sur installations et machines",
        "Geboekte afschrijvingen op installaties en machines",
    ),
    ("240000", "Mobilier", "Meubilair"),
    ("240009", "Amortissements actés sur mobilier", "Geboekte afschrijvingen op meubilair"),
    ("241000", "Matériel de bureau et informatique", "Kantoormateriaal en informatica"),
    (
        "241009",
        "Amortissements actés sur matériel de bureau",
        "Geboekte afschrijvingen op kantoormateriaal",
    ),
    ("242000", "Matériel roulant", "Rollend materieel"),
    (
        "242009",
        "Amortissements actés sur matériel roulant",
        "Geboekte afschrijvingen op rollend materieel",
    ),
    ("250000", "Immobilisations en location-financement", "Vaste activa in leasing"),
    ("260000", "Autres immobilisations corporelles", "Overige materiële vaste activa"),
    (
        "270000",
        "Immobilisations en cours et acomptes versés",
        "Vaste activa in aanbouw en vooruitbetalingen",
    ),
    (
        "280000",
        "Participations dans des entreprises liées",
        "Deelnemingen in verbonden ondernemingen",
    ),
    ("288000", "Cautionnements versés en numéraire", "Borgtochten betaald in contanten"),
    ("290000", "Créances commerciales à plus d'un an", "Handelsvorderingen op meer dan een jaar"),
    ("291000", "Autres créances à plus d'un an", "Overige vorderingen op meer dan een jaar"),
    # Class 3 – stocks
    ("300000", "Matières premières", "Grondstoffen"),
    ("310000", "Fournitures", "Hulpstoffen"),
    ("320000", "En-cours de fabrication", "Goederen in bewerking"),
    ("330000", "Produits finis", "Gereed product"),
    ("340000", "Marchandises", "Handelsgoederen"),
    ("360000", "Acomptes versés sur achats pour stocks", "Vooruitbetalingen op voorraadinkopen"),
    # Class 4 – receivables and payables within one year
    ("400000", "Clients", "Klanten"),
    ("401000", "Effets à recevoir", "Te innen wissels"),
    ("404000", "Produits à recevoir", "Te innen opbrengsten"),
    ("406000", "Acomptes versés", "Vooruitbetalingen"),
    ("407000", "Créances douteuses", "Dubieuze debiteuren"),
    (
        "409000",
        "Réductions de valeur actées sur clients",
        "Geboekte waardeverminderingen op klanten",
    ),
    ("411000", "TVA à récupérer", "Terug te vorderen btw"),
    ("411100", "TVA à récupérer – compte courant", "Terug te vorderen btw – rekening-courant"),
    (
        "412000",
        "Impôts et précomptes à récupérer",
        "Terug te vorderen belastingen en voorheffingen",
    ),
    ("416000", "Créances diverses", "Diverse vorderingen"),
    ("418000", "Cautionnements versés en numéraire", "Borgtochten betaald in contanten"),
    ("440000", "Fournisseurs", "Leveranciers"),
    ("441000", "Effets à payer", "Te betalen wissels"),
    ("444000", "Factures à recevoir", "Te ontvangen facturen"),
    ("450000", "Dettes fiscales estimées", "Geraamde belastingschulden"),
    ("451000", "TVA à payer", "Te betalen btw"),
    ("451100", "TVA à payer – compte courant", "Te betalen btw – rekening-courant"),
    ("452000", "Impôts et taxes à payer", "Te betalen belastingen"),
    ("453000", "Précomptes retenus", "Ingehouden voorheffingen"),
    ("454000", "Office national de sécurité sociale", "Rijksdienst voor Sociale Zekerheid"),
    ("455000", "Rémunérations à payer", "Te betalen bezoldigingen"),
    ("456000", "Pécules de vacances", "Vakantiegeld"),
    ("459000", "Autres dettes sociales", "Andere sociale schulden"),
    ("460000", "Acomptes reçus sur commandes", "Ontvangen vooruitbetalingen op bestellingen"),
    (
        "470000",
        "Dividendes et tantièmes des exercices antérieurs",
        "Dividenden en tantièmes over vorige boekjaren",
    ),
    ("471000", "Dividendes de l'exercice", "Dividenden over het boekjaar"),
    ("480000", "Obligations et coupons échus", "Vervallen obligaties en coupons"),
    ("489000", "Autres dettes diverses", "Andere diverse schulden"),
    ("489100", "Compte courant administrateur", "Rekening-courant bestuurder"),
    ("490000", "Charges à reporter", "Over te dragen kosten"),
    ("491000", "Produits acquis", "Verkregen opbrengsten"),
    ("492000", "Charges à imputer", "Toe te rekenen kosten"),
    ("493000", "Produits à reporter", "Over te dragen opbrengsten"),
    ("499000", "Compte d'attente", "Wachtrekening"),
    # Class 5 – investments and liquid assets
    ("510000", "Actions et parts – valeur d'acquisition", "Aandelen – aanschaffingswaarde"),
    ("520000", "Titres à revenu fixe", "Vastrentende effecten"),
    ("530000", "Dépôts à terme", "Termijndeposito's"),
    ("550000", "Banque – compte courant", "Bank – rekening-courant"),
    ("550100", "Banque – deuxième compte", "Bank – tweede rekening"),
    ("551000", "Banque – compte épargne", "Bank – spaarrekening"),
    ("560000", "Office des chèques postaux", "Postcheque- en girodienst"),
    ("570000", "Caisse", "Kas"),
    ("580000", "Virements internes", "Interne overboekingen"),
    ("581000", "Paiements par carte en cours", "Kaartbetalingen onderweg"),
    # Class 6 – charges
    ("600000", "Achats de matières premières", "Aankopen van grondstoffen"),
    ("601000", "Achats de fournitures", "Aankopen van hulpstoffen"),
    ("602000", "Achats de services, travaux et études", "Aankopen van diensten, werken en studies"),
    ("603000", "Sous-traitances générales", "Algemene onderaannemingen"),
    ("604000", "Achats de marchandises", "Aankopen van handelsgoederen"),
    (
        "608000",
        "Remises, ristournes et rabais obtenus",
        "Ontvangen kortingen, ristorno's en rabatten",
    ),
    ("609000", "Variation des stocks", "Voorraadwijzigingen"),
    ("610000", "Loyers et charges locatives", "Huur en huurlasten"),
    ("610100", "Location-financement et leasing", "Leasing"),
    ("611000", "Entretien et réparations", "Onderhoud en herstellingen"),
    ("612000", "Eau, gaz, électricité, chauffage", "Water, gas, elektriciteit, verwarming"),
    ("612100", "Fournitures de bureau", "Kantoorbenodigdheden"),
    ("613000", "Honoraires comptables et juridiques", "Erelonen boekhouding en juridisch advies"),
    ("613100", "Autres honoraires et rétributions", "Andere erelonen en vergoedingen"),
    ("613200", "Informatique, logiciels et abonnements", "Informatica, software en abonnementen"),
    ("614000", "Publicité, annonces et salons", "Publiciteit, advertenties en beurzen"),
    ("614100", "Frais de représentation et de réception", "Representatie- en ontvangstkosten"),
    ("614200", "Cadeaux à la clientèle", "Relatiegeschenken"),
    ("615000", "Téléphone, internet et frais postaux", "Telefoon, internet en portkosten"),
    ("616000", "Assurances", "Verzekeringen"),
    ("617000", "Personnel intérimaire", "Uitzendkrachten"),
    (
        "618000",
        "Rémunérations des administrateurs et gérants",
        "Bezoldigingen van bestuurders en zaakvoerders",
    ),
    ("619000", "Carburant et frais de véhicules", "Brandstof en voertuigkosten"),
    ("619100", "Frais de déplacement", "Reiskosten"),
    ("619200", "Documentation et cotisations professionnelles", "Documentatie en beroepsbijdragen"),
    (
        "620000",
        "Rémunérations et avantages sociaux directs",
        "Bezoldigingen en rechtstreekse sociale voordelen",
    ),
    ("620200", "Rémunérations des employés", "Bezoldigingen bedienden"),
    ("620300", "Rémunérations des ouvriers", "Bezoldigingen arbeiders"),
    (
        "621000",
        "Cotisations patronales d'assurances sociales",
        "Werkgeversbijdragen voor sociale verzekeringen",
    ),
    (
        "622000",
        "Primes patronales pour assurances extralégales",
        "Werkgeverspremies voor bovenwettelijke verzekeringen",
    ),
    ("623000", "Autres frais de personnel", "Andere personeelskosten"),
    ("623100", "Chèques-repas", "Maaltijdcheques"),
    ("623200", "Assurance accidents du travail", "Arbeidsongevallenverzekering"),
    ("624000", "Pensions de retraite et de survie", "Rust- en overlevingspensioenen"),
    ("630000", "Amortissements sur frais d'établissement", "Afschrijvingen op oprichtingskosten"),
    (
        "630100",
        "Amortissements sur immobilisations incorporelles",
        "Afschrijvingen op immateriële vaste activa",
    ),
    (
        "630200",
        "Amortissements sur immobilisations corporelles",
        "Afschrijvingen op materiële vaste activa",
    ),
    ("631000", "Réductions de valeur sur stocks", "Waardeverminderingen op voorraden"),
    (
        "634000",
        "Réductions de valeur sur créances commerciales",
        "Waardeverminderingen op handelsvorderingen",
    ),
    ("635000", "Provisions pour pensions", "Voorzieningen voor pensioenen"),
    (
        "637000",
        "Provisions pour autres risques et charges",
        "Voorzieningen voor andere risico's en kosten",
    ),
    ("640000", "Taxes d'exploitation", "Bedrijfsbelastingen"),
    ("640100", "Taxe de circulation", "Verkeersbelasting"),
    ("640200", "Précompte immobilier", "Onroerende voorheffing"),
    ("641000", "Moins-values sur réalisation d'actifs", "Minderwaarden op realisatie van activa"),
    (
        "642000",
        "Moins-values sur réalisation de créances commerciales",
        "Minderwaarden op realisatie van handelsvorderingen",
    ),
    ("643000", "Autres charges d'exploitation", "Andere bedrijfskosten"),
    ("643100", "Amendes non déductibles", "Niet-aftrekbare boetes"),
    ("650000", "Intérêts sur emprunts", "Interesten op leningen"),
    ("650100", "Intérêts de leasing", "Leasinginteresten"),
    (
        "651000",
        "Réductions de valeur sur actifs circulants financiers",
        "Waardeverminderingen op vlottende financiële activa",
    ),
    ("653000", "Escomptes accordés", "Toegekende disconto's"),
    ("654000", "Différences de change", "Wisselkoersverschillen"),
    ("657000", "Frais bancaires", "Bankkosten"),
    ("659000", "Autres charges financières", "Andere financiële kosten"),
    ("660000", "Amortissements exceptionnels", "Uitzonderlijke afschrijvingen"),
    (
        "663000",
        "Moins-values sur réalisation d'immobilisations",
        "Minderwaarden op realisatie van vaste activa",
    ),
    ("664000", "Autres charges exceptionnelles", "Andere uitzonderlijke kosten"),
    (
        "670000",
        "Impôts belges sur le résultat de l'exercice",
        "Belgische belastingen op het resultaat van het boekjaar",
    ),
    ("670200", "Versements anticipés", "Voorafbetalingen"),
    (
        "671000",
        "Suppléments d'impôts des exercices antérieurs",
        "Belastingsupplementen vorige boekjaren",
    ),
    ("680000", "Transfert aux impôts différés", "Overboeking naar uitgestelde belastingen"),
    (
        "690000",
        "Perte reportée de l'exercice précédent",
        "Overgedragen verlies van het vorige boekjaar",
    ),
    (
        "691000",
        "Dotation au capital et à la prime d'émission",
        "Toevoeging aan het kapitaal en aan de uitgiftepremie",
    ),
    ("692000", "Dotation aux réserves", "Toevoeging aan de reserves"),
    ("693000", "Bénéfice à reporter", "Over te dragen winst"),
    ("694000", "Rémunération du capital", "Vergoeding van het kapitaal"),
    # Class 7 – income
    ("700000", "Ventes de marchandises", "Verkopen van handelsgoederen"),
    ("700100", "Ventes de produits finis", "Verkopen van afgewerkte producten"),
    ("700200", "Ventes intracommunautaires", "Intracommunautaire verkopen"),
    ("700300", "Ventes à l'exportation", "Uitvoer"),
    ("701000", "Prestations de services", "Dienstverlening"),
    ("701100", "Prestations de services intracommunautaires", "Intracommunautaire diensten"),
    (
        "708000",
        "Remises, ristournes et rabais accordés",
        "Toegekende kortingen, ristorno's en rabatten",
    ),
    (
        "710000",
        "Variation des stocks et commandes en cours",
        "Wijziging in de voorraden en bestellingen in uitvoering",
    ),
    ("720000", "Production immobilisée", "Geproduceerde vaste activa"),
    ("740000", "Subsides d'exploitation", "Bedrijfssubsidies"),
    ("743000", "Autres produits d'exploitation", "Andere bedrijfsopbrengsten"),
    ("743100", "Refacturation de frais", "Doorgerekende kosten"),
    ("743200", "Avantages de toute nature", "Voordelen alle aard"),
    ("747000", "Plus-values sur réalisation d'actifs", "Meerwaarden op realisatie van activa"),
    (
        "750000",
        "Produits des immobilisations financières",
        "Opbrengsten uit financiële vaste activa",
    ),
    (
        "751000",
        "Produits des actifs circulants (intérêts)",
        "Opbrengsten uit vlottende activa (interesten)",
    ),
    ("753000", "Subsides en capital et en intérêts", "Kapitaal- en interestsubsidies"),
    ("754000", "Différences de change", "Wisselkoersverschillen"),
    ("756000", "Escomptes obtenus", "Ontvangen disconto's"),
    ("759000", "Autres produits financiers", "Andere financiële opbrengsten"),
    ("760000", "Reprises d'amortissements", "Terugneming van afschrijvingen"),
    (
        "763000",
        "Plus-values sur réalisation d'immobilisations",
        "Meerwaarden op realisatie van vaste activa",
    ),
    ("764000", "Autres produits exceptionnels", "Andere uitzonderlijke opbrengsten"),
    (
        "771000",
        "Régularisation d'impôts sur le résultat",
        "Regularisering van belastingen op het resultaat",
    ),
    (
        "790000",
        "Bénéfice reporté de l'exercice précédent",
        "Overgedragen winst van het vorige boekjaar",
    ),
    ("792000", "Prélèvement sur les réserves", "Onttrekking aan de reserves"),
    ("793000", "Perte à reporter", "Over te dragen verlies"),
]


def account_kind(code: str) -> str:
    """The account's type from its PCMN code (values of ledger.models.AccountKind)."""
    if code.startswith(("40", "41")) and code[:3] in {"400", "401", "404", "406", "407", "409"}:
        return "receivable"
    if code[:3] in {"440", "441"}:
        return "payable"
    if code[:3] in {"411", "451"}:
        return "vat"
    if code.startswith("499"):
        return "suspense"
    if code.startswith(("55", "56")):
        return "bank"
    if code.startswith("57"):
        return "cash"
    first = code[:1]
    if first == "1":
        return "equity"
    if first == "2":
        return "fixed_asset"
    if first == "3":
        return "stock"
    if first == "6":
        return "expense"
    if first == "7":
        return "income"
    return "other"
