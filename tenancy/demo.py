"""Demo data for people and tenancy: one office, its collaborators, dossiers and client users.

Other apps add their own demo data in `<app>/demo.py` (a `seed(ctx)` function),
called by `manage.py load_demo` in the order of settings.FIDU_APPS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from tenancy.models import (
    ClientGroup,
    ClientProfile,
    Dossier,
    DossierMembership,
    Office,
    OfficeMember,
    OfficeRole,
    User,
)

DEMO_PASSWORD = "demo-fidu-2026"
OFFICE_NAME = "Fiduciaire Démo"


def be_vat(base8: str) -> str:
    """A valid Belgian VAT number from its first eight digits (check digits are 97 - n mod 97)."""
    return f"BE{base8}{97 - int(base8) % 97:02d}"


# Realistic Belgian companies (fictional). Enterprise numbers are valid mod-97.
DOSSIERS = [
    ("Boulangerie Dupont SRL", "04123456", "fr", "Rue de la Station 12, 1300 Wavre"),
    ("Brouwerij Van Damme BV", "07654321", "nl", "Kerkstraat 45, 9000 Gent"),
    ("Garage Lemaire SA", "04567890", "fr", "Chaussée de Liège 210, 5100 Namur"),
    ("Bäckerei Schmitz GmbH", "08234567", "de", "Hauptstraße 8, 4700 Eupen"),
    ("Studio Peeters Architecten BV", "06789012", "nl", "Meir 99, 2000 Antwerpen"),
    ("Consultance Martin SRL", "05432109", "fr", "Avenue Louise 350, 1050 Bruxelles"),
]

OFFICE_USERS = [
    ("admin@fidu.demo", "Anne", "Lambert", OfficeRole.ADMIN, "fr"),
    ("collab@fidu.demo", "Koen", "Janssens", OfficeRole.COLLABORATOR, "nl"),
    ("support@fidu.demo", "Sam", "Taylor", OfficeRole.SUPPORT, "en"),
]

CLIENT_USERS = [
    ("administrator@client.demo", "Marie", "Dupont", ClientProfile.ADMINISTRATOR, "fr"),
    ("full@client.demo", "Pieter", "Claes", ClientProfile.FULL_ACCESS, "nl"),
    ("processing@client.demo", "Emma", "Wilson", ClientProfile.DOC_PROCESSING, "en"),
    ("archive@client.demo", "Lukas", "Becker", ClientProfile.DOC_PROCESSING_ARCHIVE, "de"),
    ("feedback@client.demo", "Julie", "Renard", ClientProfile.FULL_FEEDBACK, "fr"),
    ("delivery@client.demo", "Bram", "Maes", ClientProfile.DOC_DELIVERY, "nl"),
]


@dataclass
class DemoContext:
    office: Office
    dossiers: list[Dossier]
    office_users: dict[str, User] = field(default_factory=dict)
    client_users: dict[str, User] = field(default_factory=dict)
    created: bool = True


def _user(email: str, first: str, last: str, language: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, language=language
        )
    return user


@transaction.atomic
def seed() -> DemoContext:
    office = Office.objects.filter(name=OFFICE_NAME).first()
    created = office is None
    if office is None:
        office = Office.objects.create(
            name=OFFICE_NAME,
            portal_name="Fidu · Fiduciaire Démo",
            email="contact@fidu.demo",
            phone="+32 10 12 34 56",
            address="Place de l'Université 1, 1348 Louvain-la-Neuve",
            vat_number=be_vat("04001234"),
            notice_email="intake-notices@fidu.demo",
        )
    ctx = DemoContext(office=office, dossiers=[], created=created)
    for email, first, last, role, lang in OFFICE_USERS:
        user = _user(email, first, last, lang)
        OfficeMember.objects.get_or_create(user=user, defaults={"office": office, "role": role})
        ctx.office_users[role] = user
    for name, base, lang, address in DOSSIERS:
        vat = be_vat(base)
        dossier, _ = Dossier.objects.get_or_create(
            office=office,
            name=name,
            defaults={
                "vat_number": vat,
                "enterprise_number": vat[2:],
                "language": lang,
                "address": address,
            },
        )
        ctx.dossiers.append(dossier)
    collab = ctx.office_users[OfficeRole.COLLABORATOR]
    horeca, _ = ClientGroup.objects.get_or_create(office=office, name="Horeca & alimentation")
    horeca.collaborators.add(collab)
    horeca.dossiers.add(ctx.dossiers[0], ctx.dossiers[1], ctx.dossiers[3])
    ClientGroup.objects.get_or_create(office=office, name="Professions libérales")[0].dossiers.add(
        ctx.dossiers[4], ctx.dossiers[5]
    )
    ctx.dossiers[2].collaborators.add(collab)
    for dossier in ctx.dossiers[:3]:
        if dossier.manager_id is None:
            dossier.manager = collab
            dossier.save(update_fields=["manager"])
    ctx.dossiers[0].support_users.add(ctx.office_users[OfficeRole.SUPPORT])
    for email, first, last, profile, lang in CLIENT_USERS:
        user = _user(email, first, last, lang)
        DossierMembership.objects.get_or_create(
            dossier=ctx.dossiers[0], user=user, defaults={"profile": profile}
        )
        ctx.client_users[profile] = user
    # A client administrator of a second dossier, to show that dossiers stay apart.
    other = _user("admin@brouwerij.demo", "Lotte", "Van Damme", "nl")
    DossierMembership.objects.get_or_create(
        dossier=ctx.dossiers[1], user=other, defaults={"profile": ClientProfile.ADMINISTRATOR}
    )
    return ctx


def logins() -> list[tuple[str, str, str]]:
    """(profile, e-mail, password) rows for the README and `make run`."""
    rows = [
        (f"Office {role.label}", email, DEMO_PASSWORD)
        for email, _f, _l, role, _lang in OFFICE_USERS
    ]
    rows += [
        (f"Client {profile.label}", email, DEMO_PASSWORD)
        for email, _f, _l, profile, _lang in CLIENT_USERS
    ]
    return rows
