import datetime

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluation.models import (
    PeriodKind,
    ReportKind,
    ReportLanguage,
    ScheduleFrequency,
)
from evaluation.models.reports import _kinds_for
from evaluation.reports.periods import (
    Period,
    custom_period,
    month_period,
    quarter_period,
    year_period,
)
from ryhma.forms import NamedChoiceField, QuickSelect
from ryhma.models import Role, User
from villages.models import Association, Membership, Programme
from workers.models import Worker


class BootstrapBoundField(BoundField):
    """A field whose widget carries the classes that crispy's Bootstrap 5 pack gives it
    (the widget's own name, form-select or form-control, and is-invalid with errors), for
    a form whose template writes the rest of crispy's markup itself."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        classes = [widget.attrs.get("class") or type(widget).__name__.lower()]
        classes.append("form-select" if isinstance(widget, forms.Select) else "form-control")
        if self.errors:
            classes.append("is-invalid")
        return super().build_widget_attrs({"class": " ".join(classes), **attrs}, widget)


class ReportRequestForm(forms.Form):
    """The template (evaluation/reports/_request_form.html) writes the markup of crispy's
    Bootstrap 5 pack: the same page, without crispy's layout templates for every field."""

    bound_field_class = BootstrapBoundField

    kind = forms.ChoiceField(label=_("Report"), widget=QuickSelect)
    programme = NamedChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), label_fields=("name",)
    )
    association = NamedChoiceField(
        label=_("Association"),
        queryset=Association.objects.none(),
        label_fields=("name",),
        required=False,
        help_text=_("For a village report."),
    )
    worker = NamedChoiceField(
        label=_("Worker"),
        queryset=Worker.objects.none(),
        label_fields=("first_name", "last_name"),
        required=False,
        help_text=_("For an individual report."),
    )
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR, widget=QuickSelect
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month (1–12)"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quarter (1–4)"), min_value=1, max_value=4, required=False)
    starts_on = forms.DateField(
        label=_("Custom period starts on"),
        required=False,
        help_text=_(
            "A custom period covers whole months: from the first day of the month of this "
            "date to the last day of the month of the end date."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("Custom period ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=ReportLanguage.choices,
        initial=ReportLanguage.FINNISH,
        widget=QuickSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        kinds = set(ReportKind.values if user.is_superuser else _kinds_for(user))
        self.fields["kind"].choices = [
            (kind, label) for kind, label in ReportKind.choices if kind in kinds
        ]
        self.fields["programme"].queryset = Programme.objects.for_user(user).select_related(
            "municipality"
        )
        self.fields["association"].queryset = Association.objects.for_user(user).select_related(
            "village"
        )
        if ReportKind.INDIVIDUAL in kinds:
            self.fields["worker"].queryset = Worker.objects.for_user(user)
        else:
            del self.fields["worker"]
        self.fields["year"].initial = timezone.localdate().year
        if user.role == Role.OFFICIAL and not user.is_superuser:
            # Officials read whole years only (evaluation.suppression).
            self.fields["period_kind"].choices = [(PeriodKind.YEAR, PeriodKind.YEAR.label)]
        # The programmes' choices read once: for the select and to see whether there is
        # only one, which is then the answer, chosen already. (Iterated, not list()ed:
        # list() asks the iterator's length first, a COUNT query of its own.)
        programme_choices = [choice for choice in self.fields["programme"].choices]
        self.fields["programme"].choices = programme_choices
        programmes = [pk for pk, _label in programme_choices if pk != ""]
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0]
        # Which fields each choice needs (static/js/report-form.js hides the others).
        shown_for = {
            "association": ("kind", ReportKind.VILLAGE),
            "worker": ("kind", ReportKind.INDIVIDUAL),
            "month": ("period_kind", PeriodKind.MONTH),
            "quarter": ("period_kind", PeriodKind.QUARTER),
            "starts_on": ("period_kind", PeriodKind.CUSTOM),
            "ends_on": ("period_kind", PeriodKind.CUSTOM),
        }
        for name, (controller, value) in shown_for.items():
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"data-shown-by": controller, "data-shown-for": value}
                )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        programme = data.get("programme")
        if kind == ReportKind.VILLAGE and not data.get("association"):
            self.add_error("association", _("Choose the association for a village report."))
        if kind == ReportKind.INDIVIDUAL and not data.get("worker"):
            self.add_error("worker", _("Choose the worker for an individual report."))
        for name in ("association", "worker"):
            row = data.get(name)
            if row is None or programme is None:
                continue
            municipality_id = (
                row.village.municipality_id if name == "association" else row.municipality_id
            )
            if municipality_id != programme.municipality_id:
                self.add_error(name, _("Choose one from the programme's municipality."))
        data["period"] = self._period(data)
        return data

    def _period(self, data) -> Period | None:
        kind, year = data.get("period_kind"), data.get("year")
        if kind is None or year is None:
            return None
        if kind == PeriodKind.YEAR:
            return year_period(year)
        if kind == PeriodKind.MONTH:
            if not data.get("month"):
                self.add_error("month", _("Give the month as a number from 1 to 12."))
                return None
            return month_period(year, data["month"])
        if kind == PeriodKind.QUARTER:
            if not data.get("quarter"):
                self.add_error("quarter", _("Give the quarter as a number from 1 to 4."))
                return None
            return quarter_period(year, data["quarter"])
        start, end = data.get("starts_on"), data.get("ends_on")
        if start is None:
            self.add_error("starts_on", _("Give the first day of the custom period."))
        if end is None:
            self.add_error("ends_on", _("Give the last day of the custom period."))
        if start is None or end is None:
            return None
        if end < start:
            self.add_error("ends_on", _("The period must end on or after its first day."))
            return None
        if (end - start) > datetime.timedelta(days=366 * 5):
            self.add_error("ends_on", _("A custom period can be at most five years long."))
            return None
        return custom_period(start, end)


class ScheduleForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    frequency = forms.ChoiceField(label=_("Frequency"), choices=ScheduleFrequency.choices)
    language = forms.ChoiceField(
        label=_("Language"), choices=ReportLanguage.choices, initial=ReportLanguage.FINNISH
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Coordinators of the municipality who get the link by email. Officials read"
            " whole-year reports only, which they order themselves."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_user(user)
        municipality_ids = Membership.objects.filter(user=user).values("municipality_id")
        self.fields["recipients"].queryset = (
            User.objects.select_related("membership")
            .filter(
                is_active=True,
                # Month and quarter reports are not shown to officials
                # (evaluation.suppression): they could not open the link.
                role=Role.COORDINATOR,
                membership__municipality_id__in=municipality_ids,
            )
            .order_by("last_name", "first_name", "username")
        )
        self.fields["recipients"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.get_role_display()})"
        )

    def clean(self):
        data = super().clean()
        programme, recipients = data.get("programme"), data.get("recipients") or []
        if programme is not None:
            outside = [
                user
                for user in recipients
                if user.membership.municipality_id != programme.municipality_id
            ]
            if outside:
                self.add_error(
                    "recipients", _("Choose recipients from the programme's municipality.")
                )
        return data
