"""Background work of the books: the nightly synchronisation (D4)."""

from __future__ import annotations

from django_tasks import task


@task()
def ledger_sync_dossier(dossier_id: int, trigger: str = "nightly") -> str:
    from ledger.services.sync import sync_run
    from tenancy.models import Dossier

    dossier = Dossier.objects.filter(pk=dossier_id, books__isnull=False).first()
    if dossier is None:
        return "skipped"
    return sync_run(actor=None, dossier=dossier, trigger=trigger).status
