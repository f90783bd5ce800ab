"""Phase data: generic list, form and delete for every kind in villages.kinds, and the
association page where village staff keep their own association's phase 3–4 data."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from villages import actions, selectors
from villages.forms import ASSOCIATION_SECTIONS, STAFF_PHASES, cell
from villages.kinds import ASSOCIATION, KINDS, Kind, association_kinds
from villages.models import Association, PhaseStatus
from villages.views.common import get_programme, save_row_form

ALL_ROLES = (Role.COORDINATOR, Role.OFFICIAL, Role.VILLAGE_STAFF)


def _scope(request, slug, association_pk=None):
    """The programme and (optionally) the association, both within the user's scope."""
    programme = get_programme(request.user, slug)
    association = None
    if association_pk is not None:
        association = get_for_user_or_404(
            Association.objects.select_related("village"),
            request.user,
            pk=association_pk,
            village__municipality_id=programme.municipality_id,
        )
    elif request.user.role == Role.VILLAGE_STAFF and not request.user.is_superuser:
        raise Http404()  # staff see only their own association's pages
    return programme, association


def _kind(slug: str, association) -> Kind:
    kind = KINDS.get(slug)
    if kind is None or (kind.parent == ASSOCIATION) != (association is not None):
        raise Http404()
    return kind


def may_edit(user, phase: int, association=None) -> bool:
    if user.is_superuser or user.role == Role.COORDINATOR:
        return True
    return user.role == Role.VILLAGE_STAFF and association is not None and phase in STAFF_PHASES


def table(kind: Kind, rows) -> dict:
    """Headers and cell texts for a kind's rows."""
    meta = kind.model._meta
    return {
        "kind": kind,
        "headers": [cast(Field, meta.get_field(name)).verbose_name for name in kind.columns],
        "rows": [(row, [cell(row, name) for name in kind.columns]) for row in rows],
    }


def _filters(kind: Kind, params) -> tuple[dict, list]:
    """Validated filters from the query string, and the filter controls to show."""
    lookup, controls = {}, []
    for name in kind.filters:
        model_field = cast(Field, kind.model._meta.get_field(name))
        # kind.filters names fields with choices.
        choices = [(str(value), label) for value, label in model_field.choices]  # type: ignore[union-attr]
        selected = params.get(name, "")
        if selected in {value for value, _label in choices}:
            lookup[name] = selected
        controls.append(
            {
                "name": name,
                "label": model_field.verbose_name,
                "choices": choices,
                "selected": selected,
            }
        )
    return lookup, controls


def _back(kind: Kind, programme, association) -> str:
    if association is not None:
        return reverse("villages:association_detail", args=[programme.slug, association.pk])
    if kind.slug in ("kylat", "yhdistykset"):
        return reverse("villages:row_list", args=[programme.slug, kind.slug])
    return reverse("villages:phase_detail", args=[programme.slug, kind.phase])


@role_required(*ALL_ROLES)
def row_list(request, slug, kind):
    programme, association = _scope(request, slug)
    kind = _kind(kind, association)
    lookup, controls = _filters(kind, request.GET)
    rows = kind.rows_for(programme).filter(**lookup)
    return render(
        request,
        "villages/row_list.html",
        {
            "programme": programme,
            "can_edit": may_edit(request.user, kind.phase),
            "filters": controls,
            **table(kind, rows),
        },
    )


@role_required(*ALL_ROLES)
def row_edit(request, slug, kind, pk=None, association_pk=None):
    programme, association = _scope(request, slug, association_pk)
    kind = _kind(kind, association)
    if not may_edit(request.user, kind.phase, association):
        raise Http404()
    if pk is None:
        instance = kind.model()
        kind.attach(instance, programme, association)
    else:
        instance = get_object_or_404(kind.rows_for(programme, association), pk=pk)
    form, saved, other = save_row_form(
        request, model=kind.model, fields=kind.fields, programme=programme, instance=instance
    )
    if saved:
        return redirect(_back(kind, programme, association))
    return render(
        request,
        "villages/row_form.html",
        {
            "programme": programme,
            "association": association,
            "kind": kind,
            "form": form,
            "creating": pk is None,
            "other_fields": other,
            "back": _back(kind, programme, association),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(*ALL_ROLES)
def row_delete(request, slug, kind, pk, association_pk=None):
    programme, association = _scope(request, slug, association_pk)
    kind = _kind(kind, association)
    if not may_edit(request.user, kind.phase, association):
        raise Http404()
    instance = get_object_or_404(kind.rows_for(programme, association), pk=pk)
    try:
        actions.delete_row(instance=instance, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(_back(kind, programme, association))


def association_page_context(user, programme, association, *, stale=None) -> dict:
    """The association page. `stale` ({number, mine, theirs}) marks a phase status that
    someone else saved meanwhile: the form keeps this person's choice on top of theirs."""
    sections = []
    for key, (phase, fields) in ASSOCIATION_SECTIONS.items():
        sections.append(
            {
                "key": key,
                "phase": phase,
                "fields": [
                    (
                        cast(Field, association._meta.get_field(name)).verbose_name,
                        cell(association, name),
                    )
                    for name in fields
                ],
                "can_edit": may_edit(user, phase, association),
            }
        )
    tables = []
    for kind in association_kinds():
        kind_table = table(kind, kind.rows_for(programme, association))
        kind_table["can_edit"] = may_edit(user, kind.phase, association)
        tables.append(kind_table)
    board = selectors.association_phases(programme, association)
    for phase_cell in board:
        phase_cell.can_edit = may_edit(user, phase_cell.number, association)
        phase_cell.chosen = phase_cell.status.status if phase_cell.status else ""
        phase_cell.theirs = None
        if stale and stale["number"] == phase_cell.number:
            phase_cell.chosen, phase_cell.theirs = stale["mine"], stale["theirs"]
    return {
        "programme": programme,
        "association": association,
        "sections": sections,
        "tables": tables,
        "readiness_missing": association.readiness_missing(),
        "can_edit_basics": may_edit(user, 3),
        "board": board,
        "statuses": PhaseStatus.choices,
    }


@role_required(*ALL_ROLES)
def association_detail(request, slug, pk):
    programme, association = _scope(request, slug, pk)
    return render(
        request,
        "villages/association_detail.html",
        association_page_context(request.user, programme, association),
    )


@role_required(*ALL_ROLES)
def association_section(request, slug, pk, section):
    programme, association = _scope(request, slug, pk)
    if section not in ASSOCIATION_SECTIONS:
        raise Http404()
    phase, fields = ASSOCIATION_SECTIONS[section]
    if not may_edit(request.user, phase, association):
        raise Http404()
    form, saved, other = save_row_form(
        request, model=Association, fields=fields, programme=programme, instance=association
    )
    if saved:
        return redirect("villages:association_detail", slug=slug, pk=pk)
    back = reverse("villages:association_detail", args=[slug, pk])
    return render(
        request,
        "villages/row_form.html",
        {
            "programme": programme,
            "association": association,
            "section_phase": phase,
            "form": form,
            "other_fields": other,
            "back": back,
        },
        status=400 if request.method == "POST" else 200,
    )


__all__ = [
    "association_detail",
    "association_page_context",
    "association_section",
    "row_delete",
    "row_edit",
    "row_list",
]
