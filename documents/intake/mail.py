"""Mail intake (B3): the dossier addresses, parsing a mail into documents, and notices.

A dossier's addresses are `<mailbox>.<intake_key>@<FIDU_MAIL_DOMAIN>`, optionally
`<mailbox>.<intake_key>.<journal>@...` to preset the journal. SMTP and IMAP both end
in `ingest_mail()`, which keeps the raw mail first and is idempotent by Message-ID.
"""

from __future__ import annotations

import contextvars
import email
import email.policy
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from email.message import EmailMessage
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.audit import audit_log
from core.storage import blob_put
from documents.intake.types import Incoming, IntakeMeta
from documents.models import Document, InboundMail, IntakeSettings, Mailbox, Source

log = logging.getLogger(__name__)
_LOCAL = re.compile(r"^(purchases|sales|misc)\.([0-9a-f]{6,16})(?:\.([a-z0-9_-]{1,20}))?$")


def mail_domain() -> str:
    return getattr(settings, "FIDU_MAIL_DOMAIN", "fidu.localhost")


@dataclass(frozen=True)
class Route:
    dossier: object
    mailbox: str
    journal_code: str = ""


def address_for(dossier, mailbox: str, journal_code: str = "") -> str:
    journal = f".{journal_code.lower()}" if journal_code else ""
    return f"{mailbox}.{dossier.intake_key}{journal}@{mail_domain()}"


def route_for(address: str) -> Route | None:
    """The dossier and mailbox an address delivers to, or None (unknown address: 550)."""
    from tenancy.models import Dossier

    local, _at, domain = parseaddr(address)[1].lower().rpartition("@")
    if domain != mail_domain().lower():
        return None
    match = _LOCAL.match(local)
    if not match:
        return None
    dossier = Dossier.objects.filter(intake_key=match.group(2), is_active=True).first()
    if dossier is None:
        return None
    return Route(dossier, match.group(1), (match.group(3) or "").upper())


@dataclass(frozen=True)
class Part:
    name: str
    data: bytes


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def attachments(msg: EmailMessage) -> list[Part]:
    """Usable attachments: skip signature logos and images the HTML body shows inline."""
    html = ""
    body = msg.get_body(preferencelist=("html",))
    if body is not None:
        try:
            html = body.get_content()
        except (LookupError, UnicodeError):
            html = ""
    parts = []
    for part in msg.walk():
        if part.is_multipart() or part is body:
            continue
        disposition = part.get_content_disposition()
        name = part.get_filename()
        ctype = part.get_content_type()
        if disposition != "attachment" and not name:
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:
            continue
        cid = (part.get("Content-ID") or "").strip("<> ")
        if ctype.startswith("image/") and (
            (cid and f"cid:{cid}" in html) or (disposition == "inline" and len(data) < 10_000)
        ):
            continue
        parts.append(Part(name or f"attachment.{ctype.split('/')[-1]}", data))
    return parts


def body_pdf(msg: EmailMessage) -> bytes | None:
    """The mail's body as a PDF, with a header block; None when the body is empty."""
    from documents.conversions.html import clean_html, render_html

    html_part = msg.get_body(preferencelist=("html",))
    text_part = msg.get_body(preferencelist=("plain",))
    html = text = ""
    try:
        if html_part is not None:
            html = html_part.get_content()
        if text_part is not None:
            text = text_part.get_content()
    except (LookupError, UnicodeError):
        pass
    if not (html.strip() or text.strip()):
        return None
    header = (
        "<table class='fidu-mail-head'>"
        f"<tr><th>{escape(_('From'))}</th><td>{escape(str(msg.get('From', '')))}</td></tr>"
        f"<tr><th>{escape(_('Date'))}</th><td>{escape(str(msg.get('Date', '')))}</td></tr>"
        f"<tr><th>{escape(_('Subject'))}</th><td>{escape(str(msg.get('Subject', '')))}</td></tr>"
        "</table><hr>"
    )
    if html.strip():
        cleaned = clean_html(html)
        return render_html(f"<html><body>{header}{cleaned}</body></html>")
    css = "<style>pre{white-space:pre-wrap;font:10pt sans-serif}</style>"
    return render_html(
        f"<html><head>{css}</head><body>{header}<pre>{escape(text)}</pre></body></html>"
    )


MAX_NESTING = 5  # an .eml inside an .eml inside ...: deeper ones are kept whole, not opened
_nesting: contextvars.ContextVar[int] = contextvars.ContextVar("fidu_mail_nesting", default=0)


@dataclass
class Plan:
    """What a mail gives: the files to take in, and why some of it could not be taken."""

    parts: list[Part]
    problems: list[str]


def plan(msg: EmailMessage) -> Plan:
    """The mail's attachments, or else its body as a PDF; rendering happens here, outside
    any transaction, so no database lock is held while a body is rendered."""
    from documents.conversions import ConversionError

    try:
        parts = attachments(msg)
    except Exception as exc:
        log.warning("could not list the parts of a mail: %s", exc)
        return Plan([], [_("The structure of this mail could not be read.")])
    if any(p.data for p in parts):
        return Plan(parts, [])  # an empty one among them is refused by the door, with its reason
    try:
        pdf = body_pdf(msg)
    except ConversionError as exc:
        return Plan([], [str(exc)])
    except Exception as exc:
        log.warning("could not render the body of a mail: %s", exc)
        return Plan([], [_("The text of this mail could not be read.")])
    if pdf is None:
        return Plan(parts, [])
    subject = str(msg.get("Subject", "") or "").strip() or _("Mail")
    return Plan([*parts, Part(f"{subject[:40]}.pdf", pdf)], [])


def _take(found: Plan, base: Incoming) -> tuple[list[Document], list[str]]:
    """Every part through the door (empty, oversized and refused parts get its checks)."""
    from documents.intake import IntakeRefused, intake_file

    docs: list[Document] = []
    problems = list(found.problems)
    for part in found.parts:
        try:
            docs.extend(intake_file(replace(base, file_name=part.name, data=part.data)))
        except IntakeRefused as exc:
            problems.append(str(exc))
    return docs, problems


def ingest_mail_file(incoming: Incoming) -> list[Document]:
    """An .eml dropped on a mailbox or sent through the API: like a mail, without routing.

    A mail nothing can be taken from (no attachment, no text, a broken structure, nested
    too deeply) is kept as it is, a document of its own whose preview shows its text and
    says why; it is never refused.
    """
    depth = _nesting.get()
    try:
        msg = parse(incoming.data)
    except Exception as exc:
        log.warning("unparsable mail %s: %s", incoming.file_name, exc)
        msg = None
    if msg is None or depth >= MAX_NESTING:
        return [_keep_whole(incoming)]
    sender = parseaddr(str(msg.get("From", "")))[1]
    base = replace(incoming, sender=incoming.sender or sender)
    found = plan(msg)
    token = _nesting.set(depth + 1)
    try:
        with transaction.atomic():
            docs, _problems = _take(found, base)
    finally:
        _nesting.reset(token)
    return docs or [_keep_whole(incoming)]


def _keep_whole(incoming: Incoming) -> Document:
    from documents.intake.door import store_unopened
    from documents.sniff import Kind

    name = incoming.file_name or "mail.eml"
    if not name.lower().endswith(".eml"):
        name = f"{name}.eml"
    return store_unopened(replace(incoming, file_name=name), Kind("mail", "eml", "message/rfc822"))


def message_id_of(msg: EmailMessage, raw: bytes) -> str:
    mid = str(msg.get("Message-ID", "") or "").strip()
    return mid[:255] if mid else f"<sha256:{hashlib.sha256(raw).hexdigest()}>"


def ingest_mail(*, raw: bytes, route: Route, source: str, recipient: str = "") -> InboundMail:
    """Keep the raw mail, then make its documents, in one transaction. Idempotent by Message-ID."""
    msg = parse(raw)
    message_id = message_id_of(msg, raw)
    existing = InboundMail.objects.filter(dossier=route.dossier, message_id=message_id).first()
    if existing is not None:
        return existing
    raw_blob = blob_put(raw, content_type="message/rfc822")
    found = plan(msg)
    sender = parseaddr(str(msg.get("From", "")))[1]
    subject = str(msg.get("Subject", "") or "")[:300]
    base = Incoming(
        dossier=route.dossier,
        mailbox=route.mailbox,
        source=source,
        file_name="",
        data=b"",
        sender=sender,
        source_ref=message_id,
        meta=IntakeMeta(journal_code=route.journal_code),
    )
    try:
        with transaction.atomic():
            inbound = InboundMail.objects.create(
                dossier=route.dossier,
                mailbox=route.mailbox,
                journal_code=route.journal_code,
                source=source,
                recipient=recipient[:254],
                sender=sender[:254],
                subject=subject,
                message_id=message_id,
                raw=raw_blob,
            )
            docs, problems = _take(found, base)
            if not docs:
                inbound.outcome = InboundMail.Outcome.NOTHING_USABLE
                inbound.reason = "; ".join(problems)[:2000] or "no attachment and no text"
                inbound.save(update_fields=["outcome", "reason"])
                transaction.on_commit(lambda: send_notice_nothing_usable(inbound.pk))
            elif problems:
                inbound.reason = "; ".join(problems)[:2000]
                inbound.save(update_fields=["reason"])
            audit_log(
                actor=None,
                action="mail.received",
                obj=inbound,
                dossier_id=route.dossier.pk,
                data={"sender": sender, "subject": subject, "documents": [d.pk for d in docs]},
            )
    except IntegrityError:  # the same Message-ID stored concurrently (a retry racing)
        return InboundMail.objects.get(dossier=route.dossier, message_id=message_id)
    return inbound


def notice_address(dossier) -> str:
    settings_row = IntakeSettings.objects.filter(dossier=dossier).first()
    return (
        (settings_row.notice_email if settings_row else "") or dossier.email or dossier.office.email
    )


def send_notice_nothing_usable(inbound_id: int) -> None:
    inbound = InboundMail.objects.select_related("dossier__office").get(pk=inbound_id)
    to = notice_address(inbound.dossier)
    if not to:
        log.warning("no notice address for dossier %s", inbound.dossier_id)
        return
    with override(inbound.dossier.language):
        subject = _("Nothing usable in a mail sent to %(dossier)s") % {
            "dossier": inbound.dossier.name
        }
        body = _(
            'The mail from %(sender)s with subject "%(subject)s" sent to %(to)s '
            "had no attachment and no text, so no document was made from it. "
            "The mail itself is kept."
        ) % {"sender": inbound.sender or "?", "subject": inbound.subject, "to": inbound.recipient}
    send_mail(subject, body, None, [to], fail_silently=True)


def mailbox_label(mailbox: str) -> str:
    return str(Mailbox(mailbox).label)


__all__ = ["Route", "Source", "address_for", "ingest_mail", "route_for"]
