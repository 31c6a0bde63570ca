"""The office side: dossier list, collaborators, branding, access requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST

from core.storage import blob_bytes
from tenancy.access import office_admin, office_staff, public
from tenancy.forms import BrandingForm, InviteCollaboratorForm
from tenancy.models import Office
from tenancy.policy import office_member
from tenancy.selectors import (
    access_requests_for_office,
    dossier_list_for_user,
    office_collaborators,
)
from tenancy.services import access_request_decide, invitation_create, office_update_branding


@office_staff
def office_dossiers_view(request):
    search = request.GET.get("q", "").strip()
    dossiers = dossier_list_for_user(user=request.user, search=search)
    member = office_member(request.user)
    ctx = {
        "dossiers": dossiers,
        "q": search,
        "access_requests": access_requests_for_office(office=member.office).filter(
            dossier__in=dossier_list_for_user(user=request.user)
        ),
    }
    template = (
        "tenancy/_office_dossier_rows.html" if request.htmx else "tenancy/office_dossiers.html"
    )
    return render(request, template, ctx)


@office_staff
@require_POST
def access_request_decide_view(request, request_id: int):
    member = office_member(request.user)
    req = (
        access_requests_for_office(office=member.office)
        .filter(pk=request_id, dossier__in=dossier_list_for_user(user=request.user))
        .first()
    )
    if req is None:
        raise Http404
    from django.core.exceptions import PermissionDenied

    try:
        access_request_decide(
            actor=request.user, request_obj=req, grant=request.POST.get("grant") == "1"
        )
    except PermissionDenied:
        raise
    messages.success(request, _("Done."))
    return redirect("office_dossiers")


@office_admin
@require_http_methods(["GET", "POST"])
def office_collaborators_view(request):
    office = office_member(request.user).office
    form = InviteCollaboratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(actor=request.user, office=office, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("email", exc.messages[0])
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("office_collaborators")
    ctx = {
        "form": form,
        "collaborators": office_collaborators(office=office),
        "invitations": office.invitations.filter(
            dossier__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
        ),
    }
    return render(request, "tenancy/office_collaborators.html", ctx)


@office_admin
@require_http_methods(["GET", "POST"])
def office_branding_view(request):
    office = office_member(request.user).office
    form = BrandingForm(
        request.POST or None,
        request.FILES or None,
        initial={f: getattr(office, f) for f in BrandingForm.base_fields if f != "logo"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo", None)
        office_update_branding(
            actor=request.user, office=office, logo_bytes=logo.read() if logo else None, **data
        )
        messages.success(request, _("Branding saved."))
        return redirect("office_branding")
    return render(request, "tenancy/office_branding.html", {"form": form, "branded_office": office})


# Branding assets are public on purpose: the login page shows them before anyone logs in.
@public
@cache_control(max_age=300)
def branding_css_view(request, office_id: int):
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise Http404
    css = (
        ":root{"
        f"--fidu-bg:{office.color_background};"
        f"--fidu-app:{office.color_app};"
        f"--fidu-button:{office.color_button};"
        "}"
    )
    return HttpResponse(css, content_type="text/css")


@public
@cache_control(max_age=300)
def branding_logo_view(request, office_id: int):
    office = Office.objects.filter(pk=office_id, logo__isnull=False).first()
    if office is None:
        raise Http404
    data = blob_bytes(office.logo_id)
    import filetype

    kind = filetype.guess(data)
    if kind is None or not kind.mime.startswith("image/"):
        raise Http404
    return HttpResponse(data, content_type=kind.mime)
