"""Login (with the optional second step), logout, invitations, password reset."""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenancy import throttle
from tenancy.access import public
from tenancy.client_ip import client_ip
from tenancy.forms import LoginForm, SetPasswordForm, TotpForm
from tenancy.models import Office, User
from tenancy.services import (
    InvitationInvalid,
    invitation_accept,
    invitation_get_by_token,
    totp_verify,
)

PENDING_KEY = "fidu_pending_2fa_user"
# Failed logins are counted per account (django-axes) and per client address (here), each
# against its own limit, so neither spraying accounts nor one shared proxy address helps.
LOGIN_IP_SCOPE = "login-ip"
RESET_IP_SCOPE = "reset-ip"
RESET_ADDRESS_SCOPE = "reset-address"
RESET_WINDOW = timedelta(hours=1)


def _login_window() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def _address_blocked(request) -> bool:
    return throttle.over(
        LOGIN_IP_SCOPE,
        client_ip(request),
        limit=settings.FIDU_LOGIN_IP_FAILURE_LIMIT,
        window=_login_window(),
    )


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
        if _address_blocked(request) or AxesProxyHandler.is_locked(
            request, credentials={"username": form.cleaned_data["username"]}
        ):
            return render(request, "tenancy/locked_out.html", status=429)
        user = authenticate(
            request,
            username=form.cleaned_data["username"].lower(),
            password=form.cleaned_data["password"],
        )
        if user is None:
            throttle.hit(LOGIN_IP_SCOPE, client_ip(request), window=_login_window())
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
        # Limited per client address (429) and per e-mail address (no more mails, the same
        # answer as usual, so the page tells nobody whether the address has an account).
        ip = client_ip(self.request)
        email = form.cleaned_data["email"]
        if throttle.over(
            RESET_IP_SCOPE, ip, limit=settings.FIDU_RESET_IP_LIMIT, window=RESET_WINDOW
        ):
            ctx = {"login_office": _login_office()}
            return render(self.request, "tenancy/too_many_requests.html", ctx, status=429)
        throttle.hit(RESET_IP_SCOPE, ip, window=RESET_WINDOW)
        if throttle.over(
            RESET_ADDRESS_SCOPE, email, limit=settings.FIDU_RESET_ADDRESS_LIMIT, window=RESET_WINDOW
        ):
            return HttpResponseRedirect(self.get_success_url())
        throttle.hit(RESET_ADDRESS_SCOPE, email, window=RESET_WINDOW)
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
