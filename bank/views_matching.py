"""The office's matching screen (E2): unmatched movements with their proposal; accept,
change the target, reject, one at a time or the structured-communication ones at once."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bank import selectors as sel
from bank.models import MatchProposal, MatchRule, MatchStatus, Movement
from bank.services.decisions import (
    movement_assign,
    proposal_change,
    proposal_reject,
    proposals_accept,
)
from bank.services.matching import proposals_make
from ledger.selectors import books_for
from tenancy.access import dossier_access
from tenancy.policy import Cap

PAGE_SIZE = 100
# Each acceptance posts an entry and settles items in its own transaction; a click does at
# most this many so that the request stays short (the rest stay proposed for the next click).
BULK_MAX = 200


@dossier_access(Cap.CONFIGURE)
def matching_view(request, dossier_id: int):
    page = Paginator(sel.unmatched_movements(dossier=request.dossier), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    books = books_for(request.dossier)
    return render(
        request,
        "bank/matching.html",
        {
            "dossier": request.dossier,
            "page": page,
            "rows": sel.matching_rows(dossier=request.dossier, movements=list(page)),
            "targets": sel.match_targets(dossier=request.dossier),
            "posts": books is not None and books.connector == "builtin",
            "ogm_pending": MatchProposal.objects.filter(
                dossier=request.dossier, status=MatchStatus.PROPOSED, rule=MatchRule.OGM
            ).count(),
        },
    )


@require_POST
@dossier_access(Cap.CONFIGURE)
def matching_propose_view(request, dossier_id: int):
    made = proposals_make(dossier=request.dossier, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)d proposal made.", "%(count)d proposals made.", made) % {"count": made},
    )
    return redirect("bank_matching", dossier_id=dossier_id)


def _digits(value) -> int:
    return int(value) if str(value).isdigit() else 0


def _pending(dossier, pk) -> MatchProposal:
    return get_object_or_404(
        MatchProposal.objects.select_related("movement", "dossier"),
        dossier=dossier,
        pk=_digits(pk),
        status=MatchStatus.PROPOSED,
    )


@require_POST
@dossier_access(Cap.CONFIGURE)
def matching_decide_view(request, dossier_id: int):
    dossier = request.dossier
    post = request.POST
    if post.get("bulk") == "ogm":
        chosen = list(
            MatchProposal.objects.filter(
                dossier=dossier, status=MatchStatus.PROPOSED, rule=MatchRule.OGM
            )
            .select_related("movement")
            .order_by("movement__booking_date", "pk")[:BULK_MAX]
        )
    elif post.get("bulk") == "selected":
        ids = [i for i in post.getlist("ids") if i.isdigit()]
        chosen = list(
            MatchProposal.objects.filter(
                dossier=dossier, status=MatchStatus.PROPOSED, pk__in=ids
            ).select_related("movement")[:BULK_MAX]
        )
    elif post.get("accept"):
        chosen = [_pending(dossier, post["accept"])]
    else:
        chosen = []
    if chosen:
        errors = proposals_accept(actor=request.user, proposals=chosen)
        done = len(chosen) - len(errors)
        if done:
            messages.success(
                request,
                ngettext("%(count)d movement matched.", "%(count)d movements matched.", done)
                % {"count": done},
            )
        for error in errors:
            messages.error(request, error)
    elif post.get("reject"):
        proposal_reject(actor=request.user, proposal=_pending(dossier, post["reject"]))
        messages.success(request, _("Proposal rejected; the movement stays to be matched."))
    elif post.get("change") or post.get("assign"):
        key = "change" if post.get("change") else "assign"
        text = post.get(f"target-{key}-{post[key]}", "").strip()
        line_ids = [int(n) for n in re.findall(r"#(\d+)", text)]
        found = re.match(r"\s*(\d+)", text)
        code = found[1] if found and not line_ids else ""
        try:
            if key == "change":
                proposal = _pending(dossier, post["change"])
                proposal_change(
                    actor=request.user, proposal=proposal, line_ids=line_ids, account_code=code
                )
            else:
                movement = get_object_or_404(
                    Movement, dossier=dossier, parent=None, pk=_digits(post["assign"])
                )
                movement_assign(
                    actor=request.user, movement=movement, line_ids=line_ids, account_code=code
                )
            messages.success(request, _("Target changed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose what to do."))
    page = _digits(post.get("page")) or 1
    return redirect(reverse("bank_matching", args=[dossier.pk]) + f"?page={page}")
