"""500 mails to the SMTP receiver from 10 concurrent clients: all 500 documents present, none twice.

.venv/bin/python bench/intake/smtp_load.py [N]
"""

from __future__ import annotations

import smtplib
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from common import fresh_env, make_dossier, setup_django, start, wait_port


def main(n: int = 500, clients: int = 10) -> None:
    env = fresh_env("smtp")
    env["FIDU_SMTP_PORT"] = "2626"
    setup_django()
    from documents.intake.mail import address_for
    from documents.models import Document, InboundMail
    from documents.tests.mails import invoice_mail
    from documents.tests.pdfs import make_pdf

    dossier, _user, _secret = make_dossier()
    to = address_for(dossier, "purchases")
    mails = [
        invoice_mail(
            to,
            msgid=f"<bench-{i}@supplier.test>",
            attachments=[(f"inv-{i}.pdf", make_pdf([f"Invoice {i}"]))],
        )
        for i in range(n)
    ]
    smtpd = start(["smtpd", "--port", "2626"], env, "/tmp/fidu-bench-smtpd.log")
    try:
        wait_port(2626)
        t0 = time.time()

        def client(k: int) -> int:
            sent = 0
            with smtplib.SMTP("127.0.0.1", 2626, timeout=60) as smtp:
                for i in range(k, n, clients):
                    smtp.sendmail("billing@supplier.test", [to], mails[i])
                    sent += 1
            return sent

        with ThreadPoolExecutor(clients) as pool:
            sent = sum(pool.map(client, range(clients)))
        elapsed = time.time() - t0
        docs = Document.objects.filter(dossier=dossier)
        names = list(docs.values_list("file_name", flat=True))
        print(
            f"sent {sent} mails with {clients} clients in {elapsed:.1f} s ({sent / elapsed:.0f}/s)"
        )
        print(
            f"documents: {len(names)}, distinct: {len(set(names))}, inbound mails: {InboundMail.objects.count()}"
        )
        assert len(names) == n == len(set(names))
    finally:
        smtpd.terminate()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
