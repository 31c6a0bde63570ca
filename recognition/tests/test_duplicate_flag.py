"""B10: the same invoice arriving twice (counterparty + number + amount) is flagged on the document."""

from __future__ import annotations

from django.test import override_settings

from documents.pdfgen import make_pdf

INVOICE = (
    "FACTURE 2026-0042 Date 12/03/2026 Fournisseur Papeterie Leroy SRL TVA BE0412345614 "
    "Total HTVA 100,00 TVA 21% 21,00 Total TVAC 121,00"
)


@override_settings(FIDU_RECOGNITION_ON_INTAKE=True)
def test_it_flags_the_same_invoice_sent_as_another_file(world, handed_in):
    user = world.clients["full_access"]

    def intake(name: str, text: str):
        [doc] = handed_in(file=make_pdf([text]), name=name, actor=user)
        doc.refresh_from_db()
        return doc

    first = intake("scan.pdf", INVOICE)
    second = intake("mail.pdf", INVOICE + " Copie")
    other = intake("other.pdf", INVOICE.replace("2026-0042", "2026-0043"))
    assert first.duplicate_of is None
    assert second.duplicate_of_id == first.pk
    assert other.duplicate_of is None
