"""Missing documents (E3): the office picks payments and asks; the client answers by upload."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from bank.models import MissingDocumentRequest, Movement, RequestStatus
from bank.services.missing import documents_request, payments_without_document, request_answer
from documents.intake import IntakeRefused
from tenancy.access import dossier_access
from tenancy.policy import Cap


class AnswerForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Document"))


@dossier_access(Cap.CONFIGURE)
def missing_office_view(request, dossier_id: int):
    dossier = request.dossier
    return render(
        request,
        "bank/missing_office.html",
        {
            "dossier": dossier,
            "payments": payments_without_document(dossier=dossier)[:500],
            "requests": MissingDocumentRequest.objects.filter(dossier=dossier)
            .select_related("document")
            .prefetch_related("movements")[:200],
        },
    )


@require_POST
@dossier_access(Cap.CONFIGURE)
def missing_ask_view(request, dossier_id: int):
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    movements = list(Movement.objects.filter(dossier=request.dossier, pk__in=ids))
    try:
        made = documents_request(
            actor=request.user,
            dossier=request.dossier,
            movements=movements,
            per_supplier=request.POST.get("per") == "supplier",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d request sent to the client.",
                "%(count)d requests sent to the client.",
                len(made),
            )
            % {"count": len(made)},
        )
    return redirect("bank_missing_office", dossier_id=dossier_id)


@dossier_access(Cap.UPLOAD)
def missing_client_view(request, dossier_id: int):
    return render(
        request,
        "bank/missing_client.html",
        {
            "dossier": request.dossier,
            "requests": MissingDocumentRequest.objects.filter(
                dossier=request.dossier, status=RequestStatus.OPEN
            ).prefetch_related("movements"),
        },
    )


@dossier_access(Cap.UPLOAD)
def missing_answer_view(request, dossier_id: int, request_id: int):
    req = get_object_or_404(
        MissingDocumentRequest.objects.prefetch_related("movements"),
        dossier=request.dossier,
        pk=request_id,
    )
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            request_answer(
                actor=request.user, request=req, file_name=upload.name, data=upload.read()
            )
        except (ValidationError, IntakeRefused) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Thank you, your accountant has the document."))
            return redirect("bank_missing", dossier_id=dossier_id)
    return render(
        request,
        "bank/missing_answer.html",
        {"dossier": request.dossier, "req": req, "form": form},
    )
