"""Import results in words: the report stores counts under stable codes (section, what),
translated with the right plural when a person reads them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

SECTION_NAMES: dict[str, Promise] = {
    "accounts": _("Accounts"),
    "journals": _("Journals"),
    "vat_codes": _("VAT codes"),
    "periods": _("Periods"),
    "counterparties": _("Customers and suppliers"),
    "entries": _("Entries"),
    "open_items": _("Open items"),
}

SENTENCES: dict[tuple[str, str], Callable[[int], str]] = {
    ("accounts", "created"): lambda n: ngettext(
        "%(n)s account created", "%(n)s accounts created", n
    ),
    ("accounts", "updated"): lambda n: ngettext(
        "%(n)s account updated", "%(n)s accounts updated", n
    ),
    ("journals", "saved"): lambda n: ngettext("%(n)s journal saved", "%(n)s journals saved", n),
    ("vat_codes", "saved"): lambda n: ngettext("%(n)s VAT code saved", "%(n)s VAT codes saved", n),
    ("periods", "fiscal years created"): lambda n: ngettext(
        "%(n)s fiscal year created", "%(n)s fiscal years created", n
    ),
    ("periods", "created"): lambda n: ngettext("%(n)s period created", "%(n)s periods created", n),
    ("counterparties", "saved"): lambda n: ngettext(
        "%(n)s customer or supplier saved", "%(n)s customers and suppliers saved", n
    ),
    ("entries", "posted"): lambda n: ngettext("%(n)s entry posted", "%(n)s entries posted", n),
    ("entries", "already present"): lambda n: ngettext(
        "%(n)s entry already in the books", "%(n)s entries already in the books", n
    ),
    ("open_items", "settled lines"): lambda n: ngettext(
        "%(n)s line settled", "%(n)s lines settled", n
    ),
    ("open_items", "open lines"): lambda n: ngettext(
        "%(n)s line left open", "%(n)s lines left open", n
    ),
}


def section_name(section: str) -> str:
    name = SECTION_NAMES.get(section)
    return str(name) if name is not None else section


def count_sentence(section: str, what: str, n: int) -> str:
    sentence = SENTENCES.get((section, what))
    if sentence is None:  # a count this module does not know yet: still readable
        return ngettext("%(n)s item: %(what)s", "%(n)s items: %(what)s", n) % {
            "n": n,
            "what": what,
        }
    return sentence(n) % {"n": n}


def report_results(counts: Mapping[str, Mapping[str, int]]) -> list[tuple[str, list[str]]]:
    """[(section name, [sentence, ...]), ...] in the reader's language."""
    return [
        (section_name(section), [count_sentence(section, what, int(n)) for what, n in c.items()])
        for section, c in counts.items()
    ]
