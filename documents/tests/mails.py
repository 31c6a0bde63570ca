from __future__ import annotations

import email.policy
from email.message import EmailMessage

from documents.tests.pdfs import make_pdf


def invoice_mail(
    to: str,
    *,
    msgid: str = "<inv-1@supplier.test>",
    sender="billing@supplier.test",
    attachments=(("invoice.pdf", None),),
    html: str | None = None,
    text: str = "See attached.",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = "Invoice 2026-001"
    msg["Message-ID"] = msgid
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data in attachments:
        msg.add_attachment(
            data or make_pdf([f"Invoice {name}"]),
            maintype="application",
            subtype="pdf",
            filename=name,
        )
    return msg.as_bytes(policy=email.policy.SMTP)  # CRLF, as on the wire
