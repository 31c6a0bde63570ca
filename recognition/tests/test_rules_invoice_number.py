"""Invoice number rules on synthetic pages (words placed here, no corpus file)."""

from __future__ import annotations

from recognition.engine.extract import extract_fields
from recognition.engine.types import PageText, Word

CHAR_W, H = 5.0, 9.0


def _words(text: str, x: float, y: float) -> list[Word]:
    out = []
    for token in text.split():
        out.append(Word(token, x, y, x + CHAR_W * len(token), y + H))
        x += CHAR_W * len(token) + 4
    return out


def _number(*placed: tuple[str, float, float]) -> str | None:
    words = [w for text, x, y in placed for w in _words(text, x, y)]
    found, _ = extract_fields([PageText(1, 600, 850, words, "ocr")])
    fv = found.get("invoice_number")
    return fv.value if fv else None


def test_it_takes_the_value_printed_under_a_label_in_its_column():
    assert _number(("Invoice No", 400, 40), ("2024-0117", 400, 54)) == "2024-0117"


def test_it_does_not_take_the_tail_of_an_address_line_running_under_the_label():
    # The label's own value is unreadable (OCR noise); the line below is the warehouse
    # address, whose postcode ends right under the label.
    number = _number(
        ("Invoice No", 400, 40),
        ("Warehouse Address: 42 Village Road, Hoskote Taluk, Bangalore, India", 100, 54),
        ("560067", 439, 54),
    )
    assert number != "560067"


def test_it_does_not_take_a_version_or_a_quantity_for_the_invoice_number():
    # OCR turned "Factur-x 1.0" into "Factuur 1.0"; the number itself was unreadable.
    assert _number(("Rechnungsstandard: Factuur 1.0 bzw. ZUGFeRD 2.x", 40, 40)) is None
    assert _number(("Invoice 2,5 kg", 40, 40)) is None
