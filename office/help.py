"""I5: a help page per module, the product's release notes (a dot per user while a note is
unread) and a feedback form whose messages reach the office's admins by e-mail.

Release notes ship with the code (translated like every text); `HelpSeen` remembers when a
user last marked a module's notes as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from office.models import HelpSeen
from tenancy.models import DossierMembership, OfficeMember, OfficeRole, User
from tenancy.policy import office_member

# key -> (title, what the module does): the help pages.
MODULES: dict[str, tuple[object, object]] = {
    "documents": (
        _("Documents"),
        _(
            "Hand in invoices and documents by upload, e-mail, watched folder, phone or API; "
            "check them in My documents, then send them to the accountant."
        ),
    ),
    "booking": (
        _("Booking proposals"),
        _(
            "Each document sent is recognised into a booking proposal; check the account, "
            "VAT code and amounts, then validate or send it to the office."
        ),
    ),
    "archive": (
        _("Archive"),
        _("Booked documents with their number, searchable and downloadable at any time."),
    ),
    "payments": (
        _("Payments"),
        _("Put invoices in the payment basket, approve them and export a SEPA file."),
    ),
    "messages": (
        _("Messages and tasks"),
        _("Talk with the office about a dossier or a document; follow the tasks to do."),
    ),
    "office": (
        _("The office's cockpit"),
        _(
            "The active-clients monitor, the queues (to release, misc documents), the "
            "activation checklist of each dossier and the clients' activity."
        ),
    ),
}


@dataclass(frozen=True)
class Note:
    module: str
    published: datetime
    title: object
    body: object


def _at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 8, 0, tzinfo=UTC)


RELEASE_NOTES: list[Note] = [
    Note(
        "office",
        _at(2026, 12, 4),
        _("Activation checklist"),
        _("Each dossier shows the activation steps left on the monitor; tick them as you go."),
    ),
    Note(
        "office",
        _at(2026, 12, 4),
        _("Misc documents worklist"),
        _("Misc documents sent to the office are filed or marked done from one queue."),
    ),
    Note(
        "office",
        _at(2026, 12, 3),
        _("Documents checked before recognition"),
        _("Documents of chosen client users wait in the To release queue."),
    ),
    Note(
        "payments",
        _at(2026, 12, 2),
        _("Payment basket"),
        _("Approval rules and a list of invoices due."),
    ),
    Note(
        "documents",
        _at(2026, 11, 20),
        _("Phone camera"),
        _("Photograph a receipt from the phone; the pages are straightened."),
    ),
]


def notes_for(module: str) -> list[Note]:
    return sorted(
        (n for n in RELEASE_NOTES if n.module == module), key=lambda n: n.published, reverse=True
    )


def unread_modules(user: User) -> set[str]:
    """The modules with a release note newer than the user's last reading."""
    seen = dict(HelpSeen.objects.filter(user=user).values_list("module", "seen_at"))
    return {n.module for n in RELEASE_NOTES if n.module not in seen or n.published > seen[n.module]}


def help_seen_mark(*, actor: User, module: str) -> None:
    if module not in MODULES:
        raise ValidationError(str(_("Unknown module.")))
    HelpSeen.objects.update_or_create(
        user=actor, module=module, defaults={"seen_at": timezone.now()}
    )


def admins_for(user: User) -> list[str]:
    """The e-mail addresses of the admins of the user's office (a client: of its dossiers'
    offices)."""
    member = office_member(user)
    if member is not None:
        office_ids = {member.office_id}
    else:
        office_ids = set(
            DossierMembership.objects.filter(user=user).values_list("dossier__office_id", flat=True)
        )
    return sorted(
        set(
            OfficeMember.objects.filter(
                office_id__in=office_ids, role=OfficeRole.ADMIN, is_active=True
            ).values_list("user__email", flat=True)
        )
    )


def feedback_send(*, actor: User, module: str, message: str) -> int:
    """Mail the feedback to the office's admins; returns how many received it."""
    message = message.strip()
    if not message:
        raise ValidationError(str(_("Write your message first.")))
    if len(message) > 5000:
        raise ValidationError(str(_("The message is too long (5,000 characters at most).")))
    if module not in MODULES:
        module = "office"
    to = admins_for(actor)
    if not to:
        raise ValidationError(str(_("No administrator of the office can receive it.")))
    title = str(MODULES[module][0])
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="office.feedback_sent",
            obj=None,
            office_id=None,
            data={"module": module, "to": len(to)},
        )
        subject = f"[Fidu] {_('Feedback')}: {title}"
        body = f"{actor.display_name} <{actor.email}>\n\n{message}"
        transaction.on_commit(lambda: send_mail(subject[:200], body, None, to))
    return len(to)
