"""What each phase page shows beyond its checklist, and the pages of phases 1, 6 and the
programme itself: CSV import, RACI table, printable operating model, programme plan."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from ryhma.uploads import UploadValidator
from villages import actions, selectors
from villages.forms import STAFF_PHASES, cell
from villages.imports import decode, parse_unemployment_csv
from villages.kinds import kinds_for_phase
from villages.models import Association, PhaseStatus, Programme
from villages.phases import ASSOCIATION_PHASES, PHASES
from villages.views.common import (
    PROGRAMME_EDITORS,
    PROGRAMME_READERS,
    can_edit_programme,
    get_programme,
    save_row_form,
)

PROGRAMME_PLAN_FIELDS = [
    "name",
    "starts_on",
    "ends_on",
    "description",
    "coordinator",
    "target_participants",
    "target_employed",
    "target_villages",
    "group_activity_plan",
    "development_plan",
]


def phase_context(user, programme: Programme, number: int) -> dict:
    """The data sections of a phase page: each kind's table and the phase's summaries."""
    can_edit = can_edit_programme(user)
    tables = []
    for kind in kinds_for_phase(number):
        meta = kind.model._meta
        rows = kind.rows_for(programme)
        tables.append(
            {
                "kind": kind,
                "headers": [meta.get_field(n).verbose_name for n in kind.columns],
                "rows": [(row, [cell(row, n) for n in kind.columns]) for row in rows],
                "can_edit": can_edit,
            }
        )
    context = {"tables": tables}
    associations = selectors.programme_associations(programme)
    if number == 1:
        context.update(selectors.need_summary(programme))
    elif number == 2:
        context.update(selectors.funding_summary(programme))
        context["associations"] = associations
    elif number in (3, 8):
        context["associations"] = associations
    elif number == 4:
        context["mapping_counts"] = selectors.mapping_counts(associations)
    elif number == 5:
        context.update(selectors.offering_matrix(associations))
    elif number == 6:
        context["raci"] = selectors.raci_table(programme)
    return context


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "First row: kylä (or alue); vuosi; työnhakijat; pitkäaikaistyöttömät. "
            "Separated by semicolons or commas."
        ),
        error_messages={"required": gettext_lazy("Choose the CSV file to check.")},
        validators=[UploadValidator(kinds=("csv",))],
    )


@role_required(*PROGRAMME_EDITORS)
def unemployment_import(request, slug):
    """Phase 1 import: a dry run shows every row and error; saving is all or nothing."""
    programme = get_programme(request.user, slug)
    form, result, text = UploadForm(), None, ""
    if request.method == "POST":
        if "csv_text" in request.POST:
            text = request.POST["csv_text"]
        else:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                text = decode(form.cleaned_data["file"].read())
                if text is None:
                    form.add_error(
                        "file",
                        _("The file is not text. Save it as “CSV UTF-8” and try again."),
                    )
        if text:
            result = parse_unemployment_csv(text, programme)
            if request.POST.get("confirm") == "1" and not result.errors:
                try:
                    saved = actions.unemployment_import(
                        programme=programme, user=request.user, rows=result.rows
                    )
                except ValidationError as error:
                    result.errors.extend(error.messages)
                else:
                    messages.success(request, _("%(count)s figures saved.") % {"count": saved})
                    return redirect("villages:phase_detail", slug=slug, number=1)
    return render(
        request,
        "villages/import.html",
        {"programme": programme, "form": form, "result": result, "csv_text": text},
        status=400 if result is not None and result.errors else 200,
    )


@role_required(*PROGRAMME_READERS)
def operating_model(request, slug):
    """Phase 6 printed on one page: steps, RACI, partners and services."""
    programme = get_programme(request.user, slug)
    associations = selectors.programme_associations(programme)
    return render(
        request,
        "villages/operating_model.html",
        {
            "programme": programme,
            "raci": selectors.raci_table(programme),
            "partners": programme.partners.all(),
            **selectors.offering_matrix(associations),
        },
    )


@role_required(*PROGRAMME_EDITORS)
def raci_edit(request, slug):
    programme = get_programme(request.user, slug)
    raci = selectors.raci_table(programme)
    errors = []
    if request.method == "POST":
        cells = {}
        for step, letters in raci["steps"]:
            for role, _letter in zip(raci["roles"], letters, strict=True):
                value = request.POST.get(f"cell-{step.pk}-{role.pk}", "")
                cells[(step.pk, role.pk)] = value if value in ("R", "A", "C", "I") else ""
        try:
            actions.raci_save(programme=programme, user=request.user, cells=cells)
        except ValidationError as error:
            errors = error.messages
            # Keep what was chosen on the form.
            raci["steps"] = [
                (step, [cells[(step.pk, role.pk)] for role in raci["roles"]])
                for step, _letters in raci["steps"]
            ]
        else:
            messages.success(request, _("Responsibilities saved."))
            return redirect("villages:phase_detail", slug=slug, number=6)
    return render(
        request,
        "villages/raci_form.html",
        {
            "programme": programme,
            "raci": raci,
            "errors": errors,
            "letters": ["R", "A", "C", "I"],
        },
        status=400 if errors else 200,
    )


@role_required(*PROGRAMME_EDITORS)
def programme_edit(request, slug):
    programme = get_programme(request.user, slug)
    form, saved, other = save_row_form(
        request,
        model=Programme,
        fields=PROGRAMME_PLAN_FIELDS,
        programme=programme,
        instance=programme,
    )
    if saved:
        return redirect("villages:programme_detail", slug=slug)
    return render(
        request,
        "villages/row_form.html",
        {
            "programme": programme,
            "form": form,
            "title": _("Programme, targets and plans"),
            "other_fields": other,
            "back": reverse("villages:programme_detail", args=[programme.slug]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(Role.COORDINATOR, Role.VILLAGE_STAFF)
def association_phase_edit(request, slug, pk):
    """Set by hand the status of one of phases 3–8 at an association."""
    programme = get_programme(request.user, slug)
    association = get_for_user_or_404(
        Association.objects.select_related("village"),
        request.user,
        pk=pk,
        village__municipality_id=programme.municipality_id,
    )
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        raise Http404() from None
    if number not in ASSOCIATION_PHASES:
        raise Http404()
    if request.user.role == Role.VILLAGE_STAFF and number not in STAFF_PHASES:
        raise Http404()
    status = request.POST.get("status", "")
    if status not in PhaseStatus.values:
        messages.error(request, _("Choose a status from the list."))
    else:
        actions.association_phase_set(
            association=association,
            user=request.user,
            number=number,
            status=status,
            note=request.POST.get("note", "")[:200],
        )
        messages.success(request, _("Status of phase %(name)s saved.") % {"name": PHASES[number]})
    return redirect("villages:association_detail", slug=slug, pk=pk)
