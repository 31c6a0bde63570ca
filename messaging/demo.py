"""Demo data: a conversation between the first dossier's client and the office, with an
attachment; a question about one of its documents (H2) and a task on it; the dossier's
legal deadlines of the current year; last quarter's "VAT documents OK" (B13)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction


@transaction.atomic
def seed(ctx) -> None:
    from messaging.models import Conversation, DossierCalendar
    from messaging.services import Upload, conversation_start, message_post
    from messaging.tasks import deadlines_generate, task_create
    from messaging.vat_ok import recent_periods, vat_documents_declare
    from tenancy.models import DossierMembership

    if not ctx.dossiers:
        return
    dossier = ctx.dossiers[0]
    if Conversation.objects.filter(dossier=dossier).exists():
        return
    member = DossierMembership.objects.filter(dossier=dossier).select_related("user").first()
    office = dossier.manager or next(iter(ctx.office_users.values()), None)
    if member is None or office is None:
        return
    conv = conversation_start(
        dossier=dossier,
        author=member.user,
        subject="Facture du loyer",
        body="Bonjour, voici le bail signé. Faut-il aussi la facture de janvier ?",
        uploads=[Upload(file_name="bail.txt", data=b"Bail commercial - demo\n")],
    )
    message_post(conversation=conv, author=office, body="Oui, envoyez-la dans la boîte Achats.")
    DossierCalendar.objects.get_or_create(dossier=dossier, defaults={"vat_filing": "quarterly"})
    deadlines_generate(dossier=dossier, year=date.today().year)

    from documents.models import DocState, Document

    doc = Document.objects.filter(dossier=dossier, state=DocState.SENT).order_by("pk").first()
    if doc is not None:
        conversation_start(
            dossier=dossier,
            author=office,
            subject=doc.file_name[:200],
            body="Cette facture concerne-t-elle la camionnette ou la voiture de société ?",
            document=doc,
        )
        task_create(
            actor=office,
            dossier=dossier,
            title="Vérifier le contrat lié à cette facture",
            due_date=date.today() + timedelta(days=7),
            assignee=member.user,
            document=doc,
        )
    previous = recent_periods("quarterly", date.today(), 2)[1]
    vat_documents_declare(actor=member.user, dossier=dossier, period=previous)
