"""Import a file into the books (checked first, applied on request) and export them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.storage import blob_bytes, blob_put
from ledger.interchange.exporter import books_sections, entry_rows, to_csv, to_json, to_xlsx
from ledger.interchange.importer import import_books
from ledger.interchange.reader import read_file
from ledger.interchange.ubl import ubl_zip
from ledger.interchange.winbooks import winbooks_zip
from ledger.models import Entry, ExportBatch, ImportRun, ImportStatus
from tenancy.models import Dossier

EXPORT_FORMATS = {
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv", "csv"),
    "ubl": ("application/zip", "zip"),
    "winbooks": ("application/zip", "zip"),
}


def import_check(
    *, actor: Any, dossier: Dossier, filename: str, data: bytes, section: str = ""
) -> ImportRun:
    """Store the file and run the import without keeping anything: the report."""
    fmt, parsed = read_file(filename, data, section)
    report = import_books(actor=actor, dossier=dossier, parsed=parsed, dry_run=True)
    with transaction.atomic():
        blob = blob_put(data, content_type="application/octet-stream")
        run = ImportRun.objects.create(
            dossier=dossier,
            filename=filename[:200],
            blob=blob,
            fmt=fmt,
            status=ImportStatus.CHECKED if report.ok else ImportStatus.INVALID,
            report={**report.as_dict(), "section": section},
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="ledger.import_checked",
            obj=run,
            data={"file": filename, "ok": report.ok, "errors": len(report.errors)},
        )
    return run


def import_apply(*, actor: Any, run: ImportRun) -> ImportRun:
    if run.status != ImportStatus.CHECKED:
        raise ValidationError(_("Only a checked file without errors can be applied."))
    data = blob_bytes(run.blob_id)
    _fmt, parsed = read_file(run.filename, data, run.report.get("section", ""))
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportStatus.CHECKED:
            raise ValidationError(_("This file has already been applied."))
        report = import_books(actor=actor, dossier=run.dossier, parsed=parsed)
        run.report = {**report.as_dict(), "section": run.report.get("section", "")}
        run.status = ImportStatus.APPLIED if report.applied else ImportStatus.INVALID
        run.applied_at = timezone.now() if report.applied else None
        run.save(update_fields=["report", "status", "applied_at"])
        audit_log(
            actor=actor, action="ledger.import_applied", obj=run, data={"applied": report.applied}
        )
    return run


def books_export(
    *, dossier: Dossier, fmt: str, entries: list[Entry] | None = None
) -> tuple[str, bytes, str]:
    """(filename, bytes, content type) of the books or of `entries` in `fmt`."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError(_("Unknown export format."))
    content_type, ext = EXPORT_FORMATS[fmt]
    stamp = timezone.localdate().isoformat()
    name = f"fidu-{dossier.pk}-{stamp}.{ext}"
    if fmt == "json":
        return name, to_json(books_sections(dossier, entries)), content_type
    if fmt == "xlsx":
        return name, to_xlsx(books_sections(dossier, entries)), content_type
    if fmt == "csv":
        rows, _items = entry_rows(dossier, entries)
        return f"fidu-{dossier.pk}-{stamp}-entries.csv", to_csv("entries", rows), content_type
    entry_list = list(
        (
            Entry.objects.filter(pk__in=[e.pk for e in entries])
            if entries is not None
            else Entry.objects.filter(dossier=dossier)
        )
        .select_related("journal", "period__fiscal_year", "counterparty")
        .order_by("date", "id")
    )
    if fmt == "ubl":
        return f"fidu-{dossier.pk}-{stamp}-ubl.zip", ubl_zip(entry_list, dossier), content_type
    return (f"fidu-{dossier.pk}-{stamp}-winbooks.zip", winbooks_zip(entry_list), content_type)


def export_batch_create(
    *, actor: Any, dossier: Dossier, entries: list[Entry], fmt: str = "csv"
) -> ExportBatch:
    """Keep the exported file of validated bookings, for the office to load in its package."""
    filename, data, content_type = books_export(dossier=dossier, fmt=fmt, entries=entries)
    with transaction.atomic():
        blob = blob_put(data, content_type=content_type)
        batch = ExportBatch.objects.create(
            dossier=dossier,
            fmt=fmt,
            blob=blob,
            filename=filename,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        batch.entries.set(entries)
        audit_log(
            actor=actor,
            action="ledger.export_created",
            obj=batch,
            data={"fmt": fmt, "entries": len(entries)},
        )
    return batch
