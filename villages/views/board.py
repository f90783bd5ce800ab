"""The programme page (the phase board) and each phase's status and checklist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import role_required
from ryhma.concurrency import StaleEditError
from villages import actions, selectors
from villages.forms import ChecklistAddForm, PhaseForm, parse_checklist
from villages.phases import PHASES
from villages.views.common import (
    PROGRAMME_EDITORS,
    PROGRAMME_READERS,
    can_edit_programme,
    get_programme,
)
from villages.views.phase_pages import phase_context


def _phase_number(number: int) -> int:
    if number not in PHASES:
        raise Http404()
    return number


def _phase(programme, number: int):
    _phase_number(number)
    return get_object_or_404(programme.phases, number=number)


@role_required(*PROGRAMME_READERS)
def programme_overview(request):
    """The coordinator's start page: their programme, or a choice when there are several."""
    programmes = list(selectors.programmes_for_user(request.user)[:2])
    if len(programmes) == 1:
        return redirect("villages:programme_detail", slug=programmes[0].slug)
    return redirect("villages:programme_list")


@role_required(*PROGRAMME_READERS)
def programme_list(request):
    programmes = selectors.programmes_for_user(request.user)
    return render(
        request,
        "villages/programme_list.html",
        {
            "programmes": programmes,
            "can_create": can_edit_programme(request.user) and hasattr(request.user, "membership"),
        },
    )


@role_required(*PROGRAMME_READERS)
def programme_detail(request, slug):
    """The phase board: ten phases at a glance and the association × phase matrix."""
    programme = get_programme(request.user, slug)
    board = selectors.programme_board(programme)
    return render(
        request,
        "villages/programme_detail.html",
        {"programme": programme, "board": board, "can_edit": can_edit_programme(request.user)},
    )


def _render_phase(request, programme, number, *, form=None, conflicts=(), wanted=None, status=200):
    card = selectors.programme_phase(programme, number)
    can_edit = can_edit_programme(request.user)
    return render(
        request,
        "villages/phase_detail.html",
        {
            "programme": programme,
            "card": card,
            "can_edit": can_edit,
            "form": form or (PhaseForm(instance=card.phase) if can_edit else None),
            "add_form": ChecklistAddForm() if can_edit else None,
            "conflicts": conflicts,
            "wanted": wanted or {},
            **phase_context(request.user, programme, number),
        },
        status=status,
    )


@role_required(*PROGRAMME_READERS)
def phase_detail(request, slug, number):
    programme = get_programme(request.user, slug)
    number = _phase_number(number)
    if request.method != "POST":
        return _render_phase(request, programme, number)
    if not can_edit_programme(request.user):
        raise Http404()
    phase = _phase(programme, number)
    form = PhaseForm(request.POST, instance=phase)
    if form.is_valid():
        try:
            actions.update_phase(
                phase=phase,
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **{name: form.cleaned_data[name] for name in PhaseForm.Meta.fields},
            )
        except StaleEditError as error:
            messages.error(request, str(error))
            # Keep what this person typed, but let the next save go on top of the other's.
            data = request.POST.copy()
            data["version"] = error.current.version
            form = PhaseForm(data, instance=type(phase).objects.get(pk=phase.pk))
            form.is_valid()
            return _render_phase(
                request, programme, number, form=form, wanted={"phase": error.current}
            )
        messages.success(request, _("Phase saved."))
        return redirect("villages:phase_detail", slug=slug, number=number)
    return _render_phase(request, programme, number, form=form, status=400)


@require_POST
@role_required(*PROGRAMME_EDITORS)
def checklist_save(request, slug, number):
    programme = get_programme(request.user, slug)
    phase = _phase(programme, number)
    items = list(phase.checklist.all())
    with_text = request.POST.get("with_text") == "1"
    changes = parse_checklist(request.POST, items, with_text=with_text)
    try:
        conflicts = actions.save_checklist(phase=phase, user=request.user, changes=changes)
    except ValidationError as error:
        # The action is atomic: no item of the list was saved.
        messages.error(
            request,
            _("The checklist was not saved. Item text: %(problem)s Correct it and save again.")
            % {"problem": " ".join(error.messages)},
        )
        return redirect("villages:phase_detail", slug=slug, number=number)
    if conflicts:
        messages.error(
            request,
            _(
                "Someone else changed %(count)s checklist items in the meantime. "
                "Their changes are shown below; yours were kept in the form. Check and save again."
            )
            % {"count": len(conflicts)},
        )
        wanted = {c.item.pk: c.wanted for c in conflicts}
        return _render_phase(request, programme, number, conflicts=conflicts, wanted=wanted)
    messages.success(request, _("Checklist saved."))
    if request.POST.get("next") == "board":
        url = reverse("villages:programme_detail", args=[programme.slug])
        return redirect(f"{url}#phase-{number}")
    return redirect("villages:phase_detail", slug=slug, number=number)


@require_POST
@role_required(*PROGRAMME_EDITORS)
def checklist_add(request, slug, number):
    programme = get_programme(request.user, slug)
    phase = _phase(programme, number)
    form = ChecklistAddForm(request.POST)
    if form.is_valid():
        actions.add_checklist_item(phase=phase, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Checklist item added."))
    else:
        messages.error(request, " ".join(form.errors["text"]))
    return redirect("villages:phase_detail", slug=slug, number=number)


@require_POST
@role_required(*PROGRAMME_EDITORS)
def checklist_delete(request, slug, number, pk):
    programme = get_programme(request.user, slug)
    phase = _phase(programme, number)
    item = get_object_or_404(phase.checklist, pk=pk)
    actions.delete_row(instance=item, user=request.user)
    messages.success(request, _("Checklist item removed."))
    return redirect("villages:phase_detail", slug=slug, number=number)
