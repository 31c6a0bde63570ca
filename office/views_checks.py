"""Pages of the office's checks on proposals: VAT lookups (C14) and sales numbering (C12)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from booking.policy import may_open
from office.lookups import lookup_enabled, split_vat
from office.lookups.services import counterparty_form_lookup, proposal_counterparty_lookup
from office.models import VatCheck
from office.numbering import numbering_enabled, numbering_report
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, can


@object_access("booking.Proposal", Cap.WORKLIST, kwarg="proposal_id", check=may_open)
@require_POST
def lookup_proposal_view(request, proposal_id: int):
    """C14: the "look up the VAT number" button of the proposal page."""
    p = request.fidu_object
    outcome = proposal_counterparty_lookup(actor=request.user, proposal=p)
    if outcome.info is None:
        if outcome.message == "no_vat":
            messages.warning(request, _("This proposal has no VAT number to look up."))
        else:
            messages.warning(
                request, _("VAT lookup failed: %(why)s Booking goes on.") % {"why": outcome.message}
            )
    elif not outcome.info.valid:
        messages.warning(
            request,
            _("%(vat)s is not a valid VAT number according to VIES.") % {"vat": outcome.info.vat},
        )
    elif outcome.changed:
        messages.success(request, _("Completed from VIES: %(name)s.") % {"name": outcome.info.name})
    else:
        messages.info(
            request, _("VIES confirms %(vat)s; nothing was missing.") % {"vat": outcome.info.vat}
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("booking_annotate", args=[p.pk])
    return redirect(back)


@dossier_access(Cap.WORKLIST)
@require_GET
def numbering_view(request, dossier_id: int):
    """C12: gaps and duplicates of the sales invoice numbers, per fiscal year."""
    dossier = request.dossier
    enabled = numbering_enabled(dossier)
    ctx = {
        "dossier": dossier,
        "enabled": enabled,
        "reports": numbering_report(dossier) if enabled else [],
        "can_configure": can(request.user, Cap.CONFIGURE, dossier),
    }
    return render(request, "office/numbering.html", ctx)


def proposal_panel(request: Any, dossier: Any, document: Any = None) -> dict[str, str]:
    """ "conversation_panel" provider: on a proposal's page, the office sees the VIES answer
    for its counterparty with a lookup button."""
    from booking.models import Proposal

    if document is None or not can(request.user, Cap.WORKLIST, dossier):
        return {}
    p = Proposal.objects.select_related("counterparty").filter(document=document).first()
    if p is None:
        return {}
    raw = p.counterparty.vat_number if p.counterparty is not None else p.new_vat
    parts = split_vat(raw or "")
    check = None
    if parts is not None:
        check = VatCheck.objects.filter(dossier=dossier, vat=f"{parts[0]}{parts[1]}").first()
    if parts is None:
        return {}  # the C12 flags are in the proposal's problems ("proposal_problems")
    html = render_to_string(
        "office/_proposal_panel.html",
        {
            "p": p,
            "vat": f"{parts[0]}{parts[1]}" if parts else "",
            "check": check,
            "can_lookup": parts is not None and lookup_enabled() and p.is_open,
            "back": request.get_full_path(),
        },
        request=request,
    )
    return {"office": html}


def counterparty_tools(request: Any, dossier: Any) -> dict[str, str]:
    """ "counterparty_form_tools" provider: a "Look up" button beside the ledger's
    counterparty form, filling name and address from the VAT number (C14)."""
    if not lookup_enabled() or not can(request.user, Cap.CONFIGURE, dossier):
        return {}
    html = render_to_string(
        "office/_counterparty_lookup.html",
        {"url": reverse("office_counterparty_lookup", args=[dossier.pk])},
        request=request,
    )
    return {"office": html}


@dossier_access(Cap.CONFIGURE)
@require_POST
def counterparty_lookup_view(request, dossier_id: int):
    """C14: the ledger's counterparty form sent here by its "Look up" button (htmx); the
    form comes back filled from VIES, not saved."""
    from ledger.forms import CounterpartyForm

    dossier = request.dossier
    fields = list(CounterpartyForm.base_fields)
    current = {k: request.POST.get(k, "") for k in fields}
    outcome, values = counterparty_form_lookup(
        actor=request.user, dossier=dossier, vat=current["vat_number"], current=current
    )
    if outcome.info is None:
        text = (
            _("Type a VAT number to look up first.")
            if outcome.message == "no_vat"
            else _("VAT lookup failed: %(why)s") % {"why": outcome.message}
        )
        notice = {"level": "warning", "text": text}
    elif not outcome.info.valid:
        notice = {
            "level": "warning",
            "text": _("%(vat)s is not a valid VAT number according to VIES.")
            % {"vat": outcome.info.vat},
        }
    else:
        notice = {
            "level": "success",
            "text": _("VIES: %(name)s. Check the form, then save it.")
            % {"name": outcome.info.name or outcome.info.vat},
        }
    if not request.htmx:
        messages.info(request, notice["text"])
        return redirect("ledger_counterparties", dossier_id=dossier.pk)
    form = CounterpartyForm(initial={**{k: v for k, v in current.items() if v}, **values})
    return render(
        request,
        "ledger/_counterparty_form.html",
        {
            "dossier": dossier,
            "form": form,
            "form_notice": notice,
            "form_tools": counterparty_tools(request, dossier),
        },
    )
