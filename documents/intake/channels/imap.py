"""IMAP channel (B3): poll mailboxes the office connected; idempotent by Message-ID.

Messages are fetched without marking them read first; each is stored through
`ingest_mail` (which ignores a Message-ID the dossier already has), and only then
flagged \\Seen, so a crash between the two leads to a harmless re-read.

Staff choose the server, so the poller must not become a way into the server's own
network: the host is resolved and every address it resolves to must be public
(no private, loopback, link-local, multicast or reserved address) unless
FIDU_IMAP_ALLOW_PRIVATE is set; the connection then goes to the address that was
checked, so a DNS answer that changes in between gains nothing. Sizes are read
first (RFC822.SIZE): a message over FIDU_MAIL_MAX_BYTES is never downloaded.

The server's certificate is verified against the host name the office typed (not the
pinned address), with the system's authorities or FIDU_IMAP_CAFILE. Without SSL/TLS the
connection is upgraded with STARTTLS, verified the same way; a password is sent in clear
only to a private test server that FIDU_IMAP_ALLOW_PRIVATE lets in.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import ssl
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from documents.intake.mail import Route, ingest_mail
from documents.limits import MB, mail_max_bytes
from documents.models import ImapAccount, InboundMail, Source

log = logging.getLogger(__name__)


class HostRefused(ValueError):
    """The IMAP server's address is not one Fidu may connect to; the message says why."""


def allow_private() -> bool:
    return bool(getattr(settings, "FIDU_IMAP_ALLOW_PRIVATE", False))


def checked_address(host: str, port: int) -> str:
    """The address to connect to for `host`, once every address it resolves to is allowed."""
    if not 1 <= int(port) <= 65535:
        raise HostRefused(_("The port must be between 1 and 65535."))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise HostRefused(_("The server %(host)s cannot be found.") % {"host": host}) from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    if not allow_private():
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise HostRefused(
                    _(
                        "The server %(host)s has a private or local address (%(address)s); "
                        "only servers on the internet can be connected."
                    )
                    % {"host": host, "address": address}
                )
    if not addresses:
        raise HostRefused(_("The server %(host)s cannot be found.") % {"host": host})
    return str(addresses[0])


class MailSource(Protocol):
    """What the poller needs from an IMAP library (imap-tools here)."""

    def unseen_sizes(self) -> list[tuple[str, int]]: ...  # (uid, RFC822.SIZE), bodies not read
    def fetch(self, uids: list[str]) -> list[tuple[str, bytes]]: ...  # (uid, raw message)
    def mark_seen(self, uids: list[str]) -> None: ...


class _VerifiedFor(ssl.SSLContext):
    """A client context that checks the certificate against `hostname` whatever address the
    socket was opened to (imaplib passes the address we pinned as the server name)."""

    hostname = ""

    def wrap_socket(self, sock: Any, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        kwargs["server_hostname"] = self.hostname
        return super().wrap_socket(sock, *args, **kwargs)


def tls_context(hostname: str) -> ssl.SSLContext:
    context = _VerifiedFor(ssl.PROTOCOL_TLS_CLIENT)  # certificate and host name required
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    cafile = getattr(settings, "FIDU_IMAP_CAFILE", "")
    if cafile:
        context.load_verify_locations(cafile=cafile)
    else:
        context.load_default_certs()
    context.hostname = hostname
    return context


class ImapToolsSource:
    def __init__(self, account: ImapAccount) -> None:
        from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

        address = checked_address(account.host, account.port)
        context = tls_context(account.host)
        box: Any
        if account.use_ssl:
            box = MailBox(address, account.port, timeout=30, ssl_context=context)
        elif allow_private() and not ipaddress.ip_address(address).is_global:
            box = MailBoxUnencrypted(address, account.port, timeout=30)  # a local test server
        else:
            box = MailBoxStartTls(address, account.port, timeout=30, ssl_context=context)
        self.box = box.login(
            account.username, account.password, initial_folder=account.folder or "INBOX"
        )

    def unseen_sizes(self) -> list[tuple[str, int]]:
        from imap_tools import AND

        return [
            (m.uid, m.size_rfc822)
            for m in self.box.fetch(AND(seen=False), mark_seen=False, headers_only=True, bulk=50)
        ]

    def fetch(self, uids: list[str]) -> list[tuple[str, bytes]]:
        from imap_tools import AND

        if not uids:
            return []
        return [
            (m.uid, m.obj.as_bytes())
            for m in self.box.fetch(AND(uid=uids), mark_seen=False, bulk=5)
        ]

    def mark_seen(self, uids: list[str]) -> None:
        from imap_tools import MailMessageFlags

        if uids:
            self.box.flag(uids, MailMessageFlags.SEEN, True)

    def close(self) -> None:
        self.box.logout()


def imap_account_save(*, actor: Any, dossier, **values: Any) -> ImapAccount:
    checked_address(values.get("host", ""), values.get("port", 993))
    with transaction.atomic():
        account = ImapAccount.objects.create(dossier=dossier, **values)
        audit_log(
            actor=actor,
            action="imap_account.created",
            obj=account,
            dossier_id=dossier.pk,
            data={"host": account.host, "username": account.username, "mailbox": account.mailbox},
        )
    return account


def poll_account(account: ImapAccount, source: MailSource | None = None) -> list[InboundMail]:
    opened = source is None
    received: list[InboundMail] = []
    too_big: list[tuple[str, int]] = []
    try:
        source = source or ImapToolsSource(account)
        route = Route(account.dossier, account.mailbox)
        wanted = []
        for uid, size in source.unseen_sizes():
            if size > mail_max_bytes():
                too_big.append((uid, size))
            else:
                wanted.append(uid)
        for start in range(0, len(wanted), 5):
            done = []
            for uid, raw in source.fetch(wanted[start : start + 5]):
                received.append(
                    ingest_mail(
                        raw=raw,
                        route=route,
                        source=Source.IMAP,
                        recipient=f"{account.username}@{account.host}",
                    )
                )
                done.append(uid)
            source.mark_seen(done)
        note = ""
        if too_big:  # left unread in the mailbox, so the office can forward them in parts
            note = _(
                "%(count)s message(s) larger than %(max)s MB were left unread in the mailbox."
            ) % {"count": len(too_big), "max": mail_max_bytes() // MB}
        ImapAccount.objects.filter(pk=account.pk).update(
            last_polled_at=timezone.now(), last_error=note
        )
    except Exception as exc:  # keep polling the other accounts; show the reason in the settings
        log.warning("IMAP poll of %s failed: %s", account, exc)
        ImapAccount.objects.filter(pk=account.pk).update(
            last_polled_at=timezone.now(), last_error=str(exc)[:500]
        )
    finally:
        if opened and source is not None and hasattr(source, "close"):
            with contextlib.suppress(Exception):
                source.close()
    return received


def poll_all() -> int:
    count = 0
    for account in ImapAccount.objects.filter(is_active=True).select_related("dossier"):
        count += len(poll_account(account))
    return count
