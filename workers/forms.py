"""Forms bind and convert; the actions validate the rules and name the field at fault."""

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ryhma.forms import DecimalCommaMixin, NamedChoiceField, PlausibleMixin, QuickSelect
from ryhma.uploads import UploadValidator
from villages.models import Association
from workers.actions.contracts import EMPLOYMENT_FIELDS
from workers.actions.decisions import DECISION_FIELDS
from workers.actions.group_activities import ACTIVITY_FIELDS, activity_attendee_choices
from workers.actions.plans import PLAN_FIELDS
from workers.actions.workers import WORKER_FIELDS
from workers.models import (
    Consent,
    Employment,
    Exit,
    FollowUp,
    GroupActivity,
    IndividualPlan,
    Licence,
    PlanReview,
    SubsidyDecision,
    Worker,
)
from workers.models.economy import ParameterKey
from workers.parameters import MissingParameter, parameters_for
from workers.selectors import Status


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class ActionErrors(_FormBase):
    """Shows an action's ValidationError on the field it names (else above the form)."""

    def add_action_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                target = name if name in self.fields else None
                for message in errors:
                    self.add_error(target, message)
        else:
            for text in error.messages:
                self.add_error(None, text)


class ActionForm(DecimalCommaMixin, ActionErrors, forms.ModelForm):
    """A ModelForm for labels and conversion only: the action does the model validation,
    with messages that name the field and say how to fix it."""

    def _post_clean(self):
        pass

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class VersionedForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def take_version(self, version: int) -> None:
        """After a stale edit: keep the typed values, continue from the stored version."""
        data = cast(QueryDict, self.data).copy()
        data["version"] = str(version)
        self.data = data


def _dates(*names):
    return {name: DateInput() for name in names}


class WorkerForm(VersionedForm):
    class Meta:
        model = Worker
        fields = WORKER_FIELDS
        help_texts = {
            "languages": _("For example: suomi, ruotsi."),
            "birth_year": _("Only the year: reports use age bands."),
        }


class EmploymentForm(PlausibleMixin, VersionedForm):
    # Sanity bounds for typing mistakes (12,75 read as 1 275 €/h), confirmed when right.
    plausible = {
        "hourly_wage": (Decimal("9"), Decimal("40"), _("an hourly wage (€/h)")),
        "hours_per_week": (Decimal("4"), Decimal("40"), _("contract hours a week")),
    }

    class Meta:
        model = Employment
        fields = EMPLOYMENT_FIELDS
        widgets = {**_dates("starts_on", "ends_on"), "tasks": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.for_user(user).order_by("name")

    def unusual_values(self, data) -> list[tuple[str, str]]:
        found = super().unusual_values(data)
        limit = self.subsidised_hours_limit(data)
        hours = data.get("hours_per_week")
        if limit is not None and hours is not None and hours > limit[0]:
            found.append(
                (
                    "hours_per_week",
                    _(
                        "%(hours)s h a week is more than the %(limit)s h (%(share)s %% of full "
                        "time) that the association pay subsidy covers: the hours above it are "
                        "the association's own cost. If that is meant, confirm it below and "
                        "save again."
                    )
                    % {
                        "hours": formats.number_format(hours),
                        "limit": formats.number_format(limit[0], 1),
                        "share": formats.number_format(limit[1].normalize()),
                    },
                )
            )
        return found

    @staticmethod
    def subsidised_hours_limit(data):
        """(hours a week, percent of full time) that the association subsidy covers in the
        contract's first year, from the municipality's parameters; None when unknown."""
        association, starts_on = data.get("association"), data.get("starts_on")
        if association is None or starts_on is None:
            return None
        try:
            params = parameters_for(association.village.municipality, starts_on.year)
            full_time = params.value(ParameterKey.FULL_TIME_HOURS_PER_WEEK)
            share = params.value(ParameterKey.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME)
        except MissingParameter:
            return None
        return (full_time * share / 100).quantize(Decimal("0.1")), share


class SubsidyDecisionForm(ActionForm):
    class Meta:
        model = SubsidyDecision
        fields = DECISION_FIELDS
        widgets = _dates("starts_on", "ends_on", "decided_on")


class PlanForm(VersionedForm):
    class Meta:
        model = IndividualPlan
        fields = PLAN_FIELDS
        widgets = {
            **_dates("starts_on"),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
        }


class PlanReviewForm(ActionForm):
    class Meta:
        model = PlanReview
        fields = ["reviewed_on", "progress"]
        widgets = {**_dates("reviewed_on"), "progress": forms.Textarea(attrs={"rows": 4})}


class LicenceForm(ActionForm):
    class Meta:
        model = Licence
        fields = ["kind", "name", "obtained_on", "expires_on", "gained_in_programme"]
        widgets = _dates("obtained_on", "expires_on")


class ConsentForm(ActionForm):
    class Meta:
        model = Consent
        fields = ["purpose", "description", "given_on"]
        widgets = _dates("given_on")


class ExitForm(ActionForm):
    class Meta:
        model = Exit
        fields = ["exited_on", "reason", "destination", "note"]
        widgets = {**_dates("exited_on"), "note": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(ActionForm):
    class Meta:
        model = FollowUp
        fields = ["recorded_on", "destination", "note"]
        widgets = {**_dates("recorded_on"), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].required = True
        # Optional in the table (a follow-up waits there until it is done), not on recording.
        self.fields["recorded_on"].required = True
        self.fields["recorded_on"].error_messages["required"] = _(
            "Write the date of the follow-up, for example today's date."
        )


class GroupActivityForm(VersionedForm):
    """A group activity and who attended it.

    The attendee choices are the user's workers; on an existing activity, only those of
    its association (or all, for an activity open to every association), and whoever
    already attends. `attendance_changes()` says whom to add and whom to remove.
    """

    workers = forms.ModelMultipleChoiceField(
        label=_("Attended"),
        queryset=Worker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = GroupActivity
        fields = ACTIVITY_FIELDS
        widgets = {**_dates("held_on"), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.for_user(user).order_by("name")
        mine = Worker.objects.for_user(user).filter(anonymised_at__isnull=True)
        activity = self.instance
        if activity.pk:
            self.attending = set(activity.attendances.values_list("worker_id", flat=True))
            eligible = activity_attendee_choices(
                municipality_id=activity.municipality_id,
                association_id=activity.association_id,
            ).filter(Q(exit__isnull=True) | Q(exit__exited_on__gte=activity.held_on))
            choices = mine.filter(Q(pk__in=eligible) | Q(pk__in=self.attending))
            self.fields["workers"].initial = sorted(self.attending)
        else:
            self.attending = set()
            choices = mine.filter(exit__isnull=True)
        self.fields["workers"].queryset = choices.order_by("last_name", "first_name", "id")
        if user.is_village_staff and activity.pk and activity.association_id is None:
            # An activity open to every association is the coordinator's: village staff
            # mark their own workers' attendance only.
            for name in ACTIVITY_FIELDS:
                self.fields[name].disabled = True
        elif user.is_village_staff:
            self.fields["association"].required = True

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "workers")}

    def attendance_changes(self) -> tuple[list[Worker], list[Worker]]:
        """(add, remove): ticked workers not yet attending; unticked choices who were."""
        ticked = {worker.pk: worker for worker in self.cleaned_data["workers"]}
        add = [worker for pk, worker in ticked.items() if pk not in self.attending]
        remove = [
            worker
            for worker in self.fields["workers"].queryset  # type: ignore[attr-defined]  # a model choice
            if worker.pk in self.attending and worker.pk not in ticked
        ]
        return add, remove


class LoginLinkForm(ActionErrors, forms.Form):
    username = forms.CharField(
        label=_("Username of the worker's login"),
        max_length=150,
        help_text=_("The login must have the role “Worker”. The administrator makes the logins."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        if candidates:
            self.fields["username"].widget.attrs["list"] = "login-candidates"
        self.fields["username"].widget.attrs["autocomplete"] = "off"


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: the person's request of 1.3.2026."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name and contact details are removed for good."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The first row holds the column names; see the list of columns below."),
        validators=[UploadValidator(kinds=("csv", "xlsx"))],
    )


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    association = NamedChoiceField(
        label=_("Association"),
        queryset=Association.objects.none(),
        label_fields=("name",),
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    subsidy_ending = forms.BooleanField(label=_("Subsidy ending within 30 days"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.for_user(user).order_by("name")
        self.fields["status"].choices = [("", _("All")), *Status.choices()]
