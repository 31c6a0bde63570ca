"""The multi-invoice hint (B11) on generated scans: how often it finds exactly where invoices start.

.venv/bin/python bench/split/run.py [N]

Each case is a text PDF of 1 to 4 invoices in FR, NL, DE or EN, from the same supplier or
from several, of 1 to 3 pages each; continuation pages repeat the header and the invoice
number, carry a "page x/y" marker, or only hold more lines and the total. The text is read
back from the PDF by PDFium, as the intake does. A case counts as right when the hint
equals the true first pages ([] for a single invoice). The hint before this change (an
invoice word in the page's head) is measured on the same cases for comparison.

The second set stacks the real invoices of the shared corpus (../shared/corpus/4_pdf_invoices:
Belgian, Dutch, German, French and other layouts, 1 to 3 pages each) 1 to 4 at a time.
"""

from __future__ import annotations

import os
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fidu.settings")

WORDS = {
    "fr": ("Facture", "N° de facture", "Date", "Total TVAC", "Sous-total HTVA", "Page"),
    "nl": (
        "Factuur",
        "Factuurnummer",
        "Datum",
        "Totaal te betalen",
        "Subtotaal excl. btw",
        "Pagina",
    ),
    "de": ("Rechnung", "Rechnungsnummer", "Datum", "Gesamtbetrag", "Zwischensumme netto", "Seite"),
    "en": ("Invoice", "Invoice no.", "Date", "Total due", "Subtotal excl. VAT", "Page"),
}
OF = {"fr": "/", "nl": "van", "de": "von", "en": "of"}
COLUMNS = {
    "fr": "Description  Qté  Prix  Total",
    "nl": "Omschrijving  Aantal  Prijs  Totaal",
    "de": "Beschreibung  Menge  Preis  Gesamt",
    "en": "Description  Qty  Price  Total",
}
CARRIED = {"fr": "À reporter", "nl": "Over te dragen", "de": "Übertrag", "en": "Carried forward"}
FOOTER = {
    "fr": "Payable à 30 jours de la date de facture. Conditions générales au verso.",
    "nl": "Betaalbaar binnen 30 dagen na factuurdatum.",
    "de": "Zahlbar innerhalb von 30 Tagen nach Rechnungsdatum.",
    "en": "Payable within 30 days of the invoice date.",
}
SUPPLIERS = [
    ("Brasserie du Parc SRL", "BE0412345678"),
    ("Bakkerij Janssens BV", "BE0798765432"),
    ("Müller Bürobedarf GmbH", "DE123456789"),
    ("Office Supplies Ltd", "BE0555666777"),
    ("Garage Dupont SA", "BE0444333222"),
]
ITEMS = ["Café", "Papier A4", "Entretien", "Consultance", "Huile moteur", "Toner", "Licence"]


def invoice_pages(
    rng: random.Random, lang: str, supplier, style: str, pages: int
) -> list[list[str]]:
    title, number_label, date_label, total, subtotal, page_word = WORDS[lang]
    name, vat = supplier
    number = rng.choice(["2024-", "F", "INV-", "R-", ""]) + str(rng.randint(10, 9999))
    header = [name, f"Rue de la Station {rng.randint(1, 99)}, 1000 Bruxelles", vat]
    as_title = rng.random() < 0.5  # "Facture 2024-017" or "N° de facture : 2024-017"
    id_lines = [f"{title} {number}"] if as_title else [title, f"{number_label} : {number}"]
    if rng.random() < 0.1:  # a till receipt or a note with no invoice number at all
        id_lines = [title]
    footer = rng.random() < 0.5
    out = []
    for p in range(1, pages + 1):
        lines: list[str] = []
        if p == 1 or style == "repeat":
            lines += header + id_lines
        elif style == "marker":
            lines += [*header, title]
        if style == "marker" and pages > 1:
            lines.append(f"{page_word} {p} {OF[lang]} {pages}")
        if p == 1:
            lines.append(f"{date_label} : {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024")
        lines.append(COLUMNS[lang])
        for _ in range(rng.randint(3, 12)):
            qty, price = rng.randint(1, 9), rng.randint(100, 99999) / 100
            lines.append(f"{rng.choice(ITEMS)}  {qty}  {price:.2f}  {qty * price:.2f}")
        if p == pages:
            base = rng.randint(1000, 999999) / 100
            lines += [f"{subtotal} {base:.2f}", f"{total} {base * 1.21:.2f} EUR"]
        else:
            lines.append(f"{CARRIED[lang]} {rng.randint(100, 99999) / 100:.2f}")
        if footer:
            lines.append(FOOTER[lang])
        out.append(lines)
    return out


def make_case(rng: random.Random) -> tuple[list[list[str]], list[int]]:
    n = rng.choice([1, 1, 2, 3, 3, 4])
    same_supplier = rng.random() < 0.4
    supplier = rng.choice(SUPPLIERS)
    pages: list[list[str]] = []
    firsts = []
    for _ in range(n):
        firsts.append(len(pages) + 1)
        pages += invoice_pages(
            rng,
            rng.choice(list(WORDS)),
            supplier if same_supplier else rng.choice(SUPPLIERS),
            rng.choice(["repeat", "marker", "bare"]),
            rng.choice([1, 1, 2, 2, 3]),
        )
    return pages, firsts if n > 1 else []


def old_hint(texts: list[str]) -> list[int]:
    """The hint as it was: an invoice word in the head, no "page n" nearby."""
    words = ("invoice", "facture", "factuur", "rechnung", "credit note", "note de crédit")
    firsts = []
    for i, text in enumerate(texts, start=1):
        head = text[:1500].lower()
        if (
            any(w in head for w in words)
            and ("1/" not in head or "1/1" in head or i == 1)
            and not any(f"page {n}" in head or f"pagina {n}" in head for n in range(2, 10))
        ):
            firsts.append(i)
    return firsts if len(firsts) >= 2 and firsts[0] == 1 else []


def pdf_texts(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for page in pdf:
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return out
    finally:
        pdf.close()


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "4_pdf_invoices"


def corpus_cases(rng: random.Random, n: int) -> list[tuple[list[str], list[int]]]:
    """Real invoices of the shared corpus, 1 to 4 distinct ones stacked as one scan would be."""
    files = sorted(CORPUS.rglob("*.pdf")) if CORPUS.exists() else []
    texts = {f: pdf_texts(f.read_bytes()) for f in files}
    cases = []
    for _ in range(n if files else 0):
        picked = rng.sample(files, rng.choice([1, 2, 3, 4]))
        pages: list[str] = []
        firsts = []
        for f in picked:
            firsts.append(len(pages) + 1)
            pages += texts[f]
        cases.append((pages, firsts if len(picked) > 1 else []))
    return cases


def report(title: str, cases, hint, old) -> None:
    n = len(cases)
    if not n:
        print(f"{title}: no cases")
        return
    right = Counter()
    by_invoices = Counter()
    right_by_invoices = Counter()
    misses = []
    for texts, expected in cases:
        invoices = len(expected) or 1
        by_invoices[invoices] += 1
        got = hint(texts)
        right["new"] += got == expected
        right_by_invoices[invoices] += got == expected
        right["old"] += old(texts) == expected
        if got != expected and len(misses) < 3:
            misses.append((expected, got))
    print(f"{title}: {n} cases (by invoices in the scan: {dict(sorted(by_invoices.items()))})")
    print(f"  hint exactly right: {right['new'] / n:.1%} (before: {right['old'] / n:.1%})")
    for k in sorted(by_invoices):
        print(f"  {k} invoice(s): {right_by_invoices[k] / by_invoices[k]:.1%} exactly right")
    for expected, got in misses:
        print("  miss: expected", expected, "got", got)


def main(n: int = 300) -> None:
    import django

    django.setup()
    from documents.pdfgen import make_pages_pdf
    from documents.pdfops import likely_first_pages

    rng = random.Random(11)
    generated = []
    for _ in range(n):
        pages, expected = make_case(rng)
        generated.append((pdf_texts(make_pages_pdf(pages)), expected))
    report("generated scans", generated, likely_first_pages, old_hint)
    report("stacked corpus invoices", corpus_cases(rng, n), likely_first_pages, old_hint)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
