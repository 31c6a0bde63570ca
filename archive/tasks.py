"""Background work of the archive: keep one document's index row current (takes an id)."""

from __future__ import annotations

from django_tasks import task


@task()
def archive_index_task(document_id: int) -> None:
    from archive.search.service import archive_index_document

    archive_index_document(document_id)
