"""H5: e-mail notifications, gathered into one digest mail per user per DIGEST_EVERY.

Services queue a `Notification` per reader (`queue`); the `messaging_digest` command (run
every few minutes by cron, or the `digest_send_task`) sends each user the items waiting for
them in one mail, in their language, at most once per DIGEST_EVERY: fifty documents make
one mail. Each kind is switchable in the user's preferences (tenancy.forms.NOTIFICATIONS);
the choice and the right to see the dossier are checked again when the digest goes out, so
a user removed from a dossier gets nothing more about it.

Lower apps queue through the event "notifications.queue" (core.extensions), since they
cannot import messaging: `extensions.notify("notifications.queue", user_ids=[...],
kind="shared_document", dossier_id=..., text=stored(...), link="/documents/1/")`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from core.texts import render, stored
from messaging.audience import is_office_side, participants
from messaging.models import Message, Notification, Task
from tenancy.policy import Cap, can

DIGEST_EVERY = timedelta(minutes=15)
QUEUE_EVENT = "notifications.queue"


def wants(user, kind: str) -> bool:
    # tenancy's preferences form: a missing key means the default, which is on.
    return bool((user.notification_prefs or {}).get(kind, True))


def wants_message_mails(user) -> bool:
    return wants(user, "message")


def queue(
    *, user_ids: list[int], kind: str, text: dict, link: str = "", dossier_id=None, ref=""
) -> int:
    """One waiting item per user who wants this kind of mail (and has an address)."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    rows = [
        Notification(
            user=u, kind=kind, dossier_id=dossier_id, text=text, link=link[:500], ref=ref[:60]
        )
        for u in users
        if wants(u, kind)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def queue_event(**kwargs) -> None:
    """The "notifications.queue" subscriber (kwargs as `queue`)."""
    queue(**kwargs)


def message_mails_send(*, message_id: int) -> int:
    """A new message: queue it for each participant but its author (and, for an office
    message, but the office, which follows its own list). Returns how many were queued."""
    message = (
        Message.objects.select_related("conversation__dossier", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    conversation = message.conversation
    dossier = conversation.dossier
    from_office = is_office_side(message.author, dossier)
    readers = [
        u.pk
        for u in participants(conversation)
        if u.pk != message.author_id and not (from_office and is_office_side(u, dossier))
    ]
    text = stored(
        gettext_noop("%(dossier)s: new message “%(subject)s” from %(author)s"),
        dossier=dossier.name,
        subject=conversation.subject,
        author=message.author.display_name,
    )
    link = reverse("messaging_conversation", args=[conversation.pk])
    return queue(user_ids=readers, kind="message", text=text, link=link, dossier_id=dossier.pk)


def task_assigned(task: Task, actor) -> int:
    if task.assignee_id is None or task.assignee_id == getattr(actor, "pk", None):
        return 0
    text = stored(
        gettext_noop("%(dossier)s: task “%(task)s” for you, due %(date)s"),
        dossier=task.dossier.name,
        task=render(task.title),
        date=task.due_date.strftime("%d/%m/%Y"),
    )
    return queue(
        user_ids=[task.assignee_id],
        kind="task",
        text=text,
        link=reverse("messaging_tasks", args=[task.dossier_id]),
        dossier_id=task.dossier_id,
    )


def due_reminders_queue(today: date, days: int = 3) -> int:
    """Open tasks due within `days` days remind their assignee once."""
    n = 0
    rows = Task.objects.filter(
        done=False,
        assignee__isnull=False,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=days),
    ).select_related("dossier")
    for task in rows:
        assignee_id = task.assignee_id
        if assignee_id is None:
            continue
        ref = f"task_due:{task.pk}:{task.due_date.isoformat()}"
        if Notification.objects.filter(user_id=assignee_id, ref=ref).exists():
            continue
        n += queue(
            user_ids=[assignee_id],
            kind="task",
            text=stored(
                gettext_noop("%(dossier)s: task “%(task)s” is due %(date)s"),
                dossier=task.dossier.name,
                task=render(task.title),
                date=task.due_date.strftime("%d/%m/%Y"),
            ),
            link=reverse("messaging_tasks", args=[task.dossier_id]),
            dossier_id=task.dossier_id,
            ref=ref,
        )
    return n


def digest_send(now: datetime | None = None, every: timedelta = DIGEST_EVERY) -> int:
    """Send each user whose last digest is older than `every` the items waiting for them, in
    one mail. Returns the number of mails sent."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(sent_at__isnull=True)
    user_ids = set(waiting.values_list("user_id", flat=True))
    last = dict(
        Notification.objects.filter(user_id__in=user_ids, sent_at__isnull=False)
        .values("user_id")
        .annotate(at=Max("sent_at"))
        .values_list("user_id", "at")
    )
    sent = 0
    for user in get_user_model().objects.filter(pk__in=user_ids):
        if last.get(user.pk) and now - last[user.pk] < every:
            continue  # the next run gathers these with what comes meanwhile
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(of=("self",))  # dossier is an outer join
                .filter(user=user, sent_at__isnull=True)
                .select_related("dossier")
            )
            Notification.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=now)
            shown = [
                i
                for i in items
                if wants(user, i.kind)
                and (i.dossier is None or can(user, Cap.VIEW, i.dossier))
                and user.is_active
                and user.email
            ]
            if shown:
                _mail(user, shown)
                sent += 1
    return sent


def _mail(user, items: list[Notification]) -> None:
    by_dossier: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with translation.override(user.language or "fr"):
        for i in items:
            name = i.dossier.name if i.dossier else ""
            link = settings.FIDU_BASE_URL + i.link if i.link.startswith("/") else i.link
            by_dossier[name].append((render(i.text), link))
        if len(items) == 1:
            subject = render(items[0].text)
        else:
            subject = ngettext("%(n)s new notification", "%(n)s new notifications", len(items)) % {
                "n": len(items)
            }
        body = render_to_string(
            "messaging/mail/digest.txt",
            {"groups": sorted(by_dossier.items()), "user": user, "count": len(items)},
        )
    send_mail(subject[:200], body, None, [user.email])


def approval_mails_send(
    *, dossier_id: int, user_ids: list[int], kind: str, label: str, url: str
) -> int:
    """A payment (G4) or a purchase invoice (B16) waits for these approvers: one e-mail each,
    in their language. The payments app raises the event; it cannot import this app."""
    from tenancy.models import Dossier, User

    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if dossier is None:
        return 0
    sent = 0
    for user in User.objects.filter(pk__in=user_ids).exclude(email=""):
        if not (user.notification_prefs or {}).get("approval", True):
            continue
        with translation.override(user.language or dossier.language):
            if kind == "invoice":
                subject = _("%(dossier)s: a purchase invoice waits for your approval")
            else:
                subject = _("%(dossier)s: a payment waits for your approval")
            subject = subject % {"dossier": dossier.name}
            body = "\n\n".join([subject, label, settings.FIDU_BASE_URL + url])
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
