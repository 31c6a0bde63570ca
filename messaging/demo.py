"""Demo data: a conversation between the first dossier's client and the office, with an
attachment, and the dossier's legal deadlines of the current year."""

from __future__ import annotations

from datetime import date

from django.db import transaction


@transaction.atomic
def seed(ctx) -> None:
    from messaging.models import Conversation, DossierCalendar
    from messaging.services import Upload, conversation_start, message_post
    from messaging.tasks import deadlines_generate
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
