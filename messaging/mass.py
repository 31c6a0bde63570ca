"""H3: one message to many dossiers chosen by filter, from templates with placeholders, each
dossier receiving it in its own language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_log
from messaging.deadlines import deadlines_for
from messaging.models import Conversation, DossierCalendar, MessageTemplate
from messaging.selectors import office_message_dossier_ids
from messaging.services import conversation_start
from tenancy.models import Dossier, Language
from tenancy.policy import office_member

LANGS = [code for code, _label in Language.choices]

# The placeholders a template may use; anything else in braces is left as written.
PLACEHOLDERS = ["client_name", "period", "deadline", "office_name", "vat_number", "year"]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class Template:
    """A template as the pages show it: a standard one (maybe edited by the office) or the
    office's own (`pk`)."""

    key: str  # the route key: the standard's key, or "t<pk>"
    name: str
    subject: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)
    standard: bool = False
    edited: bool = False
    pk: int | None = None


# Standard templates, written in the four languages (content the office edits, so not
# gettext catalogue entries: an edited copy is stored per office).
STANDARD: dict[str, dict[str, dict[str, str]]] = {
    "vat_documents": {
        "name": {
            "fr": "Rappel : documents TVA",
            "nl": "Herinnering: btw-documenten",
            "en": "Reminder: VAT documents",
            "de": "Erinnerung: MwSt.-Unterlagen",
        },
        "subject": {
            "fr": "Documents TVA pour {period}",
            "nl": "Btw-documenten voor {period}",
            "en": "VAT documents for {period}",
            "de": "MwSt.-Unterlagen für {period}",
        },
        "body": {
            "fr": "Bonjour {client_name},\n\nMerci de nous transmettre tous les documents de "
            "la période {period} avant le {deadline}, date limite de la déclaration TVA.\n\n"
            "{office_name}",
            "nl": "Beste {client_name},\n\nGelieve ons alle documenten van de periode "
            "{period} te bezorgen vóór {deadline}, de uiterste datum van de btw-aangifte.\n\n"
            "{office_name}",
            "en": "Dear {client_name},\n\nPlease send us every document of {period} before "
            "{deadline}, the due date of the VAT return.\n\n{office_name}",
            "de": "Sehr geehrte Damen und Herren ({client_name}),\n\nbitte senden Sie uns alle "
            "Unterlagen des Zeitraums {period} vor dem {deadline}, dem Termin der "
            "MwSt.-Erklärung.\n\n{office_name}",
        },
    },
    "year_end": {
        "name": {
            "fr": "Clôture de l'exercice",
            "nl": "Jaarafsluiting",
            "en": "Year-end closing",
            "de": "Jahresabschluss",
        },
        "subject": {
            "fr": "Clôture {year} : documents à fournir",
            "nl": "Afsluiting {year}: te bezorgen documenten",
            "en": "Closing {year}: documents we need",
            "de": "Abschluss {year}: benötigte Unterlagen",
        },
        "body": {
            "fr": "Bonjour {client_name},\n\nPour clôturer l'exercice {year}, nous avons "
            "besoin de l'inventaire, des extraits bancaires de décembre et des factures "
            "encore ouvertes.\n\n{office_name}",
            "nl": "Beste {client_name},\n\nOm het boekjaar {year} af te sluiten hebben we de "
            "inventaris, de rekeninguittreksels van december en de openstaande facturen "
            "nodig.\n\n{office_name}",
            "en": "Dear {client_name},\n\nTo close the financial year {year} we need the "
            "inventory, the December bank statements and the invoices still open.\n\n"
            "{office_name}",
            "de": "Sehr geehrte Damen und Herren ({client_name}),\n\nfür den Abschluss "
            "{year} benötigen wir die Inventur, die Kontoauszüge von Dezember und die noch "
            "offenen Rechnungen.\n\n{office_name}",
        },
    },
}


def templates_for(office) -> list[Template]:
    """The standard templates (the office's edited copy where there is one), then its own."""
    rows = list(MessageTemplate.objects.filter(office=office))
    edited = {r.key: r for r in rows if r.key}
    lang = translation.get_language() or "fr"
    out = []
    for key, std in STANDARD.items():
        row = edited.get(key)
        name = std["name"].get(lang[:2]) or std["name"]["en"]
        if row is not None:
            out.append(Template(key, name, row.subject, row.body, True, True, row.pk))
        else:
            out.append(Template(key, name, dict(std["subject"]), dict(std["body"]), True))
    for r in rows:
        if not r.key:
            out.append(Template(f"t{r.pk}", r.name, r.subject, r.body, pk=r.pk))
    return out


def template_get(office, key: str) -> Template | None:
    return next((t for t in templates_for(office) if t.key == key), None)


@transaction.atomic
def template_save(
    *, actor, office, key: str, name: str, subject: dict[str, str], body: dict[str, str]
) -> MessageTemplate:
    """Save a template; `key` a standard's key (the office's copy), "t<pk>", or "" (new)."""
    subject = {lang: (subject.get(lang) or "").strip()[:200] for lang in LANGS}
    body = {lang: (body.get(lang) or "").strip() for lang in LANGS}
    if not any(subject.values()) or not any(body.values()):
        raise ValidationError(_("Write a subject and a message in at least one language."))
    if key in STANDARD:
        row, _created = MessageTemplate.objects.update_or_create(
            office=office, key=key, defaults={"name": name[:120], "subject": subject, "body": body}
        )
    elif key.startswith("t") and key[1:].isdigit():
        row = MessageTemplate.objects.get(office=office, key="", pk=int(key[1:]))
        row.name, row.subject, row.body = name[:120], subject, body
        row.save()
    else:
        if not name.strip():
            raise ValidationError(_("Give the template a name."))
        row = MessageTemplate.objects.create(
            office=office, name=name.strip()[:120], subject=subject, body=body
        )
    audit_log(actor=actor, action="messaging.template_saved", obj=row, office_id=office.pk)
    return row


@transaction.atomic
def template_reset(*, actor, office, key: str) -> None:
    """A standard template back to its text as shipped; an own template deleted."""
    if key in STANDARD:
        MessageTemplate.objects.filter(office=office, key=key).delete()
    elif key.startswith("t") and key[1:].isdigit():
        MessageTemplate.objects.filter(office=office, key="", pk=int(key[1:])).delete()
    audit_log(
        actor=actor, action="messaging.template_reset", office_id=office.pk, data={"key": key}
    )


# --- choosing the dossiers ----------------------------------------------------------------


@dataclass(frozen=True)
class DossierFilter:
    group: int | None = None
    manager: int | None = None
    validation_mode: str = ""
    vat_regime: str = ""  # "monthly", "quarterly", "none", "exempt"
    q: str = ""
    mine: bool = False  # the user manages them or is assigned to them (the monitor's filter)


def dossiers_for_mass(*, user, f: DossierFilter) -> QuerySet[Dossier]:
    """The dossiers whose messages the user may write to, narrowed by the filter."""
    qs = Dossier.objects.filter(pk__in=office_message_dossier_ids(user), is_active=True)
    if f.group:
        qs = qs.filter(client_groups=f.group)
    if f.manager:
        qs = qs.filter(manager_id=f.manager)
    if f.mine:
        mine = Dossier.objects.filter(
            Q(manager=user) | Q(collaborators=user) | Q(support_users=user)
        )
        qs = qs.filter(pk__in=mine.values("pk"))
    if f.validation_mode:
        qs = qs.filter(validation_mode=f.validation_mode)
    if f.vat_regime == "exempt":
        qs = qs.filter(vat_exempt=True)
    elif f.vat_regime == "quarterly":
        # No settings saved means the default, quarterly.
        qs = qs.filter(vat_exempt=False).exclude(
            messaging_calendar__vat_filing__in=["monthly", "none"]
        )
    elif f.vat_regime in ("monthly", "none"):
        qs = qs.filter(vat_exempt=False, messaging_calendar__vat_filing=f.vat_regime)
    if f.q:
        digits = f.q.replace(" ", "").replace(".", "")
        qs = qs.filter(
            Q(name__icontains=f.q)
            | Q(vat_number__icontains=digits)
            | Q(enterprise_number__icontains=digits)
        )
    return qs.distinct().order_by("name")


# --- placeholders -------------------------------------------------------------------------


def next_vat_deadline(dossier, today: date) -> tuple[str, date] | None:
    """(period label, due date) of the dossier's next VAT return, from its settings."""
    cal = DossierCalendar.objects.filter(dossier=dossier).first()
    filing = cal.vat_filing if cal else "quarterly"
    if dossier.vat_exempt or filing == "none":
        return None
    for year in (today.year, today.year + 1):
        for d in deadlines_for(
            year=year, vat_filing=filing, intra_eu_listing=False, advance_payments=False
        ):
            if d.kind == "vat_return" and d.due >= today:
                period = d.period  # 2026-03 or 2026-Q1
                if "-Q" in period:
                    y, q = period.split("-Q")
                    label = f"Q{q} {y}"
                else:
                    y, m = period.split("-")
                    label = f"{m}/{y}"
                return label, d.due
    return None


def placeholder_values(
    dossier, *, lang: str, period: str = "", deadline: date | None = None
) -> dict[str, str]:
    """The values of a dossier in its language; the form's period / deadline win over the
    dossier's own next VAT return."""
    today = timezone.localdate()
    nxt = next_vat_deadline(dossier, today)
    if deadline is None and nxt is not None:
        deadline = nxt[1]
    if not period and nxt is not None:
        period = nxt[0]
    with translation.override(lang):
        deadline_text = date_format(deadline, "SHORT_DATE_FORMAT") if deadline else "–"
    return {
        "client_name": dossier.name,
        "period": period or "–",
        "deadline": deadline_text,
        "office_name": dossier.office.portal_name or dossier.office.name,
        "vat_number": dossier.vat_number or "",
        "year": str(today.year if today.month > 6 else today.year - 1),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; no format(): a template must not reach attributes."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# --- sending ------------------------------------------------------------------------------


def mass_send(
    *,
    actor,
    dossier_ids: list[int],
    subject: dict[str, str],
    body: dict[str, str],
    period: str = "",
    deadline: date | None = None,
) -> list[Conversation]:
    """One conversation per dossier, in the dossier's language; refuses any dossier the
    sender may not write to, and a language the chosen dossiers read but the message lacks."""
    member = office_member(actor)
    if member is None:
        raise ValidationError(_("Only the office sends mass messages."))
    allowed = set(office_message_dossier_ids(actor))
    wanted = set(dossier_ids)
    if not wanted:
        raise ValidationError(_("Choose at least one dossier."))
    if wanted - allowed:
        raise ValidationError(_("You may not write to some of these dossiers."))
    dossiers = list(Dossier.objects.filter(pk__in=wanted).select_related("office").order_by("name"))
    missing = sorted(
        {
            d.language
            for d in dossiers
            if not (subject.get(d.language) or "").strip()
            or not (body.get(d.language) or "").strip()
        }
    )
    if missing:
        names = ", ".join(dict(Language.choices)[code] for code in missing)
        raise ValidationError(
            _("Write the subject and the message in %(languages)s too: some dossiers read it.")
            % {"languages": names}
        )
    out = []
    with transaction.atomic():
        for d in dossiers:
            values = placeholder_values(d, lang=d.language, period=period, deadline=deadline)
            out.append(
                conversation_start(
                    dossier=d,
                    author=actor,
                    subject=fill(subject[d.language], values)[:200],
                    body=fill(body[d.language], values),
                )
            )
        audit_log(
            actor=actor,
            action="messaging.mass_sent",
            office_id=member.office_id,
            data={"dossiers": [d.pk for d in dossiers]},
        )
    return out
