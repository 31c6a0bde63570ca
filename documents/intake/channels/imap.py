"""IMAP channel (B3): poll mailboxes the office connected; idempotent by Message-ID.

Messages are fetched without marking them read first; each is stored through
`ingest_mail` (which ignores a Message-ID the dossier already has), and only then
flagged \\Seen, so a crash between the two leads to a harmless re-read.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from core.audit import audit_log
from documents.intake.mail import Route, ingest_mail
from documents.models import ImapAccount, InboundMail, Source

log = logging.getLogger(__name__)


class MailSource(Protocol):
    """What the poller needs from an IMAP library (imap-tools here)."""

    def unseen(self) -> list[tuple[str, bytes]]: ...  # (uid, raw message)
    def mark_seen(self, uids: list[str]) -> None: ...


class ImapToolsSource:
    def __init__(self, account: ImapAccount) -> None:
        from imap_tools import MailBox, MailBoxUnencrypted

        cls = MailBox if account.use_ssl else MailBoxUnencrypted
        self.box = cls(account.host, account.port, timeout=30).login(
            account.username, account.password, initial_folder=account.folder or "INBOX"
        )

    def unseen(self) -> list[tuple[str, bytes]]:
        from imap_tools import AND

        return [
            (m.uid, m.obj.as_bytes())
            for m in self.box.fetch(AND(seen=False), mark_seen=False, bulk=20)
        ]

    def mark_seen(self, uids: list[str]) -> None:
        from imap_tools import MailMessageFlags

        if uids:
            self.box.flag(uids, MailMessageFlags.SEEN, True)

    def close(self) -> None:
        self.box.logout()


def imap_account_save(*, actor: Any, dossier, **values: Any) -> ImapAccount:
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
    try:
        source = source or ImapToolsSource(account)
        route = Route(account.dossier, account.mailbox)
        done = []
        for uid, raw in source.unseen():
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
        ImapAccount.objects.filter(pk=account.pk).update(
            last_polled_at=timezone.now(), last_error=""
        )
    except Exception as exc:  # keep polling the other accounts; show the reason in the settings
        log.warning("IMAP poll of %s failed: %s", account, exc)
        ImapAccount.objects.filter(pk=account.pk).update(
            last_polled_at=timezone.now(), last_error=str(exc)[:500]
        )
    finally:
        if opened and source is not None and hasattr(source, "close"):
            try:
                source.close()
            except Exception:
                pass
    return received


def poll_all() -> int:
    count = 0
    for account in ImapAccount.objects.filter(is_active=True).select_related("dossier"):
        count += len(poll_account(account))
    return count
