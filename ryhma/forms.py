from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from ryhma import security


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Deliberately the same for a wrong username and a wrong password.
        "invalid_login": _(
            "The username or password is wrong. Check both (capital letters matter) and try again."
        ),
        "inactive": _("This account is not in use. Ask your coordinator."),
    }

    def clean(self):
        """A username with many recent failures (from any address) waits before its
        password is checked (ryhma.security.login_delay); axes' lockout still applies."""
        username = self.cleaned_data.get("username") or ""
        security.slow_down(username)
        try:
            data = super().clean()
        except forms.ValidationError:
            security.login_failed(username)
            raise
        security.login_succeeded(username)
        return data


class TwoFactorCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(
                _("Enter the 6-digit code that the authenticator app shows now.")
            )
        return token


class QuickSelect(forms.Select):
    """Django's Select with its options written by the select's own template.

    Django's select includes a template for every option; a select of a city's workers
    has hundreds of them. This one writes them in one loop of one template, with the same
    markup (the first matching option selected, option groups). Single choices only.
    """

    template_name = "ryhma/widgets/quick_select.html"

    def get_context(self, name, value, attrs):
        if self.allow_multiple_selected:
            raise TypeError("QuickSelect is for single choices.")
        return super().get_context(name, value, attrs)


class _NamedChoiceIterator(ModelChoiceIterator):
    """(pk, label) pairs read as plain values in one ordinary query: no model instance per
    option, and no server-side cursor (Django's iterator() opens one on PostgreSQL)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *parts in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, " ".join(str(part) for part in parts if part not in (None, "")))


class NamedChoiceField(forms.ModelChoiceField):
    """A choice of rows labelled by a few of their fields, joined with spaces (the
    fields a model's __str__ shows), for selects of hundreds of workers or associations.
    The chosen row is read as a model instance as usual."""

    iterator = _NamedChoiceIterator
    widget = QuickSelect

    def __init__(self, queryset, *, label_fields: tuple[str, ...], **kwargs):
        self.label_fields = label_fields
        super().__init__(queryset, **kwargs)
