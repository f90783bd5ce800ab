"""Forms and parsing for the hours pages. Messages are Finnish and say how to fix the input."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ryhma.uploads import UploadValidator
from services.hours.models.entries import HOUR_STEP, MAX_HOURS_PER_DAY, is_row_task

MAX_IMPORT_BYTES = 1024 * 1024


class HoursInputError(ValueError):
    pass


def parse_hours(text: str) -> Decimal | None:
    """'7,5', '7.5', '7:30' or '7 h' -> Decimal('7.5'); empty -> None.

    Raises HoursInputError with what to type instead.
    """
    text = (text or "").strip().lower().removesuffix("h").strip().replace(" ", "")
    if not text:
        return None
    try:
        if ":" in text:
            whole, minutes = text.split(":")
            value = Decimal(int(whole or 0)) + Decimal(int(minutes)) / Decimal(60)
        else:
            value = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        raise HoursInputError(
            _("write the hours as a number, for example 7,5 (or leave the cell empty)")
        ) from None
    if not value.is_finite():
        raise HoursInputError(
            _("write the hours as a number, for example 7,5 (or leave the cell empty)")
        )
    if value < 0:
        raise HoursInputError(_("hours cannot be negative; leave the cell empty for a day off"))
    # Before the quarter-hour check: the remainder of a huge number (1e309) cannot be computed.
    if value > MAX_HOURS_PER_DAY:
        raise HoursInputError(
            _("at most %(max)s hours a day; check the number") % {"max": MAX_HOURS_PER_DAY}
        )
    if value % HOUR_STEP:
        raise HoursInputError(_("use quarter hours: ,25 ,5 or ,75 (for example 7,25 or 7,5)"))
    if value == 0:
        return None
    return value.quantize(Decimal("0.01"))


def parse_row_key(text: str) -> tuple[int, str] | None:
    employment_id, _sep, task = (text or "").partition(":")
    if not employment_id.isdecimal() or not is_row_task(task):
        return None
    return int(employment_id), task


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What needs correcting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy(
                "Write what needs correcting so that village staff can fix it."
            )
        },
    )


class AmendmentForm(forms.Form):
    hours = forms.CharField(
        label=gettext_lazy("Corrected hours"),
        max_length=10,
        help_text=gettext_lazy("Quarter hours, e.g. 7,5. Write 0 to remove the hours."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        max_length=300,
        error_messages={"required": gettext_lazy("Write why the locked hours are corrected.")},
    )

    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def clean_hours(self):
        text = self.cleaned_data["hours"]
        try:
            return parse_hours(text) or Decimal("0.00")
        except HoursInputError as error:
            raise forms.ValidationError(
                _("Corrected hours: %(problem)s.") % {"problem": error}
            ) from None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Semicolon-separated, UTF-8 (Excel: “CSV UTF-8”). Columns: päivä; työntekijä; "
            "tunnit; tehtävä; huomautus."
        ),
        error_messages={"required": gettext_lazy("Choose the CSV file to import.")},
        validators=[UploadValidator(kinds=("csv",), max_bytes=MAX_IMPORT_BYTES)],
    )
