"""The user's own settings: name, language, second factor, API tokens (A5)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tenancy.access import login_only, public
from tenancy.forms import ApiTokenForm, PreferencesForm, TotpForm
from tenancy.selectors import api_tokens_for_user, office_for_user
from tenancy.services import (
    api_token_create,
    api_token_revoke,
    totp_begin,
    totp_confirm,
    totp_disable,
    totp_uri,
    user_update_preferences,
)


@public
@require_POST
def language_set_view(request):
    """Switch the UI language: remembered on the account when logged in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        user_update_preferences(actor=request.user, language=language)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@login_only
@require_http_methods(["GET", "POST"])
def profile_view(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
        },
        prefs=user.notification_prefs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_update_preferences(
            actor=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
            notification_prefs=form.notification_prefs(),
        )
        messages.success(request, _("Your settings are saved."))
        response = redirect("profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.language, max_age=365 * 24 * 3600, samesite="Lax"
        )
        return response
    return render(request, "tenancy/profile.html", {"form": form})


@login_only
@require_http_methods(["GET", "POST"])
def security_view(request):
    user = request.user
    form = TotpForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and action == "begin":
        totp_begin(actor=user)
        return redirect("security")
    if request.method == "POST" and form.is_valid():
        try:
            if action == "confirm":
                totp_confirm(actor=user, code=form.cleaned_data["code"])
                messages.success(request, _("Two-step verification is on."))
            elif action == "disable":
                totp_disable(actor=user, code=form.cleaned_data["code"])
                messages.success(request, _("Two-step verification is off."))
            return redirect("security")
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
    ctx = {"form": form}
    if user.totp_secret and not user.totp_enabled:
        office = office_for_user(user=user)
        uri = totp_uri(user, office.display_name if office else "Fidu")
        ctx["qr_data_uri"] = segno.make(uri, error="m").svg_data_uri(scale=5)
        ctx["secret"] = user.totp_secret
    return render(request, "tenancy/security.html", ctx)


@login_only
@require_http_methods(["GET", "POST"])
def tokens_view(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = api_token_create(actor=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "tenancy/tokens.html",
        {"form": form, "tokens": api_tokens_for_user(user=request.user), "new_secret": new_secret},
    )


@login_only
@require_POST
def token_revoke_view(request, token_id: int):
    # Scoped to the user's own tokens: someone else's id is simply not found.
    token = api_tokens_for_user(user=request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("tokens")
