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
from tenancy import branding
from tenancy.access import office_admin, office_staff, public
from tenancy.forms import (
    BrandingForm,
    ClientGroupForm,
    CollaboratorGroupForm,
    DossierCreateForm,
    InviteCollaboratorForm,
)
from tenancy.models import ClientGroup, CollaboratorGroup, Office
from tenancy.policy import office_member
from tenancy.selectors import (
    access_requests_for_office,
    dossier_list_for_user,
    office_collaborators,
)
from tenancy.services import (
    access_request_decide,
    client_group_save,
    collaborator_group_save,
    dossier_create,
    invitation_create,
    office_update_branding,
)


@office_staff
def office_dossiers_view(request):
    search = request.GET.get("q", "").strip()
    dossiers = dossier_list_for_user(user=request.user, search=search)
    member = office_member(request.user)
    ctx = {
        "dossiers": dossiers,
        "q": search,
        "is_office_admin": member.role == "admin",
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
    access_request_decide(
        actor=request.user, request_obj=req, grant=request.POST.get("grant") == "1"
    )
    messages.success(request, _("Done."))
    return redirect("office_dossiers")


@office_admin
@require_http_methods(["GET", "POST"])
def office_collaborators_view(request):
    office = office_member(request.user).office
    form, sent = invite_form(request, office)
    if sent:
        return redirect("office_collaborators")
    ctx = {
        "form": form,
        "collaborators": office_collaborators(office=office),
        "invitations": office.invitations.filter(
            dossier__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
        ),
    }
    return render(request, "tenancy/office_collaborators.html", ctx)


def invite_form(request, office) -> tuple[InviteCollaboratorForm, bool]:
    """The invite-a-collaborator form, sent through the service on a valid POST (tenancy's
    page and the office settings' tab both show it): (form, sent)."""
    form = InviteCollaboratorForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return form, False
    try:
        invitation_create(actor=request.user, office=office, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error("email", exc.messages[0])
        return form, False
    messages.success(
        request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
    )
    return form, True


def branding_form(request, office) -> tuple[BrandingForm, bool]:
    """The office's branding form, saved through the service on a valid POST (tenancy's
    page and the office settings' tab both show it): (form, saved)."""
    form = BrandingForm(
        request.POST or None,
        request.FILES or None,
        initial={
            f: getattr(office, f)
            for f in BrandingForm.base_fields
            if f not in ("logo", "remove_logo")
        },
    )
    if not office.logo_id:
        del form.fields["remove_logo"]
    if request.method != "POST" or not form.is_valid():
        return form, False
    data = dict(form.cleaned_data)
    logo = data.pop("logo", None)
    office_update_branding(
        actor=request.user,
        office=office,
        logo_bytes=logo.read() if logo else None,
        remove_logo=data.pop("remove_logo", False),
        **data,
    )
    messages.success(request, _("Branding saved."))
    return form, True


@office_admin
@require_http_methods(["GET", "POST"])
def office_branding_view(request):
    office = office_member(request.user).office
    form, saved = branding_form(request, office)
    if saved:
        return redirect("office_branding")
    return render(request, "tenancy/office_branding.html", {"form": form, "branded_office": office})


# Branding assets are public on purpose: the login page shows them before anyone logs in.
@public
@cache_control(max_age=300)
def branding_css_view(request, office_id: int):
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise Http404
    return HttpResponse(branding.stylesheet(office), content_type="text/css")


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


@office_admin
@require_http_methods(["GET", "POST"])
def dossier_create_view(request):
    office = office_member(request.user).office
    form = DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dossier = dossier_create(actor=request.user, office=office, **form.cleaned_data)
        messages.success(request, _("Dossier created. Complete its settings and invite its users."))
        return redirect("dossier_settings", dossier_id=dossier.pk)
    return render(request, "tenancy/dossier_create.html", {"form": form})


@office_admin
@require_http_methods(["GET", "POST"])
def office_groups_view(request):
    """Client groups and collaborator groups (A2) on one page, with one form per group."""
    office = office_member(request.user).office
    action = request.POST.get("action", "")
    edit_id = request.POST.get("group_id") or request.GET.get("edit")
    client_group = collab_group = None
    if action.startswith("client") or (request.GET.get("kind") == "client" and edit_id):
        client_group = (
            ClientGroup.objects.filter(office=office, pk=edit_id).first() if edit_id else None
        )
    if action.startswith("collab") or (request.GET.get("kind") == "collab" and edit_id):
        collab_group = (
            CollaboratorGroup.objects.filter(office=office, pk=edit_id).first() if edit_id else None
        )
    client_form = ClientGroupForm(
        request.POST if action == "client" else None,
        office=office,
        initial={
            "name": client_group.name,
            "dossiers": list(client_group.dossiers.all()),
            "collaborators": list(client_group.collaborators.all()),
            "collaborator_groups": list(client_group.collaborator_groups.all()),
        }
        if client_group
        else None,
    )
    collab_form = CollaboratorGroupForm(
        request.POST if action == "collab" else None,
        office=office,
        initial={"name": collab_group.name, "members": list(collab_group.members.all())}
        if collab_group
        else None,
    )
    if request.method == "POST":
        if action == "client" and client_form.is_valid():
            client_group_save(
                actor=request.user, office=office, group=client_group, **client_form.cleaned_data
            )
            messages.success(request, _("Group saved."))
            return redirect("office_groups")
        if action == "collab" and collab_form.is_valid():
            collaborator_group_save(
                actor=request.user, office=office, group=collab_group, **collab_form.cleaned_data
            )
            messages.success(request, _("Group saved."))
            return redirect("office_groups")
    ctx = {
        "client_groups": ClientGroup.objects.filter(office=office).prefetch_related(
            "dossiers", "collaborators"
        ),
        "collaborator_groups": CollaboratorGroup.objects.filter(office=office).prefetch_related(
            "members"
        ),
        "client_form": client_form,
        "collab_form": collab_form,
        "client_group": client_group,
        "collab_group": collab_group,
    }
    return render(request, "tenancy/office_groups.html", ctx)
