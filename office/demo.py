"""Demo data for the cockpit: on the first dossier, one client user's documents are checked
by the office before recognition (C11) and one of them waits in the "to release" queue, so
the monitor shows a number in each of its columns with the other apps' demo data; the
first dossier's sales numbering is checked (C12)."""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def seed(ctx) -> None:
    from documents.intake import Incoming, intake_file
    from documents.models import Document, Mailbox, Source
    from documents.pdfgen import make_page_pdf
    from office.models import DossierChecks
    from tenancy.models import ClientProfile, DossierMembership

    if not ctx.dossiers:
        return
    dossier = ctx.dossiers[0]
    # C12: the first dossier's sales invoice numbers are checked for gaps and duplicates.
    DossierChecks.objects.update_or_create(dossier=dossier, defaults={"sales_numbering": True})
    if Document.objects.filter(dossier=dossier, source_ref="demo:office-release").exists():
        return
    member = (
        DossierMembership.objects.filter(dossier=dossier)
        .exclude(profile=ClientProfile.ADMINISTRATOR)
        .select_related("user")
        .first()
    ) or DossierMembership.objects.filter(dossier=dossier).select_related("user").first()
    if member is None:
        return
    member.validate_before_recognition = True
    member.save(update_fields=["validate_before_recognition"])
    intake_file(
        Incoming(
            dossier=dossier,
            mailbox=Mailbox.PURCHASES,
            source=Source.UPLOAD,
            file_name="facture-a-verifier.pdf",
            data=make_page_pdf(["Garage Dupont SRL", "Facture 2026/88", "Total TVAC : 96,80 EUR"]),
            actor=member.user,
            source_ref="demo:office-release",
        )
    )
