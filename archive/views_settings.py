"""I2: the permanent-dossier categories tab of the office settings (office app's layout)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from archive import categories as svc
from archive.models import PermanentCategory
from office.views_settings import settings_context
from tenancy.access import office_admin
from tenancy.policy import office_member


@office_admin
@require_http_methods(["GET", "POST"])
def categories_view(request):
    office = office_member(request.user).office
    if request.method == "POST":
        action = request.POST.get("action", "")
        category = None
        if request.POST.get("category"):
            category = PermanentCategory.objects.filter(
                office=office, pk=request.POST["category"]
            ).first()
            if category is None:
                raise Http404
        try:
            if action == "save":
                svc.category_save(
                    actor=request.user,
                    office=office,
                    name=request.POST.get("name", ""),
                    category=category,
                )
                messages.success(request, _("Category saved."))
            elif action == "delete" and category is not None:
                svc.category_delete(actor=request.user, category=category)
                messages.success(request, _("Category deleted."))
            elif action in ("up", "down") and category is not None:
                svc.category_move(
                    actor=request.user, category=category, step=-1 if action == "up" else 1
                )
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("archive_settings_categories")
    return render(
        request,
        "archive/settings_categories.html",
        settings_context(request, "categories", categories=svc.office_categories(office)),
    )
