"""CODA files that arrive through any intake channel (upload, e-mail, folder, API) are
read by the bank, never booked as invoices (E1).

The door keeps the original like any file; this step, registered right after `pages`,
recognises a CODA file by its content (a 128-character header record "0000…" followed by
an old-balance record "1…"), imports it, and files the document as a bank statement
in the dossier's *Bank statements* folder, out of the invoice mailboxes, so recognition
and booking leave it alone. A CODA file the reader refuses fails the step with the
reader's reason and line; the original stays downloadable.

Banks mail the CODA file together with the same statement as a PDF. Such a PDF is filed
beside it, never read as an invoice, when it came in the same mail as a CODA file and its
text prints the account number of one of that file's statements: both conditions, so an
invoice that happens to travel with a CODA file stays an invoice.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from bank.coda.reader import CodaError, read
from bank.services.imports import CodaRefused, coda_import
from core.storage import blob_bytes
from core.texts import stored
from documents.intake import StepFailed
from documents.models import DocType, Document, DocumentFolder, DocumentPage, Mailbox, Source


def looks_like_coda(data: bytes) -> bool:
    lines = data[:400].lstrip(b"\xef\xbb\xbf").splitlines()
    return (
        len(lines) >= 2
        and len(lines[0].rstrip()) >= 100
        and lines[0].startswith(b"00000")
        and lines[1][:1] == b"1"
    )


def step_bank_statement(doc: Document) -> dict | None:
    if doc.doc_type == DocType.BANK_STATEMENT:
        return None  # imported already (a retry of a later step)
    data = blob_bytes(doc.original_id)
    if not looks_like_coda(data):
        if _prints_an_account_of_a_coda_beside(doc):
            _file_as_statement(doc)
            return None
        return stored(gettext_noop("not a bank statement"))
    try:
        coda_import(dossier=doc.dossier, data=data, file_name=doc.file_name, actor=doc.uploaded_by)
    except CodaRefused as exc:
        raise StepFailed(exc.text, permanent=True) from None
    _file_as_statement(doc)
    return None


def _prints_an_account_of_a_coda_beside(doc: Document) -> bool:
    """True for the bank's PDF of a statement mailed with its CODA file (see above)."""
    if doc.source not in (Source.EMAIL, Source.IMAP) or not doc.source_ref:
        return False
    text = "".join(DocumentPage.objects.filter(document=doc).values_list("text", flat=True))
    digits = "".join(text.split()).upper()
    if not digits:
        return False
    siblings = Document.objects.filter(
        dossier=doc.dossier, source=doc.source, source_ref=doc.source_ref
    ).exclude(pk=doc.pk)
    for original_id in siblings.values_list("original_id", flat=True):
        sibling = blob_bytes(original_id)
        if not looks_like_coda(sibling):
            continue
        try:
            accounts = {statement.account.upper() for statement in read(sibling)}
        except CodaError:
            continue
        if any(account and account in digits for account in accounts):
            return True
    return False


def _file_as_statement(doc: Document) -> None:
    with translation.override(doc.dossier.language):
        name = gettext("Bank statements")
    folder, _created = DocumentFolder.objects.get_or_create(dossier=doc.dossier, name=name)
    Document.objects.filter(pk=doc.pk).update(
        mailbox=Mailbox.MISC, doc_type=DocType.BANK_STATEMENT, folder=folder
    )
    doc.mailbox, doc.doc_type, doc.folder = Mailbox.MISC, DocType.BANK_STATEMENT, folder
