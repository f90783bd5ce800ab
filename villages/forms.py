from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from ryhma.forms import DecimalCommaMixin, QuickSelect
from ryhma.models import Role
from villages.actions import ItemChange
from villages.models import ChecklistItem, Feedback, Programme, ProgrammePhase, Village


class VersionedModelForm(DecimalCommaMixin, forms.ModelForm):
    """A model form that carries the row's version in a hidden field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class PhaseForm(VersionedModelForm):
    class Meta:
        model = ProgrammePhase
        fields = ["status", "owner", "due_on", "note"]
        widgets = {
            # The owner lists the municipality's users: one loop of one template instead of
            # two templates an option (Django's Select), on every phase page.
            "status": QuickSelect,
            "owner": QuickSelect,
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_id = self.instance.programme.municipality_id
        self.fields["owner"].queryset = municipality_users(municipality_id)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


# Words that the programme pages' addresses use at the level of a programme's short name.
RESERVED_SLUGS = {"kaikki", "uusi"}
PROGRAMME_FIELDS = [
    "name",
    "slug",
    "starts_on",
    "ends_on",
    "coordinator",
    "target_participants",
    "target_employed",
    "target_villages",
    "description",
]
PROGRAMME_PLAN_FIELDS = [*PROGRAMME_FIELDS, "group_activity_plan", "development_plan"]


class ProgrammeForm(VersionedModelForm):
    """A programme's name, short name, period, targets and coordinator (and, when
    editing, its plans). The coordinator is one of the municipality's coordinators."""

    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "group_activity_plan": forms.Textarea(attrs={"rows": 3}),
            "development_plan": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": _("Give the programme a name.")},
            "slug": {
                "required": _("Give a short name for the page addresses, e.g. kylatyo-2026."),
                "invalid": _(
                    "The short name may contain only lower-case letters a–z, digits and "
                    "hyphens, e.g. kylatyo-2026."
                ),
            },
            "starts_on": {
                "required": _("Give the date the programme starts."),
                "invalid": _("Write the start date as a date, e.g. 1.1.2026."),
            },
            "ends_on": {"invalid": _("Write the end date as a date, e.g. 31.12.2027.")},
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["coordinator"].queryset = municipality_users(municipality.pk).filter(
            role=Role.COORDINATOR
        )
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is a word the page addresses use already. Choose another short name.")
                % {"slug": slug}
            )
        # Short names are unique across municipalities, because the addresses do not
        # name the municipality; say so without naming anyone else's programme.
        taken = Programme.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.filter(municipality=self.municipality).exists():
            raise forms.ValidationError(
                _("Your municipality already has a programme with the short name “%(slug)s”.")
                % {"slug": slug}
            )
        if taken.exists():
            raise forms.ValidationError(
                _("The short name “%(slug)s” is already in use. Choose another one.")
                % {"slug": slug}
            )
        return slug


class ProgrammePlanForm(ProgrammeForm):
    class Meta(ProgrammeForm.Meta):
        fields = PROGRAMME_PLAN_FIELDS


class ChecklistAddForm(forms.Form):
    text = forms.CharField(
        label=_("New item"),
        max_length=200,
        error_messages={"required": _("Write the new checklist item before adding it.")},
    )


def parse_checklist(data, items: list[ChecklistItem], *, with_text: bool) -> list[ItemChange]:
    """The checklist as submitted: one ItemChange per item shown on the form.

    The form carries, for each item, the version and values the person saw
    (`version-<id>`, `was-<id>`, `text_was-<id>`) next to what they want now.
    """
    changes = []
    for item in items:
        key = str(item.pk)
        if f"version-{key}" not in data:
            continue
        try:
            version = int(data[f"version-{key}"])
        except ValueError:
            continue
        changes.append(
            ItemChange(
                item_id=item.pk,
                version=version,
                done_was=data.get(f"was-{key}") == "1",
                done=f"done-{key}" in data,
                text_was=data.get(f"text_was-{key}") if with_text else None,
                text=data.get(f"text-{key}") if with_text else None,
            )
        )
    return changes


def _date_widgets(model, fields) -> dict:
    widgets: dict[str, forms.Widget] = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.DateField):
            widgets[name] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(model_field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    return widgets


def municipality_users(municipality_id):
    return (
        get_user_model()
        .objects.filter(membership__municipality_id=municipality_id, is_active=True)
        .exclude(role=Role.WORKER)
        .order_by("first_name", "last_name")
    )


def model_form(model, fields: list[str], programme, *, data=None, instance=None):
    """A versioned form for `fields` of `model`, with choices limited to the programme."""
    form_class = forms.modelform_factory(
        model, form=VersionedModelForm, fields=fields, widgets=_date_widgets(model, fields)
    )
    form = form_class(data=data, instance=instance)
    choice_fields = cast(dict[str, forms.ModelChoiceField], form.fields)
    if "village" in choice_fields:
        choice_fields["village"].queryset = Village.objects.filter(
            municipality_id=programme.municipality_id
        )
    if "owner" in choice_fields:
        choice_fields["owner"].queryset = municipality_users(programme.municipality_id)
        # One form's labels: Django documents overriding this per field.
        choice_fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign, assignment]
    if "coordinator" in choice_fields:
        choice_fields["coordinator"].queryset = municipality_users(
            programme.municipality_id
        ).filter(role=Role.COORDINATOR)
    if "feedback" in choice_fields:
        choice_fields["feedback"].queryset = Feedback.objects.filter(programme=programme)
    return form


# Parts of an association's page, the phase they belong to and who may edit them.
ASSOCIATION_SECTIONS = {
    "resurssit": (2, ["capacity", "volunteer_count"]),
    "analyysi": (
        3,
        [
            "operating_environment",
            "goals",
            "target_groups",
            "payroll_arrangement",
            "accident_insurance",
            "occupational_health_contract",
            "work_supervisor",
            "tools_and_premises",
            "bookkeeping",
        ],
    ),
    "kartoitus": (4, ["jobs_available"]),
    "kayttoonotto": (8, ["go_live_on", "implementation_status"]),
}
STAFF_PHASES = (3, 4)


def cell(instance, name: str) -> str:
    """A field's value as text for a table cell."""
    from ryhma.templatetags.ryhma_tags import euro

    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(model_field, models.DateField):
        return date_format(value, "j.n.Y")
    if isinstance(model_field, models.DecimalField) and name in MONEY_FIELDS:
        return euro(value)
    if name in PLAIN_NUMBERS:
        return str(value)
    if isinstance(model_field, models.DecimalField | models.IntegerField):
        return number_format(value, force_grouping=True)
    text = str(value)
    return text if len(text) <= 90 else text[:87] + "…"


MONEY_FIELDS = {"amount", "yearly_sales", "bridging_loan_balance"}
PLAIN_NUMBERS = {"year", "position"}
