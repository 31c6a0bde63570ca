"""Folders (F7), the office's publishing, and the links and My accountant pages (F8)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from archive import folders
from archive.models import PermanentCategory, Publication, PublicationKind
from core.storage import blob_open
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, caps_for


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Folder"), choices=PublicationKind.choices)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category of the permanent dossier"),
        queryset=PermanentCategory.objects.none(),
        required=False,
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = folders.categories_for(dossier=dossier)


class CategoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("New category"), max_length=100)


@dossier_access(Cap.ARCHIVE)
@require_GET
def folders_view(request, dossier_id: int):
    dossier, user = request.dossier, request.user
    shared = folders.publications(user=user, dossier=dossier, kind=PublicationKind.SHARED)
    payslips = folders.publications(user=user, dossier=dossier, kind=PublicationKind.PAYSLIP)
    permanent = folders.publications(user=user, dossier=dossier, kind=PublicationKind.PERMANENT)
    caps = caps_for(user, dossier)
    by_category: dict[str, list[Publication]] = {}
    for p in permanent:
        by_category.setdefault(p.category.name if p.category else "", []).append(p)
    return render(
        request,
        "archive/folders.html",
        {
            "dossier": dossier,
            "caps": caps,
            "shared": shared,
            "payslips": payslips,
            "permanent": by_category,
            "statements": list(folders.bank_statements(user=user, dossier=dossier)[:100]),
        },
    )


@object_access("archive.Publication", Cap.ARCHIVE, kwarg="publication_id")
@require_POST
def publication_open_view(request, publication_id: int):
    folders.publication_opened(user=request.user, publication=request.fidu_object)
    return redirect("archive_publication_file", publication_id=publication_id)


@object_access("archive.Publication", Cap.ARCHIVE, kwarg="publication_id")
@require_GET
def publication_file_view(request, publication_id: int):
    pub = request.fidu_object
    return FileResponse(
        blob_open(pub.blob_id),
        filename=pub.file_name,
        content_type=pub.content_type or "application/octet-stream",
    )


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def publish_view(request, dossier_id: int):
    dossier = request.dossier
    form = PublishForm(dossier=dossier)
    cat_form = CategoryForm()
    if request.method == "POST" and request.POST.get("action") == "category":
        cat_form = CategoryForm(request.POST)
        if cat_form.is_valid():
            try:
                folders.category_create(
                    actor=request.user, dossier=dossier, name=cat_form.cleaned_data["name"]
                )
                return redirect("archive_publish", dossier_id=dossier_id)
            except ValidationError as exc:
                cat_form.add_error("name", exc)
    elif request.method == "POST":
        form = PublishForm(request.POST, request.FILES, dossier=dossier)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                folders.publication_create(
                    actor=request.user,
                    dossier=dossier,
                    kind=form.cleaned_data["kind"],
                    category=form.cleaned_data["category"],
                    title=form.cleaned_data["title"],
                    file_name=upload.name,
                    data=upload.read(),
                    content_type=upload.content_type or "",
                )
                messages.success(request, _("Published; the client was notified."))
                return redirect("archive_publish", dossier_id=dossier_id)
            except ValidationError as exc:
                form.add_error(None, exc)
    return render(
        request,
        "archive/publish.html",
        {
            "dossier": dossier,
            "form": form,
            "cat_form": cat_form,
            "publications": Publication.objects.filter(dossier=dossier).select_related("category"),
        },
    )


@object_access("archive.Publication", Cap.CONFIGURE, kwarg="publication_id")
@require_POST
def publication_delete_view(request, publication_id: int):
    pub = request.fidu_object
    folders.publication_delete(actor=request.user, publication=pub)
    messages.success(request, _("Withdrawn from the client's folders."))
    return redirect("archive_publish", dossier_id=pub.dossier_id)


# --- F8


@dossier_access(Cap.VIEW)
@require_GET
def links_view(request, dossier_id: int):
    from office.office_settings import client_links_for

    caps = caps_for(request.user, request.dossier)
    links = client_links_for(request.dossier)  # I2: the office's own links and apps
    return render(
        request,
        "archive/links.html",
        {
            "dossier": request.dossier,
            "can_upload": Cap.UPLOAD in caps,
            "office_links": [x for x in links if x["kind"] == "link"],
            "office_apps": [x for x in links if x["kind"] == "app"],
        },
    )


@dossier_access(Cap.VIEW)
@require_GET
def accountant_view(request, dossier_id: int):
    dossier = request.dossier
    return render(
        request,
        "archive/accountant.html",
        {"dossier": dossier, "office": dossier.office, "manager": dossier.manager},
    )
