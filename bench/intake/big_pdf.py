"""A 500-page PDF: accepted and thumbnailed within 60 s (the pipeline run inline, as the worker would).

.venv/bin/python bench/intake/big_pdf.py
"""

from __future__ import annotations

import time

from common import fresh_env, make_dossier, setup_django


def main(pages: int = 500) -> None:
    fresh_env("big")
    setup_django()
    from documents.intake import Incoming, intake_file, process
    from documents.models import Document, Source
    from documents.tests.pdfs import make_pdf

    dossier, _user, _secret = make_dossier()
    data = make_pdf([f"Page {i} of a long scan - Facture {i // 3}" for i in range(1, pages + 1)])
    t0 = time.time()
    [doc] = intake_file(
        Incoming(
            dossier=dossier,
            mailbox="purchases",
            source=Source.COMMAND,
            file_name="long.pdf",
            data=data,
        )
    )
    t_stored = time.time() - t0
    process(doc.pk)
    elapsed = time.time() - t0
    doc = Document.objects.get(pk=doc.pk)
    print(
        f"{pages} pages ({len(data) // 1024} KB): stored in {t_stored:.2f} s, "
        f"{doc.pages.count()} thumbnails after {elapsed:.1f} s (limit 60 s); notice={doc.notice!r}"
    )


if __name__ == "__main__":
    main()
