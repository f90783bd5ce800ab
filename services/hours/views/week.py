"""The week grid page: showing, saving and sending a crew's week, and the offline queue's saves."""

import json
import re
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ryhma.access import role_required
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from ryhma.offline import release
from ryhma.views import is_start_page
from services.hours import actions, selectors
from services.hours.forms import HoursInputError, parse_hours, parse_row_key
from services.hours.models.entries import MAX_HOURS_PER_DAY
from services.hours.views.navigation import HOURS_ROLES, chosen_association, week_url
from services.hours.weeks import DAY, monday_of, parse_week, supported_year, week_code
from services.models import Task
from services.templatetags.hours_text import cell_label

MAX_NOTE_LENGTH = 300
# An offline save's idempotency key (offline.js makes a UUID).
SYNC_KEY = re.compile(r"[A-Za-z0-9-]{8,64}")


def _posted_cells(request, grid):
    """Parse the grid's inputs: (hours and notes for the action, typed texts, errors per cell)."""
    values, notes, typed, errors = {}, {}, {}, {}
    for row in grid.rows:
        for cell in row.cells:
            if not cell.editable or cell.name not in request.POST:
                continue
            key = (row.employment.pk, row.task, cell.day.date)
            text = typed[cell.name] = request.POST[cell.name]
            problem = None
            if cell.note_name in request.POST:
                note = typed[cell.note_name] = request.POST[cell.note_name]
                notes[key] = note.strip()
                if len(notes[key]) > MAX_NOTE_LENGTH:
                    problem = _("the note is longer than 300 characters")
            try:
                values[key] = parse_hours(text)
            except HoursInputError as error:
                problem = error
            if problem:
                errors[cell.name] = _("%(cell)s: %(problem)s.") % {
                    "cell": cell_label(row.employment, cell.day.date),
                    "problem": problem,
                }
    return values, notes, typed, errors


def _posted_version(request) -> int:
    """The week's version the form was built from (0: no week yet; unreadable counts as 0,
    which a week that exists refuses as stale)."""
    text = request.POST.get("version", "")
    return int(text) if text.isdecimal() else 0


def _posted_original(request) -> dict[str, str]:
    """Cell name -> text each input held when the form was loaded (the hidden `original`)."""
    try:
        original = json.loads(request.POST.get("original") or "{}")
    except ValueError:
        return {}
    if not isinstance(original, dict):
        return {}
    return {str(name): text for name, text in original.items() if isinstance(text, str)}


def _original_cells(grid, original: dict[str, str]) -> dict:
    """The posted `original` as (hours, note) per cell key, for merging cell by cell
    (cells whose original cannot be read count as changed by the user)."""
    cells = {}
    for row in grid.rows:
        for cell in row.cells:
            if cell.name not in original:
                continue
            try:
                hours = parse_hours(original[cell.name])
            except HoursInputError:
                continue
            key = (row.employment.pk, row.task, cell.day.date)
            cells[key] = (hours, original.get(cell.note_name, "").strip())
    return cells


def _touched(grid, typed: dict[str, str], original: dict[str, str]) -> dict[str, str]:
    """Of the posted inputs, those of the cells the user changed (hours or note): only
    these come back into the form after a save that did not go through, the other cells
    show what is stored now. The grid keeps their original, so the next save still
    tells the user's changes from other people's."""
    touched = {}
    for row in grid.rows:
        for cell in row.cells:
            if cell.name not in typed:
                continue
            text, note = typed[cell.name], typed.get(cell.note_name)
            before = original.get(cell.name, "")
            before_note = original.get(cell.note_name, "")
            try:
                changed = parse_hours(text) != parse_hours(before)
            except HoursInputError:
                changed = True  # unreadable typing is still the user's
            if note is not None and note.strip() != before_note.strip():
                changed = True
            if changed:
                touched[cell.name] = text
                if note is not None:
                    touched[cell.note_name] = note
                grid.kept_original[cell.name] = before
                grid.kept_original[cell.note_name] = before_note
    return touched


def _show_conflicts(grid, conflicts) -> list:
    """Mark the cells both people changed: they show the stored (other's) value, with the
    user's unsaved value beside it."""
    by_key = {conflict.key: conflict for conflict in conflicts}
    shown = []
    for row in grid.rows:
        for cell in row.cells:
            conflict = by_key.get((row.employment.pk, row.task, cell.day.date))
            if conflict is None:
                continue
            cell.mine = selectors.decimal_text(conflict.mine) or "–"
            if conflict.mine_note:
                cell.mine += f" ({conflict.mine_note})"
            shown.append({"worker": row.worker_name, "cell": cell})
    return shown


def _saved_message(saved) -> str:
    if saved.repeated:
        return _("The week was already saved.")
    if saved.conflicts:
        return _(
            "Your other changes were saved. %(count)s cells were changed by someone else at "
            "the same time: they keep the other person's value, yours is shown beside it."
        ) % {"count": len(saved.conflicts)}
    return _("The week's hours were saved.")


def _submitted_message(grid, week_start, today) -> str:
    if week_start + DAY * 6 > today:
        return _(
            "The hours up to today were sent for approval. Hours on days still to come are "
            "kept as a plan: send them once the days have been worked."
        )
    return _("The week was sent for approval.")


@role_required(*HOURS_ROLES)
def week(request):
    """The weekly crew grid: village staff's start page; coordinators read it to approve."""
    params = request.POST if request.method == "POST" else request.GET
    association, associations = chosen_association(request, params)
    today = timezone.localdate()
    week_start = parse_week(params.get("vko"), default=today)
    if not supported_year(week_start.year):
        raise Http404()
    can_edit = request.user.role == Role.VILLAGE_STAFF
    if request.method == "POST" and not can_edit:
        raise Http404()
    context = {
        "associations": associations,
        "association": association,
        "week_start": week_start,
        # Strings: a number would get a thousands separator ("2 026").
        "week_number": str(week_start.isocalendar()[1]),
        "week_year": str(week_start.isocalendar()[0]),
        "previous_week": week_code(week_start - DAY * 7),
        "next_week": week_code(week_start + DAY * 7),
        "this_week": week_code(today),
        "week_code": week_code(week_start),
        "can_edit": can_edit,
        # The home panels follow the grid on village staff's start page only.
        "start_page": is_start_page(request.user, "services:week"),
        "max_hours_per_day": MAX_HOURS_PER_DAY,  # the offline checks (static/js/offline.js)
        "tasks": [(value, label) for value, label in Task.choices if value != Task.SERVICE_ORDER],
        "errors": [],
        "confirmations": [],
        # Single-use (a double submit saves once): a new one on every render.
        "token": uuid.uuid4().hex,
    }
    if association is None:
        return render(request, "services/week.html", context)
    if request.method == "POST" and "sync_key" in request.POST:
        return _queued_save(request, association, week_start, today)

    if request.method == "POST":
        rows = [key for key in map(parse_row_key, request.POST.getlist("row")) if key]
        action = request.POST.get("action", "save")
        added = None
        if action == "add_row":
            added = parse_row_key(
                f"{request.POST.get('new_employment', '')}:{request.POST.get('new_task', '')}"
            )
            if added in rows:
                context["errors"].append(
                    _("That task already has a row for the worker: write the hours on it.")
                )
                added = None
        rows = rows + ([added] if added else [])
        # Read once, with the week locked: the posted cells are told apart on what the
        # save then checks and merges with.
        read = selectors.week_for_save(association, week_start)
        grid = selectors.build_week_grid(
            association, week_start, extra_rows=rows, today=today, read=read
        )
        values, notes, typed, cell_errors = _posted_cells(request, grid)
        original = _posted_original(request)
        conflicts, was_saved = [], False
        if action != "add_row" and not cell_errors:
            try:
                saved = actions.save_week(
                    association=association,
                    week_start=week_start,
                    values=values,
                    notes=notes,
                    expected_version=_posted_version(request),
                    token=request.POST.get("token", "")[:64],
                    actor=request.user,
                    confirm_over_contract="1" in request.POST.getlist("confirm_over_contract"),
                    original=_original_cells(grid, original),
                    read=read,
                )
            except actions.WeekInvalid as problem:
                cell_errors = problem.cell_errors
                context["errors"] += problem.errors
                context["confirmations"] = problem.needs_confirmation
            except StaleEditError:
                # Two first saves of a new week at the same moment: nothing was written.
                context["errors"].append(
                    _("Someone else saved this week at the same moment. Save again.")
                )
            else:
                conflicts, was_saved = saved.conflicts, True
                outcome = _saved_message(saved)
                sent = None
                if action == "submit" and not saved.repeated and not conflicts:
                    try:
                        actions.submit_week(
                            association=association, week_start=week_start, actor=request.user
                        )
                    except ValidationError as error:
                        context["errors"] += error.messages
                        sent = False
                    else:
                        sent = True
                if not conflicts and sent is not False:
                    if sent:
                        messages.success(request, _submitted_message(grid, week_start, today))
                    else:
                        messages.success(request, outcome)
                    return redirect(week_url(association, week_start))
                context["saved_message"] = outcome
        # The form comes back with the stored values as they are now and, in the cells the
        # user changed, what they typed (nothing saved of those, or a conflict).
        grid = selectors.build_week_grid(association, week_start, extra_rows=rows, today=today)
        if conflicts:
            context["conflict_cells"] = _show_conflicts(grid, conflicts)
        if was_saved:
            selectors.apply_typed(grid, {})
        else:
            selectors.apply_typed(grid, _touched(grid, typed, original))
        for row in grid.rows:
            for cell in row.cells:
                cell.error = cell_errors.get(cell.name, "")
        context["cell_errors"] = [cell for row in grid.rows for cell in row.cells if cell.error]
        context["not_saved"] = bool(
            context["errors"] or context["cell_errors"] or context["confirmations"]
        )
    else:
        grid = selectors.build_week_grid(association, week_start, today=today)
    context["grid"] = selectors.for_display(grid, can_edit=can_edit)
    context["month_links"] = sorted({day.date.replace(day=1) for day in grid.days})
    return render(request, "services/week.html", context)


def _queued_save(request, association, week_start, today):
    """A save of the week kept in a phone's offline queue and sent when the connection
    returned: the form's fields with an idempotency key (`sync_key`). The same parsing,
    checks and cell-by-cell merge as the form, applied once per key, answered in JSON."""
    if request.POST.get("release") != release():
        # The page that sends was made by another release: it reloads and sends again.
        return JsonResponse({"status": "reload"}, status=409)
    key = request.POST["sync_key"]
    if not SYNC_KEY.fullmatch(key):
        error = _("The save has no valid key: reload the page and save again.")
        return JsonResponse({"status": "invalid", "errors": [error]}, status=400)
    rows = [key for key in map(parse_row_key, request.POST.getlist("row")) if key]
    read = selectors.week_for_save(association, week_start)
    grid = selectors.build_week_grid(
        association, week_start, extra_rows=rows, today=today, read=read
    )
    values, notes, _typed, cell_errors = _posted_cells(request, grid)
    if cell_errors:
        return JsonResponse({"status": "invalid", "errors": list(cell_errors.values())}, status=422)
    try:
        queued = actions.save_week_once(
            key=key,
            actor=request.user,
            association=association,
            week_start=week_start,
            values=values,
            notes=notes,
            expected_version=_posted_version(request),
            confirm_over_contract="1" in request.POST.getlist("confirm_over_contract"),
            original=_original_cells(grid, _posted_original(request)),
            read=read,
        )
    except actions.WeekInvalid as problem:
        errors = problem.errors + list(problem.cell_errors.values()) + problem.needs_confirmation
        return JsonResponse({"status": "invalid", "errors": errors}, status=422)
    except StaleEditError:
        return JsonResponse({"status": "retry"}, status=409)
    return JsonResponse({"status": "saved", "repeated": queued.repeated, **queued.answer})


@role_required(*HOURS_ROLES)
@require_GET
def offline_pages(request):
    """The week grid pages a phone keeps for working without a connection: the current
    and the previous week of each of the user's associations (village staff only)."""
    pages = []
    if request.user.role == Role.VILLAGE_STAFF:
        this_week = monday_of(timezone.localdate())
        pages.append(reverse("services:week"))
        for association in selectors.staff_associations(request.user):
            pages += [
                week_url(association, this_week),
                week_url(association, this_week - DAY * 7),
            ]
    return JsonResponse({"user": request.user.pk, "pages": pages})
