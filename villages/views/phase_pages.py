"""What each phase page shows beyond its checklist, and the pages of phases 1, 6 and the
programme itself: CSV import, RACI table, printable operating model, programme plan."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from ryhma.uploads import UnreadableCsv, UploadValidator, decode_csv
from villages import actions, selectors
from villages.forms import (
    PROGRAMME_FIELDS,
    PROGRAMME_PLAN_FIELDS,
    STAFF_PHASES,
    ProgrammeForm,
    ProgrammePlanForm,
    cell,
)
from villages.imports import parse_unemployment_csv
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
from villages.views.data import association_page_context


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
                "headers": [cast(Field, meta.get_field(n)).verbose_name for n in kind.columns],
                "rows": [(row, [cell(row, n) for n in kind.columns]) for row in rows],
                "can_edit": can_edit,
            }
        )
    context: dict[str, Any] = {"tables": tables}
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
                try:
                    text = decode_csv(form.cleaned_data["file"].read())
                except UnreadableCsv as error:
                    form.add_error("file", str(error))
        if text:
            result = parse_unemployment_csv(text, programme)
            if request.POST.get("confirm") == "1" and not result.errors:
                try:
                    saved = actions.import_unemployment_figures(
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


def _raci_changes(post, raci) -> list[actions.RaciChange]:
    """The cells shown on the submitted form: wanted letter, seen letter and version."""
    changes = []
    for step, cells in raci["steps"]:
        for cell_ in cells:
            key = f"{step.pk}-{cell_.role.pk}"
            if f"was-{key}" not in post:
                continue  # a step or role added after the page was opened
            try:
                version = int(post.get(f"version-{key}", "0"))
            except ValueError:
                version = 0
            letter, was = post.get(f"cell-{key}", ""), post.get(f"was-{key}", "")
            changes.append(
                actions.RaciChange(
                    step_id=step.pk,
                    role_id=cell_.role.pk,
                    letter=letter if letter in RACI_LETTERS else "",
                    was=was if was in RACI_LETTERS else "",
                    version=version,
                )
            )
    return changes


RACI_LETTERS = ("R", "A", "C", "I")


@role_required(*PROGRAMME_EDITORS)
def raci_edit(request, slug):
    """Phase 6: the RACI table. Only the cells this person changed are saved; a cell
    someone else changed meanwhile to another letter stops the save and shows both."""
    programme = get_programme(request.user, slug)
    raci = selectors.raci_form(programme)
    errors, clashes, status = [], [], 200
    if request.method == "POST":
        changes = _raci_changes(request.POST, raci)
        try:
            saved = actions.save_raci(programme=programme, user=request.user, changes=changes)
        except actions.RaciStaleError as error:
            errors, clashes, status = [str(error)], error.clashes, 409
        except ValidationError as error:
            errors, status = error.messages, 400
        else:
            if saved:
                messages.success(request, _("Responsibilities saved."))
            else:
                messages.info(request, _("No responsibility was changed."))
            return redirect("villages:phase_detail", slug=slug, number=6)
        # Keep this person's choices; the hidden fields carry what is stored now, so
        # that the next save goes on top of the other person's.
        raci = selectors.raci_form(programme)
        chosen = {(c.step_id, c.role_id): c.letter for c in changes if c.letter != c.was}
        theirs = {(c.step.pk, c.role.pk): c.theirs for c in clashes}
        for step, cells in raci["steps"]:
            for cell_ in cells:
                key = (step.pk, cell_.role.pk)
                cell_.letter = chosen.get(key, cell_.stored)
                cell_.theirs = theirs.get(key)
    return render(
        request,
        "villages/raci_form.html",
        {
            "programme": programme,
            "raci": raci,
            "errors": errors,
            "clashes": clashes,
            "letters": RACI_LETTERS,
        },
        status=status,
    )


def _own_municipality(user):
    """The municipality a coordinator works for; 404 for a user without one."""
    membership = getattr(user, "membership", None)
    if membership is None:
        raise Http404()
    return membership.municipality


@role_required(*PROGRAMME_EDITORS)
def programme_create(request):
    """A new programme of the coordinator's own municipality, seeded with its ten phases."""
    municipality = _own_municipality(request.user)
    form = ProgrammeForm(
        request.POST or None,
        instance=Programme(municipality=municipality),
        municipality=municipality,
        initial={"coordinator": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROGRAMME_FIELDS}
        try:
            programme = actions.create_programme(
                municipality=municipality, user=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Programme %(name)s created with its ten phases and their checklists.")
                % {"name": programme.name},
            )
            return redirect("villages:programme_detail", slug=programme.slug)
    return render(
        request,
        "villages/programme_form.html",
        {"form": form, "municipality": municipality},
        status=400 if form.is_bound else 200,
    )


@role_required(*PROGRAMME_EDITORS)
def programme_edit(request, slug):
    programme = get_programme(request.user, slug)

    def make_form(data, instance):
        return ProgrammePlanForm(data, instance=instance, municipality=programme.municipality)

    form, saved, other = save_row_form(
        request,
        model=Programme,
        fields=PROGRAMME_PLAN_FIELDS,
        programme=programme,
        instance=programme,
        make_form=make_form,
    )
    if saved:
        # The short name may have changed, and with it the address.
        return redirect("villages:programme_detail", slug=form.instance.slug)
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
    try:
        expected_version = int(request.POST.get("version", "0"))
    except ValueError:
        expected_version = 0
    if status not in PhaseStatus.values:
        messages.error(request, _("Choose a status from the list."))
        return redirect("villages:association_detail", slug=slug, pk=pk)
    try:
        actions.set_association_phase(
            association=association,
            user=request.user,
            number=number,
            status=status,
            expected_version=expected_version,
            note=request.POST["note"][:200] if "note" in request.POST else None,
        )
    except StaleEditError as error:
        current = error.current
        messages.error(
            request,
            _(
                "Someone else saved the status of phase %(name)s in the meantime: "
                "%(theirs)s. Your choice, %(mine)s, was not saved. Check and save again."
            )
            % {
                "name": PHASES[number],
                "theirs": current.get_status_display(),
                "mine": PhaseStatus(status).label,
            },
        )
        return render(
            request,
            "villages/association_detail.html",
            association_page_context(
                request.user,
                programme,
                association,
                stale={"number": number, "mine": status, "theirs": current},
            ),
            status=409,
        )
    messages.success(request, _("Status of phase %(name)s saved.") % {"name": PHASES[number]})
    return redirect("villages:association_detail", slug=slug, pk=pk)
