from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Deliberately the same for a wrong username and a wrong password.
        "invalid_login": _(
            "The username or password is wrong. Check both (capital letters matter) and try again."
        ),
        "inactive": _("This account is not in use. Ask your coordinator."),
    }
