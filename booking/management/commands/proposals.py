"""`manage.py proposals --dossier ID --json`: one JSON object per proposal per line."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from booking.models import Proposal, State
from booking.rules import problem_texts
from booking.services import proposals_create_missing
from tenancy.models import Dossier


def record(p: Proposal) -> dict:
    cp = p.counterparty
    return {
        "id": p.pk,
        "document": p.document_id,
        "file_name": p.document.file_name,
        "state": p.state,
        "status": p.status,
        "kind": p.kind,
        "direction": p.direction,
        "counterparty": {
            "name": cp.name if cp else p.new_name,
            "vat": cp.vat_number if cp else p.new_vat,
            "new": cp is None,
        },
        "invoice_number": p.invoice_number,
        "invoice_date": p.invoice_date.isoformat() if p.invoice_date else None,
        "period": p.period.label if p.period_id else None,
        "journal": p.journal.code if p.journal_id else None,
        "number": p.number,
        "currency": p.currency,
        "total_incl_vat": str(p.total) if p.total is not None else None,
        "lines": [
            {
                "account": ln.account.code if ln.account_id else None,
                "vat_code": ln.vat_code.code if ln.vat_code_id else None,
                "base": str(ln.base),
                "vat": str(ln.vat),
            }
            for ln in p.lines.all()
        ],
        "problems": problem_texts(p.problems),
        "corrections": p.corrections,
        "created_seconds": p.created_seconds,
    }


class Command(BaseCommand):
    help = "List a dossier's booking proposals (one JSON object per line with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--state", default="", help="open, sent or deleted (default: all)")
        parser.add_argument(
            "--sync", action="store_true", help="first make the proposals of sent documents"
        )

    def handle(self, *args, **opts):
        dossier = Dossier.objects.filter(pk=opts["dossier"]).first()
        if dossier is None:
            raise CommandError(f"no dossier {opts['dossier']}")
        if opts["sync"]:
            n = proposals_create_missing(dossier=dossier, limit=100000)
            self.stderr.write(f"{n} proposals made")
        qs = (
            Proposal.objects.filter(dossier=dossier)
            .select_related("document", "journal", "period", "counterparty")
            .prefetch_related("lines__account", "lines__vat_code")
            .order_by("id")
        )
        if opts["state"]:
            if opts["state"] not in State.values:
                raise CommandError(f"--state is one of {', '.join(State.values)}")
            qs = qs.filter(state=opts["state"])
        for p in qs.iterator(chunk_size=500):
            if opts["json"]:
                self.stdout.write(json.dumps(record(p), ensure_ascii=False))
            else:
                cp = record(p)["counterparty"]
                self.stdout.write(
                    f"{p.pk}\t{p.document.file_name}\t{p.status}\t{cp['name']}\t"
                    f"{p.invoice_number}\t{p.total or ''}"
                )
