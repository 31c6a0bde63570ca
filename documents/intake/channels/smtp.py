"""Fidu's own SMTP receiver (B3), on aiosmtpd.

Replies: 550 at RCPT for an address that is not a dossier's; 552 for mail over the
size limit (aiosmtpd's data_size_limit); 250 only once the raw mail and its
documents are committed; 451 on any internal failure so the sending server retries
(idempotent by Message-ID, so a retry after a lost 250 adds nothing). Database
work runs on one worker thread: SQLite has one writer anyway, and ordering is kept.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from core.db import refresh_connections
from documents.intake.mail import ingest_mail, route_for
from documents.limits import mail_max_bytes
from documents.models import Source

log = logging.getLogger(__name__)


def _route(address: str):
    refresh_connections()
    try:
        return route_for(address)
    finally:
        refresh_connections()


def _store(raw: bytes, recipients: list[str]) -> None:
    refresh_connections()
    try:
        seen = set()
        for rcpt in recipients:
            route = route_for(rcpt)
            if route is None:
                continue
            key = (route.dossier.pk, route.mailbox, route.journal_code)
            if key in seen:
                continue
            seen.add(key)
            ingest_mail(raw=raw, route=route, source=Source.EMAIL, recipient=rcpt)
    finally:
        refresh_connections()


class IntakeHandler:
    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fidu-smtp-db")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        loop = asyncio.get_running_loop()
        try:
            route = await loop.run_in_executor(self.executor, _route, address)
        except Exception:
            log.exception("RCPT lookup failed for %s", address)
            return "451 4.3.0 Temporary failure, please retry"
        if route is None:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.executor, _store, raw, list(envelope.rcpt_tos))
        except Exception:
            log.exception("could not store a mail for %s", envelope.rcpt_tos)
            return "451 4.3.0 Could not store the message, please retry"
        return "250 2.0.0 Message stored"


def controller(host: str, port: int):
    from aiosmtpd.controller import Controller

    return Controller(
        IntakeHandler(),
        hostname=host,
        port=port,
        data_size_limit=mail_max_bytes(),
        decode_data=False,
        ident="Fidu intake",
    )
