import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from ryhma import health, trail, two_factor
from ryhma.access import role_required
from ryhma.forms import TwoFactorCodeForm
from ryhma.models import AuditEvent, Role
from ryhma.security import client_ip, over_limit, safe_next

HOME_BY_ROLE = {
    Role.COORDINATOR: "villages:programme_overview",
    Role.VILLAGE_STAFF: "services:week",
    Role.OFFICIAL: "evaluation:dashboard",
    Role.WORKER: "workers:me",
}


def is_start_page(user, url_name: str) -> bool:
    """Whether the page `url_name` is where the user's role starts its work (`home`). A
    page that is one role's start page and another's work page (the week grid: village
    staff start there, coordinators open an association's week to approve it) shows the
    home panels to the first only; the others have them on their own start page."""
    return HOME_BY_ROLE.get(user.role) == url_name


@login_required
def home(request):
    """Send each role to the page it starts its work from."""
    user = request.user
    target = HOME_BY_ROLE.get(user.role)
    if user.is_superuser and user.role == Role.OFFICIAL:
        target = "villages:programme_overview"
    return redirect(target or "villages:programme_overview")


@require_GET
@role_required(Role.COORDINATOR)
def audit_log(request):
    """The municipality's audit trail, newest first; read-only (no one edits the trail)."""
    events = AuditEvent.objects.for_user(request.user)
    target = request.GET.get("kohde", "")
    if "." in target and request.GET.get("id"):
        app_label, model = target.split(".", 1)
        events = events.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            object_id=request.GET["id"],
        )
    page = Paginator(trail.shown_values(events), 50).get_page(request.GET.get("sivu"))
    return render(
        request,
        "ryhma/audit_log.html",
        {
            "page_obj": page,
            "rows": trail.event_rows(page),
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )


def _next_url(request) -> str:
    return safe_next(request, "/")


@login_required
def two_factor_setup(request):
    """Pair an authenticator app: show its key, save it once the app's code matches."""
    user = request.user
    if not user.is_verified() and two_factor.has_device(user):
        # Replacing the app needs the current one: a password alone must not do it.
        return redirect("two_factor_verify")
    device = two_factor.unsaved_device(user, two_factor.new_key(request.session))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = getattr(user, "membership", None)
        saved = two_factor.confirm_device(
            user=user,
            key=device.key,
            token=form.cleaned_data["token"],
            municipality_id=membership.municipality_id if membership else None,
        )
        if saved is not None:
            otp_login(request, saved)
            request.session.pop(two_factor.SESSION_NEW_KEY, None)
            request.session[two_factor.SESSION_REQUIRED] = True
            messages.success(request, _("Two-factor login is now in use for your account."))
            return redirect(_next_url(request))
        form.add_error(
            "token", _("The code did not match. Check the key in the app and type a new code.")
        )
    return render(
        request,
        "ryhma/two_factor_setup.html",
        {
            "form": form,
            "key": two_factor.readable_key(device),
            "config_url": device.config_url,
            "next": _next_url(request),
        },
    )


@login_required
def two_factor_verify(request):
    """Confirm this login with the code the user's authenticator app shows."""
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verified_device(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _("The code is wrong or has expired. Type the code the app shows now."),
        )
    return render(
        request, "ryhma/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@require_GET
def healthz(request):
    """200 while the database, the broker and the cache answer, 503 while one does not;
    within two seconds whatever they do (ryhma.health)."""
    statuses = health.check_all()
    healthy = health.is_healthy(statuses)
    return JsonResponse(
        {"status": "ok" if healthy else "error", **statuses}, status=200 if healthy else 503
    )


def _error(request, status, title, text):
    return render(
        request,
        "error_page.html",
        {"error_title": title, "error_text": text},
        status=status,
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Page not found"),
        _("The page does not exist, or you do not have access to it. Check the address."),
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("No access"),
        _("Your role does not allow this page. Ask your coordinator if you need access."),
    )


def bad_request(request, exception=None):
    return _error(
        request,
        400,
        _("Bad request"),
        _("The request could not be understood. Go back and try again."),
    )


def server_error(request):
    return render(request, "500.html", status=500)


# Password reset mails: per address and per email at most this many in the window.
RESET_LIMIT_PER_ADDRESS = 5
RESET_LIMIT_PER_EMAIL = 3
RESET_WINDOW = 60 * 60


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with a rate limit like the public request form's: a run of
    sends (to one address or from one connection) would flood someone's mailbox."""

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()
        digest = hashlib.sha256(email.encode()).hexdigest()
        by_address = over_limit(
            f"ryhma:password-reset:ip:{client_ip(request) or 'unknown'}",
            RESET_LIMIT_PER_ADDRESS,
            RESET_WINDOW,
        )
        by_email = over_limit(
            f"ryhma:password-reset:email:{digest}", RESET_LIMIT_PER_EMAIL, RESET_WINDOW
        )
        if by_address or by_email:
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many password reset links have been asked for. Wait an hour and"
                    " try again, or ask the administrator."
                ),
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(RESET_WINDOW)
            return response
        return super().post(request, *args, **kwargs)


def csrf_failure(request, reason=""):
    """A form sent after the session or its page expired: say that nothing was saved."""
    return _error(
        request,
        403,
        _("Not saved: the page had expired"),
        _(
            "Nothing of what you sent was saved, because the page was too old (or you had "
            "logged out meanwhile). Go back with the browser's Back button: what you typed is "
            "still in the form. Reload the page, type it again if needed, and save."
        ),
    )
