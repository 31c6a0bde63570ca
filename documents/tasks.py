"""Background work of the intake: one task per document, running its pending steps."""

from __future__ import annotations

from django_tasks import task


@task()
def process_document(document_id: int) -> None:
    from documents.intake import process

    process(document_id)
