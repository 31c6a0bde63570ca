"""Cheap rows for the monitor's tests and bench: documents without running the pipeline."""

from __future__ import annotations

from core.storage import blob_put
from documents.models import DocState, Document, Mailbox, Source
from tenancy.models import Dossier


def blob():
    return blob_put(b"%PDF-1.4 monitor sample\n", content_type="application/pdf")


def documents(dossier: Dossier, n: int, *, state=DocState.INBOX, mailbox=Mailbox.PURCHASES, **kw):
    original = blob()
    return Document.objects.bulk_create(
        [
            Document(
                dossier=dossier,
                mailbox=mailbox,
                doc_type="misc" if mailbox == Mailbox.MISC else "purchase_invoice",
                state=state,
                file_name=f"doc-{i}.pdf",
                original=original,
                source=Source.UPLOAD,
                **kw,
            )
            for i in range(n)
        ]
    )
