from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils import formats
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


Option = tuple[str, object, bool]  # value as text, label, selected


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
        # Not Select's context: its option dicts (one per option, each with its own
        # attributes) are what the template would otherwise read option by option.
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["groups"] = self.option_groups(context["widget"]["value"])
        return context

    def option_groups(self, value: list[str]) -> list[tuple[object, list[Option]]]:
        """[(group name, [(value as text, label, selected)])], the options outside a group
        in runs of their own under the name None; selected as Django's Select selects:
        the first option whose value is among `value`."""
        groups: list[tuple[object, list[Option]]] = []
        has_selected = False
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group_name, choices = option_value, option_label
            else:
                group_name, choices = None, [(option_value, option_label)]
            if group_name is None and groups and groups[-1][0] is None:
                options = groups[-1][1]
            else:
                options = []
                groups.append((group_name, options))
            for subvalue, sublabel in choices:
                text = "" if subvalue is None else str(subvalue)
                selected = not has_selected and text in value
                has_selected |= selected
                options.append((text, sublabel, selected))
        return groups


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


def read_decimal(text):
    """A typed number as Python reads it, whatever the browser's or the user's locale:
    '12,75', '12.75', '1 275,50', '1.275,50', '12,75 €' and '7,5 h' all mean what a Finn
    means. The last comma or point is the decimal separator; spaces, other separators and
    a trailing unit are dropped. Anything else is returned as it was, for the field to
    refuse."""
    if not isinstance(text, str):
        return text
    value = text.strip().replace("\xa0", "").replace(" ", "").replace("\u202f", "")
    for unit in ("€/h", "€", "h", "%"):
        value = value.removesuffix(unit)
    last = max(value.rfind(","), value.rfind("."))
    if last >= 0:
        whole = value[:last].replace(",", "").replace(".", "")
        value = f"{whole}.{value[last + 1 :]}"
    return value


class DecimalCommaInput(forms.TextInput):
    """A text input for numbers: a browser's number input reads '12,75' by its own locale
    (some drop the comma: 1275). The keyboard is still the numeric one on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        value = super().format_value(value)
        if value is None:
            return value
        # A stored Decimal shows with the language's separator (12,75 in Finnish).
        return formats.number_format(value) if _is_number(value) else value


def _is_number(text) -> bool:
    try:
        Decimal(str(text))
    except (ArithmeticError, ValueError):
        return False
    return True


class DecimalCommaMixin:
    """Every decimal field of the form reads a decimal comma (and a point) in every
    language and browser, shown in a text input with the numeric keyboard."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField | forms.FloatField):
                field.localize = False
                field.widget = DecimalCommaInput(
                    {k: v for k, v in field.widget.attrs.items() if k not in ("step", "type")}
                )
                _read_commas(field)


def _read_commas(field) -> None:
    convert = field.to_python

    def to_python(value):
        return convert(read_decimal(value))

    field.to_python = to_python


class PlausibleMixin:
    """Numbers typed by hand outside their plausible range ("12,75" read as 1 275 €/h) are
    not saved until the user confirms them.

    `plausible` maps a field to (lowest, highest, what it is): a value outside is an error
    on the field, with a checkbox to confirm the values once checked. The ranges are
    sanity bounds for typing mistakes, not rules: a confirmed value is saved.
    """

    plausible: dict = {}
    CONFIRM = "confirm_unusual"

    def unusual_values(self, data) -> list[tuple[str, str]]:
        """(field, message) of the values outside their range; extend for other checks."""
        found = []
        for name, (low, high, what) in self.plausible.items():
            value = data.get(name)
            if value is None or low <= value <= high:
                continue
            found.append(
                (
                    name,
                    _(
                        "%(value)s is unusual for %(what)s (usually %(low)s–%(high)s). Check "
                        "the number (a decimal comma: 12,75); if it is right, confirm it "
                        "below and save again."
                    )
                    % {
                        "value": formats.number_format(value),
                        "what": what,
                        "low": formats.number_format(low),
                        "high": formats.number_format(high),
                    },
                )
            )
        return found

    def clean(self):
        data = super().clean()
        unusual = self.unusual_values(data)
        if unusual:
            self.fields[self.CONFIRM] = forms.BooleanField(
                label=_("I checked the unusual values above: they are right"), required=False
            )
            confirmed = self.data.get(self.CONFIRM) in ("on", "1", "true", "True")
            if not confirmed:
                for name, message in unusual:
                    self.add_error(name if name in self.fields else None, message)
        return data
