"""H3: the office's mass message (filter the dossiers, write once in each language, send)
and its message templates (standard ones it may edit, and its own)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from messaging.forms import LANGUAGE_NAMES, ComposeForm, MassFilterForm, TemplateForm
from messaging.mass import (
    PLACEHOLDERS,
    DossierFilter,
    dossiers_for_mass,
    mass_send,
    template_get,
    template_reset,
    template_save,
    templates_for,
)
from tenancy.access import office_admin, office_collaborators
from tenancy.models import ClientGroup, OfficeMember, OfficeRole, ValidationMode
from tenancy.policy import is_office_admin, office_member


def _filter_form(request, office) -> MassFilterForm:
    members = (
        OfficeMember.objects.filter(office=office, is_active=True)
        .exclude(role=OfficeRole.SUPPORT)
        .select_related("user")
    )
    return MassFilterForm(
        request.GET,
        groups=[(g.pk, g.name) for g in ClientGroup.objects.filter(office=office)],
        managers=[(m.user_id, m.user.display_name) for m in members],
        modes=ValidationMode.choices,
    )


def _mass_page(request, compose: ComposeForm, checked: set[int] | None = None, status=200):
    office = office_member(request.user).office
    ff = _filter_form(request, office)
    f = DossierFilter()
    if ff.is_valid():
        d = ff.cleaned_data
        f = DossierFilter(
            group=d["group"],
            manager=d["manager"],
            validation_mode=d["validation_mode"],
            vat_regime=d["vat_regime"],
            q=d["q"].strip(),
            mine=d["mine"],
        )
    dossiers = list(dossiers_for_mass(user=request.user, f=f)[:500])
    query = request.GET.copy()
    query.pop("template", None)
    languages: dict[str, int] = {}
    for dossier in dossiers:
        languages[dossier.language] = languages.get(dossier.language, 0) + 1
    return render(
        request,
        "messaging/mass.html",
        {
            "filter_form": ff,
            "compose": compose,
            "dossiers": dossiers,
            "checked": checked if checked is not None else {d.pk for d in dossiers},
            "languages": [(LANGUAGE_NAMES[k], n) for k, n in sorted(languages.items())],
            "templates": templates_for(office),
            "placeholders": ["{" + p + "}" for p in PLACEHOLDERS],
            "query": query.urlencode(),
        },
        status=status,
    )


@office_collaborators  # support users see no messages (tenancy.policy)
def mass_view(request):
    member = office_member(request.user)
    office = member.office
    if request.method == "POST":
        compose = ComposeForm(request.POST)
        try:
            ids = [int(x) for x in request.POST.getlist("dossiers")]
        except ValueError:
            raise Http404 from None
        if compose.is_valid():
            subject, body = compose.texts()
            try:
                sent = mass_send(
                    actor=request.user,
                    dossier_ids=ids,
                    subject=subject,
                    body=body,
                    period=compose.cleaned_data["period"].strip(),
                    deadline=compose.cleaned_data["deadline"],
                )
            except ValidationError as exc:
                compose.add_error(None, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Message sent to %(n)s dossier.",
                        "Message sent to %(n)s dossiers.",
                        len(sent),
                    )
                    % {"n": len(sent)},
                )
                return redirect("messaging_office")
        return _mass_page(request, compose, checked=set(ids), status=400)
    initial = {}
    chosen = template_get(office, request.GET.get("template", ""))
    if chosen is not None:
        for lang in LANGUAGE_NAMES:
            initial[f"subject_{lang}"] = chosen.subject.get(lang, "")
            initial[f"body_{lang}"] = chosen.body.get(lang, "")
    return _mass_page(request, ComposeForm(initial=initial))


@office_collaborators
def templates_view(request):
    office = office_member(request.user).office
    return render(
        request,
        "messaging/message_templates.html",
        {
            "templates": templates_for(office),
            "can_edit": is_office_admin(request.user),
            "placeholders": ["{" + p + "}" for p in PLACEHOLDERS],
        },
    )


@office_admin
def template_edit_view(request, key: str):
    office = office_member(request.user).office
    current = template_get(office, key) if key != "new" else None
    if key != "new" and current is None:
        raise Http404
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            subject, body = form.texts()
            try:
                template_save(
                    actor=request.user,
                    office=office,
                    key="" if key == "new" else key,
                    name=form.cleaned_data["name"],
                    subject=subject,
                    body=body,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("messaging_templates")
    else:
        initial = {"name": current.name if current else ""}
        if current is not None:
            for lang in LANGUAGE_NAMES:
                initial[f"subject_{lang}"] = current.subject.get(lang, "")
                initial[f"body_{lang}"] = current.body.get(lang, "")
        form = TemplateForm(initial=initial)
    return render(
        request,
        "messaging/message_template_edit.html",
        {
            "form": form,
            "current": current,
            "key": key,
            "placeholders": ["{" + p + "}" for p in PLACEHOLDERS],
        },
    )


@require_POST
@office_admin
def template_reset_view(request, key: str):
    office = office_member(request.user).office
    if template_get(office, key) is None:
        raise Http404
    template_reset(actor=request.user, office=office, key=key)
    messages.success(request, _("Template reset."))
    return redirect("messaging_templates")
