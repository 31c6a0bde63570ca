"""The dossier's bank page (E1, E4): accounts and balances, movements with filters, and for
the office the CODA import."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bank import selectors as sel
from bank.access import bank_read_access
from bank.forms import CodaUploadForm, MovementFilterForm
from bank.models import Statement
from bank.services.imports import CodaRefused, coda_import
from bank.services.matching import proposals_make
from bank.statement_pdf import statement_pdf
from core.texts import render as render_text
from tenancy.access import dossier_access
from tenancy.policy import Cap, can

PAGE_SIZE = 50


@bank_read_access()
def bank_view(request, dossier_id: int):
    accounts = sel.account_list(dossier=request.dossier)
    form = MovementFilterForm(request.GET or None, accounts=accounts)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(sel.movement_search(dossier=request.dossier, filters=filters), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bank/bank.html",
        {
            "dossier": request.dossier,
            "accounts": accounts,
            "statements": sel.statement_list(dossier=request.dossier).order_by(
                "-date", "-sequence"
            )[:36],
            "form": form,
            "page": page.get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "upload": CodaUploadForm()
            if can(request.user, Cap.CONFIGURE, request.dossier)
            else None,
        },
    )


@require_POST
@dossier_access(Cap.CONFIGURE)
def bank_import_view(request, dossier_id: int):
    form = CodaUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose one or more CODA files."))
        return redirect("bank", dossier_id=dossier_id)
    imported = False
    for upload in form.cleaned_data["files"]:
        try:
            report = coda_import(
                dossier=request.dossier,
                data=upload.read(),
                file_name=upload.name,
                actor=request.user,
            )
        except CodaRefused as exc:
            messages.error(
                request,
                _("%(file)s refused, nothing of it was imported: %(reason)s")
                % {"file": upload.name, "reason": render_text(exc.text)},
            )
            continue
        new = sum(1 for s in report.statements if s.created)
        known = len(report.statements) - new
        parts = [
            ngettext("%(count)d statement imported", "%(count)d statements imported", new)
            % {"count": new}
        ]
        if known:
            parts.append(
                ngettext("%(count)d already imported", "%(count)d already imported", known)
                % {"count": known}
            )
        for number in report.accounts_created:
            parts.append(_("new bank account %(number)s added") % {"number": number})
        messages.success(request, f"{upload.name}: " + "; ".join(parts) + ".")
        imported = imported or bool(new)
    if imported:
        # The office's next step is matching: the proposals are ready when it gets there.
        proposals_make(dossier=request.dossier, actor=request.user)
    return redirect("bank", dossier_id=dossier_id)


@bank_read_access()
def statement_pdf_view(request, dossier_id: int, statement_id: int):
    statement = get_object_or_404(
        Statement.objects.select_related("account"), dossier=request.dossier, pk=statement_id
    )
    response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    name = f"{statement.account.number}-{statement.date:%Y}-{statement.sequence:03d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
