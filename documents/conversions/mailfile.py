"""A mail kept whole (nothing could be taken from it) to a PDF: why, its headers, its text.

Mails that are nested too deeply or whose MIME structure is broken still hold what
the sender meant; the preview shows their text as received, under a line saying why
no attachment was taken. Walked without recursion, with bounded text.
"""

from __future__ import annotations

import email
import email.policy
from email.message import Message

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from documents.conversions.html import render_html
from documents.sniff import Kind

MAX_TEXT = 200_000  # characters shown; the original mail is kept whole anyway
DEEP = 5


def _depth_and_texts(msg: Message) -> tuple[int, list[str]]:
    deepest, texts, size = 0, [], 0
    stack: list[tuple[Message, int]] = [(msg, 1)]
    while stack and size < MAX_TEXT:
        part, level = stack.pop()
        deepest = max(deepest, level)
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend((p, level + 1) for p in reversed(payload) if isinstance(p, Message))
            continue
        if part.get_content_maintype() != "text" or part.get_filename():
            continue
        try:
            raw = part.get_payload(decode=True) or b""
            text = raw.decode(part.get_content_charset() or "utf-8", "replace")
        except (LookupError, ValueError):
            continue
        if text.strip():
            texts.append(text[: MAX_TEXT - size])
            size += len(texts[-1])
    return deepest, texts


def why_nothing_was_taken(msg: Message, deepest: int, has_text: bool) -> str | None:
    if deepest > DEEP:
        return _("its parts are nested %(n)s levels deep") % {"n": deepest}
    if msg.defects or any(p.defects for p in msg.walk()):
        return _("its structure is broken")
    if not has_text:
        return _("it has no attachment and no text")
    return None  # a sound mail kept whole, e.g. one attached to another mail


def mail_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    deepest, texts = _depth_and_texts(msg)
    has_text = bool(texts)
    if not texts:  # nothing readable through the structure: the mail as received
        texts = [data[:MAX_TEXT].decode("utf-8", "replace")]
    with override(language):
        why = why_nothing_was_taken(msg, deepest, has_text)
        banner = (
            _(
                "No attachment could be taken from this mail (%(why)s). Its text is shown as "
                "received; the original mail is kept and can be downloaded."
            )
            % {"why": why}
            if why
            else _("This mail is shown as received; the original mail is kept.")
        )
        rows = "".join(
            f"<tr><th>{escape(label)}</th><td>{escape(str(msg.get(key, '')))}</td></tr>"
            for label, key in ((_("From"), "From"), (_("Date"), "Date"), (_("Subject"), "Subject"))
        )
    css = "<style>pre{white-space:pre-wrap;font:9pt monospace}.why{border:1px solid #c00;padding:4pt}</style>"
    body = "".join(f"<pre>{escape(t)}</pre><hr>" for t in texts)
    return render_html(
        f"<html><head>{css}</head><body><p class='why'>{escape(banner)}</p>"
        f"<table>{rows}</table><hr>{body}</body></html>"
    )
