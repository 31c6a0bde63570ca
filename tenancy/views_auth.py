"""Login (with the optional second step), logout, invitations, password reset."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenancy.access import public
from tenancy.forms import LoginForm, SetPasswordForm, TotpForm
from tenancy.models import Office, User
from tenancy.services import (
    InvitationInvalid,
    invitation_accept,
    invitation_get_by_token,
    totp_verify,
)

PENDING_KEY = "fidu_pending_2fa_user"


def _login_office() -> Office | None:
    # One office per installation is the common case; its branding greets everyone.
    return Office.objects.order_by("pk").first()


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse_lazy("home")


@public
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(
            request, credentials={"username": form.cleaned_data["username"]}
        ):
            return render(request, "tenancy/locked_out.html", status=429)
        user = authenticate(
            request,
            username=form.cleaned_data["username"].lower(),
            password=form.cleaned_data["password"],
        )
        if user is None:
            if getattr(request, "axes_locked_out", False):
                return render(request, "tenancy/locked_out.html", status=429)
            form.add_error(None, _("This e-mail and password do not match."))
        elif user.totp_enabled:
            request.session[PENDING_KEY] = user.pk
            request.session["fidu_next"] = str(_next_url(request))
            return redirect("login_2fa")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_url(request))
    return render(
        request,
        "tenancy/login.html",
        {"form": form, "login_office": _login_office(), "next": request.GET.get("next", "")},
    )


@public
@require_http_methods(["GET", "POST"])
def login_2fa_view(request):
    user_id = request.session.get(PENDING_KEY)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempts = request.session.get("fidu_2fa_attempts", 0) + 1
        request.session["fidu_2fa_attempts"] = attempts
        if attempts > 5:
            request.session.flush()
            messages.error(request, _("Too many wrong codes. Log in again."))
            return redirect("login")
        if totp_verify(user, form.cleaned_data["code"]):
            target = request.session.get("fidu_next") or reverse_lazy("home")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(target)
        form.add_error("code", _("That code is not right."))
    return render(
        request, "tenancy/login_2fa.html", {"form": form, "login_office": _login_office()}
    )


@public
@require_http_methods(["POST"])
def logout_view(request):
    logout(request)
    return redirect("login")


@public
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    try:
        invitation = invitation_get_by_token(token=token)
    except InvitationInvalid as exc:
        return render(
            request,
            "tenancy/invitation_invalid.html",
            {"reason": exc.reason, "login_office": _login_office()},
            status=410,
        )
    form = SetPasswordForm(
        request.POST or None,
        email=invitation.email,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except InvitationInvalid as exc:
            return render(
                request,
                "tenancy/invitation_invalid.html",
                {"reason": exc.reason, "login_office": _login_office()},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your password is set."))
        return redirect("home")
    return render(
        request,
        "tenancy/invitation_accept.html",
        {"form": form, "invitation": invitation, "login_office": _login_office()},
    )


class _Branded:
    extra_context = None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["login_office"] = _login_office()
        return ctx


class PasswordResetView(_Branded, auth_views.PasswordResetView):
    template_name = "tenancy/password_reset.html"
    email_template_name = "tenancy/mail/password_reset.txt"
    subject_template_name = "tenancy/mail/password_reset_subject.txt"

    def form_valid(self, form):
        from django.conf import settings

        # Links in mails must point at the public address, not whatever Host the request had.
        base = settings.FIDU_BASE_URL
        self.extra_email_context = {"base_url": base}
        return super().form_valid(form)


class PasswordResetDoneView(_Branded, auth_views.PasswordResetDoneView):
    template_name = "tenancy/password_reset_done.html"


class PasswordResetConfirmView(_Branded, auth_views.PasswordResetConfirmView):
    template_name = "tenancy/password_reset_confirm.html"


class PasswordResetCompleteView(_Branded, auth_views.PasswordResetCompleteView):
    template_name = "tenancy/password_reset_complete.html"


password_reset = public(PasswordResetView.as_view())
password_reset_done = public(PasswordResetDoneView.as_view())
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(PasswordResetCompleteView.as_view())
