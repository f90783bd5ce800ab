"""Access matrix entries for ryhma's own URLs (format: ryhma/tests/test_access_matrix.py)."""

from django.contrib import admin

from ryhma.testing import LOGIN, Case, expect

EVERYONE = dict.fromkeys(("coordinator", "staff", "official", "worker", "outsider"))


def everyone(status, anonymous=None):
    return expect(status, anonymous=status if anonymous is None else anonymous)


CASES = [
    Case("home", expect(302)),
    Case("healthz", everyone(200)),
    # The offline app: public, nothing personal (the worker, its manifest, the no-connection page).
    Case("service_worker", everyone(200)),
    Case("manifest", everyone(200)),
    Case("offline", everyone(200)),
    Case("audit_log", expect(coordinator=200, outsider=200)),
    Case(
        "set_language",
        everyone(302),
        method="post",
        data=lambda w: {"language": "sv", "next": "/"},
    ),
    Case("login", everyone(302, anonymous=200)),
    Case("logout", everyone(302), method="post"),
    # Without an authenticator app the code page sends to the setup page.
    Case("two_factor_verify", expect(302)),
    Case("two_factor_setup", expect(200)),
    Case("password_change", expect(200)),
    Case("password_change_done", expect(200)),
    Case("password_reset", everyone(200)),
    Case("password_reset_done", everyone(200)),
    Case(
        "password_reset_confirm",
        everyone(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "abc-123"},
        label="invalid link",
    ),
    Case("password_reset_complete", everyone(200)),
    # No role of ours is admin staff: every admin page sends them to the admin login.
    Case("admin:index", everyone(LOGIN)),
    *(
        Case(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist",
            everyone(LOGIN),
        )
        for model in admin.site._registry
    ),
]

# The admin's own URLs (add, change, delete, history for every model) are covered by the
# index and changelist cases above: the admin site refuses non-staff users before any view.
COVERED_NAMESPACES = ("admin",)

EXEMPT: dict[str, str] = {}

NOT_AN_OBJECT = {
    "password_reset_confirm": "a one-time token from a password-reset email, not a row",
}
