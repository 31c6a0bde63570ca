"""Sample objects for the permission harness (tenancy/tests): one stored object per model routes take."""

from __future__ import annotations

from documents.intake import Incoming, intake_file
from documents.models import DocumentFolder, Mailbox, Source
from documents.tests.pdfs import make_pdf


def _document(dossier):
    return intake_file(
        Incoming(
            dossier=dossier,
            mailbox=Mailbox.PURCHASES,
            source=Source.COMMAND,
            file_name="sample.pdf",
            data=make_pdf([f"Sample {dossier.pk}"]),
        )
    )[0]


def _folder(dossier):
    return DocumentFolder.objects.get_or_create(dossier=dossier, name="Sample folder")[0]


SAMPLES = {"documents.Document": _document, "documents.DocumentFolder": _folder}
