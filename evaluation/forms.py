from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from evaluation.models import (
    Instrument,
    InstrumentItem,
    Metric,
    MetricKey,
    SroiProxy,
    Timepoint,
)
from ryhma.forms import DecimalCommaInput, DecimalCommaMixin, QuickSelect, read_decimal
from villages.models import Programme, Village
from workers.models import ParameterKey, SourceStatus
from workers.models.economy import PARAMETER_UNITS, WHOLE_NUMBER_PARAMETERS


class FinnishDecimalField(forms.DecimalField):
    """A decimal typed the Finnish way: '3 500,25' (spaces between thousands, comma), read
    the same in every language and browser (`ryhma.forms.read_decimal`)."""

    widget = DecimalCommaInput

    def to_python(self, value):
        return super().to_python(read_decimal(value))


MONTHS = [(m, f"{m}") for m in range(1, 13)]


class _ListedChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.objects:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.objects) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.objects)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over objects read once (`objects`): choosing, validating and
    rendering read that list, not the database again (the queryset is only the model's)."""

    iterator = _ListedChoices
    widget = QuickSelect

    def __init__(self, objects=(), **kwargs):
        self.objects = list(objects)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for obj in self.objects:
            if str(getattr(obj, key)) == str(value):
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )

    def validate(self, value):
        return forms.Field.validate(self, value)


class DashboardFilterForm(forms.Form):
    """Filters of the dashboard: programme, year, months and village (GET)."""

    programme = ListedModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), to_field_name="slug"
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, widget=QuickSelect)
    month_from = forms.TypedChoiceField(
        label=_("From month"), coerce=int, choices=MONTHS, widget=QuickSelect
    )
    month_to = forms.TypedChoiceField(
        label=_("To month"), coerce=int, choices=MONTHS, widget=QuickSelect
    )
    village = ListedModelChoiceField(
        label=_("Village"),
        queryset=Village.objects.none(),
        required=False,
        empty_label=_("All villages"),
    )

    def __init__(self, data, *, user, programmes=None, official=False, **kwargs):
        """`programmes`: the user's programmes when the caller has read them already.
        `official`: whole years of the whole programme only (`evaluation.suppression`)."""
        super().__init__(data, **kwargs)
        if official:
            for name in ("month_from", "month_to", "village"):
                del self.fields[name]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year - 4, this_year + 2)]
        if programmes is None:
            programmes = Programme.objects.for_user(user).select_related("municipality")
        self.fields["programme"].objects = list(programmes)
        if "village" in self.fields:
            self.fields["village"].objects = list(Village.objects.for_user(user).order_by("name"))

    def clean(self):
        data = super().clean()
        month_from, month_to = data.get("month_from"), data.get("month_to")
        if month_from and month_to and month_from > month_to:
            self.add_error(
                "month_to",
                _("“To month” must not be before “From month”. Choose a later month."),
            )
        programme, village = data.get("programme"), data.get("village")
        if programme and village and village.municipality_id != programme.municipality_id:
            self.add_error("village", _("Choose a village of the programme's municipality."))
        return data


class AssessmentForm(forms.Form):
    """One answer per item on the instrument's scale; used by staff and by the worker."""

    def __init__(self, *args, instrument: Instrument, items, language="fi", staff=True, **kw):
        super().__init__(*args, **kw)
        self.instrument = instrument
        self.items = list(items)
        if staff:
            self.fields["timepoint"] = forms.ChoiceField(
                label=_("Timepoint"), choices=Timepoint.choices
            )
            self.fields["assessed_on"] = forms.DateField(
                label=_("Date"),
                initial=timezone.localdate,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        low, high = instrument.text("low", language), instrument.text("high", language)
        for item in self.items:
            scale = range(instrument.scale_min, instrument.scale_max + 1)
            choices = [(value, str(value)) for value in scale]
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text_in(language),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale-choice"}),
                # Crispy prints help texts as HTML: the labels are the coordinator's text.
                help_text=format_html(
                    "{} = {}, {} = {}", instrument.scale_min, low, instrument.scale_max, high
                )
                if low or high
                else "",
                error_messages={
                    "required": _("Choose a number for this statement."),
                },
            )

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future. Check the date."))
        return day

    def answers(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class AssessmentLinkForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    timepoint = forms.ChoiceField(label=_("Timepoint"), choices=Timepoint.choices)
    language = forms.ChoiceField(
        label=_("Language of the questions"),
        choices=[("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))],
    )

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments


class MetricForm(DecimalCommaMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Metric
        fields = ["key", "instrument", "target", "period_start", "period_end", "note"]
        localized_fields = ["target"]
        widgets = {
            # Options in one loop of one template (Django's Select: two templates each).
            "key": QuickSelect,
            "instrument": QuickSelect,
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        instrument_field = cast(forms.ModelChoiceField, self.fields["instrument"])
        instrument_field.queryset = Instrument.objects.filter(municipality=programme.municipality)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("key") == MetricKey.INSTRUMENT_CHANGE and not data.get("instrument"):
            self.add_error(
                "instrument", _("Choose the instrument whose change this indicator follows.")
            )
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("The period must end after it starts. Check the end date.")
            )
        return data


class InstrumentForm(forms.ModelForm):
    items_text = forms.CharField(
        label=_("Statements"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One statement per line. Start a line with a minus sign (-) if a higher answer"
            " means a worse situation."
        ),
    )

    class Meta:
        model = Instrument
        fields = [
            "name",
            "code",
            "version",
            "instructions",
            "scale_min",
            "scale_max",
            "low_label",
            "high_label",
            "direction",
            "scoring",
            "licence_note",
        ]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def clean_items_text(self):
        lines = [line.strip() for line in self.cleaned_data["items_text"].splitlines()]
        lines = [line for line in lines if line.strip("- ")]
        if not lines:
            raise forms.ValidationError(_("Write at least one statement, one per line."))
        return lines

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The scale maximum must be larger than its minimum."))
        return data

    def items(self) -> list[InstrumentItem]:
        return [
            InstrumentItem(order=i, text=line.lstrip("- ").strip(), reverse=line.startswith("-"))
            for i, line in enumerate(self.cleaned_data["items_text"], start=1)
        ]


class ParameterSetForm(forms.Form):
    """Every value of a parameter set with its source and status, and the share steps."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note on the change"), required=False, max_length=500)
    STEP_ROWS = 9

    def __init__(self, *args, parameter_set=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if parameter_set is not None:
            initial["version"] = parameter_set.version
            initial["note"] = parameter_set.note
            for value in parameter_set.values.all():
                initial[f"{value.key}__value"] = value.value
                initial[f"{value.key}__source"] = value.source
                initial[f"{value.key}__status"] = value.status
            for i, step in enumerate(parameter_set.share_steps.all()):
                initial[f"step_{i}_days"] = step.from_days
                initial[f"step_{i}_share"] = step.share_percent
                initial[f"step_{i}_source"] = step.source
                initial[f"step_{i}_status"] = step.status
        super().__init__(*args, initial=initial, **kwargs)
        self.rows = []
        for key, label in ParameterKey.choices:
            unit = PARAMETER_UNITS.get(key, "")
            self.fields[f"{key}__value"] = FinnishDecimalField(
                label=f"{label} ({unit})" if unit else label,
                required=False,
                max_digits=12,
                decimal_places=4,
            )
            self.fields[f"{key}__source"] = forms.CharField(
                label=_("Source"), required=False, max_length=300
            )
            self.fields[f"{key}__status"] = forms.ChoiceField(
                label=_("Status"), choices=SourceStatus.choices
            )
            self.rows.append(
                (key, label, self[f"{key}__value"], self[f"{key}__source"], self[f"{key}__status"])
            )
        self.step_rows = []
        for i in range(self.STEP_ROWS):
            self.fields[f"step_{i}_days"] = forms.IntegerField(
                label=_("From benefit days"), required=False, min_value=0
            )
            self.fields[f"step_{i}_share"] = FinnishDecimalField(
                label=_("Municipal share (%)"),
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
            )
            self.fields[f"step_{i}_source"] = forms.CharField(
                label=_("Source"), required=False, max_length=300
            )
            self.fields[f"step_{i}_status"] = forms.ChoiceField(
                label=_("Status"), choices=SourceStatus.choices, required=False
            )
            self.step_rows.append(
                [self[f"step_{i}_{part}"] for part in ("days", "share", "source", "status")]
            )

    def clean(self):
        data = super().clean()
        steps, seen = [], set()
        for i in range(self.STEP_ROWS):
            days, share = data.get(f"step_{i}_days"), data.get(f"step_{i}_share")
            if days is None and share is None:
                continue
            if days is None or share is None:
                self.add_error(
                    f"step_{i}_share" if share is None else f"step_{i}_days",
                    _("Fill in both the benefit days and the share of the step, or neither."),
                )
                continue
            if days in seen:
                self.add_error(f"step_{i}_days", _("Two steps start at the same day count."))
                continue
            seen.add(days)
            steps.append(
                (
                    days,
                    share,
                    data.get(f"step_{i}_source", ""),
                    data.get(f"step_{i}_status") or SourceStatus.GUESS,
                )
            )
        for key, (low, high) in WHOLE_NUMBER_PARAMETERS.items():
            value = data.get(f"{key}__value")
            if value is not None and (value != int(value) or not low <= value <= high):
                self.add_error(
                    f"{key}__value",
                    _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
                )
        data["steps"] = sorted(steps)
        data["values"] = {
            key: (
                data.get(f"{key}__value"),
                data.get(f"{key}__source", ""),
                data.get(f"{key}__status") or SourceStatus.GUESS,
            )
            for key in ParameterKey.values
        }
        return data


class SroiProxyForm(DecimalCommaMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SroiProxy
        fields = [
            "name",
            "name_sv",
            "name_en",
            "quantity_source",
            "value_per_unit",
            "duration_years",
            "source",
            "status",
            "is_active",
        ]
        localized_fields = ["value_per_unit"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


MONTH_FORMATS = ["%Y-%m", "%m/%Y", "%m.%Y"]


class MonthField(forms.DateField):
    """A month typed as 2026-03 (the browser's month field), 3/2026 or 3.2026."""

    widget = forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m")

    def __init__(self, **kwargs):
        super().__init__(
            input_formats=MONTH_FORMATS,
            error_messages={"invalid": _("Give the month as 3/2026 (month/year).")},
            **kwargs,
        )


class SocialAssistanceDropForm(forms.Form):
    """A drop in the household's basic social assistance, per month over a run of months."""

    first_month = MonthField(label=_("First month"))
    last_month = MonthField(label=_("Last month"))
    monthly_amount = FinnishDecimalField(
        label=_("Drop in basic social assistance per month (€)"),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_(
            "Where the figure comes from, e.g. the social services' statement and its date."
        ),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_monthly_amount(self):
        amount = self.cleaned_data["monthly_amount"]
        if amount < 0:
            raise forms.ValidationError(
                _(
                    "The drop in social assistance cannot be negative. Enter the amount in"
                    " euros, 0 or more."
                )
            )
        return amount

    def clean_source(self):
        source = self.cleaned_data["source"].strip()
        if not source:
            raise forms.ValidationError(
                _("Say where the figure comes from, e.g. the social services' statement.")
            )
        return source

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error(
                "last_month",
                _("The last month must not be before the first month. Choose a later month."),
            )
        return data
