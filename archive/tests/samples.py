"""Sample objects for the permission harness: a file the office published to the dossier."""

from __future__ import annotations


def _publication(dossier):
    from archive.models import Publication
    from core.storage import blob_put

    blob = blob_put(b"%PDF-1.4 shared", content_type="application/pdf")
    return Publication.objects.create(
        dossier=dossier, kind="shared", title="Bilan", file_name="bilan.pdf", blob=blob
    )


SAMPLES = {"archive.Publication": _publication}
