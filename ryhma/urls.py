from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ryhma import offline, views
from ryhma.forms import LoginForm

handler400 = "ryhma.views.bad_request"
handler403 = "ryhma.views.permission_denied"
handler404 = "ryhma.views.page_not_found"
handler500 = "ryhma.views.server_error"

FORM_PAGE = "registration/form_page.html"

auth_urls = [
    path(
        "kirjaudu/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    path("kaksivaihe/", views.two_factor_verify, name="two_factor_verify"),
    path("kaksivaihe/kayttoon/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "salasana/vaihda/",
        auth_views.PasswordChangeView.as_view(
            template_name=FORM_PAGE,
            extra_context={
                "title": _("Change password"),
                "button": _("Change password"),
                "link_url": "two_factor_setup",
                "link_text": _("Set up two-factor login"),
            },
        ),
        name="password_change",
    ),
    path(
        "salasana/vaihdettu/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=FORM_PAGE,
            extra_context={
                "title": _("Password changed"),
                "intro": _("Your password has been changed."),
                "link_url": "home",
                "link_text": _("Back to the home page"),
            },
        ),
        name="password_change_done",
    ),
    path(
        "salasana/unohtui/",
        views.PasswordResetView.as_view(
            template_name=FORM_PAGE,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_context={
                "title": _("Reset password"),
                "intro": _(
                    "Enter your email address and we will send you a link to set a new password."
                ),
                "button": _("Send the link"),
            },
        ),
        name="password_reset",
    ),
    path(
        "salasana/unohtui/lahetetty/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=FORM_PAGE,
            extra_context={
                "title": _("Check your email"),
                "intro": _(
                    "If the address belongs to an account, "
                    "a link to set a new password is on its way."
                ),
                "link_url": "login",
                "link_text": _("Back to login"),
            },
        ),
        name="password_reset_done",
    ),
    path(
        "salasana/uusi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=FORM_PAGE,
            extra_context={"title": _("Choose a new password"), "button": _("Save the password")},
        ),
        name="password_reset_confirm",
    ),
    path(
        "salasana/uusi/valmis/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=FORM_PAGE,
            extra_context={
                "title": _("Password set"),
                "intro": _("Your new password is set. You can now log in."),
                "link_url": "login",
                "link_text": _("Log in"),
            },
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The offline app: the worker at the root so that its scope is the whole site.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("ei-yhteytta/", offline.offline_page, name="offline"),
    path("tapahtumaloki/", views.audit_log, name="audit_log"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(auth_urls)),
    path("ohjelma/", include("villages.urls")),
    path("tyontekijat/", include("workers.urls")),
    path("palvelut/", include("services.urls")),
    path("arviointi/", include("evaluation.urls")),
    path("admin/", admin.site.urls),
]

# No route serves MEDIA_ROOT, in development either: every generated file (report PDFs)
# goes through a view that checks the user's scope and records the download.
