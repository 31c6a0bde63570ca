"""One store for what the office shares (F7): the reports and VAT returns feedback kept as
published `ReportFile`s become `Publication`s in Shared by my accountant, none lost.

Each published report with its file becomes one publication (same bytes: the same Blob),
with its publication date and publisher, `source` "feedback.report:<id>" so feedback can
still withdraw it, and a title in the dossier's language. A report the client had marked
read (`seen_at`) counts as opened by the dossier's client users, so it is not new again.
Run twice, it adds nothing (a publication of that source exists).
"""

from django.db import migrations

TITLES = {
    "income_statement": ("Compte de résultats", "Resultatenrekening", "Erfolgsrechnung", "Income statement"),
    "balance_sheet": ("Bilan", "Balans", "Bilanz", "Balance sheet"),
    "trial_balance": ("Balance des comptes", "Proef- en saldibalans", "Summen- und Saldenliste", "Trial balance"),
    "aged_receivables": ("Balance âgée clients", "Ouderdomsbalans klanten", "Altersstruktur Forderungen", "Aged receivables"),
    "aged_payables": ("Balance âgée fournisseurs", "Ouderdomsbalans leveranciers", "Altersstruktur Verbindlichkeiten", "Aged payables"),
    "account_history": ("Historique du compte", "Rekeninghistoriek", "Kontoverlauf", "Account history"),
    "vat_summary": ("Résumé TVA par grille", "Btw-overzicht per rooster", "MwSt-Übersicht nach Feld", "VAT summary by grid"),
}
LANGS = {"fr": 0, "nl": 1, "de": 2, "en": 3}


def _title(report, language):
    names = TITLES.get(report.kind)
    title = names[LANGS.get(language, 3)] if names else report.kind
    params = report.params or {}
    suffix = params.get("period") or params.get("year") or ""
    return f"{title} {suffix}".strip()


def forwards(apps, schema_editor):
    ReportFile = apps.get_model("feedback", "ReportFile")
    Publication = apps.get_model("archive", "Publication")
    Membership = apps.get_model("tenancy", "DossierMembership")
    published = ReportFile.objects.filter(published_at__isnull=False, blob__isnull=False)
    for report in published.select_related("dossier").order_by("id").iterator():
        source = f"feedback.report:{report.pk}"
        if Publication.objects.filter(dossier_id=report.dossier_id, source=source).exists():
            continue
        pub = Publication.objects.create(
            dossier_id=report.dossier_id,
            kind="shared",
            title=_title(report, report.dossier.language)[:200],
            file_name=(report.file_name or f"{report.kind}.{report.fmt}")[:255],
            content_type="application/pdf"
            if report.fmt == "pdf"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            blob_id=report.blob_id,
            published_by_id=report.published_by_id,
            source=source,
        )
        Publication.objects.filter(pk=pub.pk).update(published_at=report.published_at)
        if report.seen_at is not None:
            users = Membership.objects.filter(dossier_id=report.dossier_id).values_list(
                "user_id", flat=True
            )
            pub.opened_by.add(*users)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_publication_source"),
        ("feedback", "0001_shared_reports"),
        ("tenancy", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
