import datetime
import json
import re
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.audit import record
from ryhma.concurrency import StaleEditError
from ryhma.dates import add_months
from ryhma.models import AuditAction, Role
from ryhma.offline import release
from services import actions, exports, imports, selectors
from services.claims import claims_for_month, claims_total
from services.forms import (
    AmendmentForm,
    HoursInputError,
    ImportForm,
    ReturnForm,
    parse_hours,
    parse_row_key,
)
from services.models import EntryStatus, ServiceOrder, Task, WeekSheet, WorkEntry
from services.models.hours import MAX_HOURS_PER_DAY, is_row_task, order_id_of
from services.weeks import DAY, monday_of, parse_week, supported_year, week_code
from villages.models import Association
from workers.models import Employment, Worker
from workers.parameters import MissingParameter

HOURS_ROLES = (Role.VILLAGE_STAFF, Role.COORDINATOR)
MAX_NOTE_LENGTH = 300
# An offline save's idempotency key (offline.js makes a UUID).
SYNC_KEY = re.compile(r"[A-Za-z0-9-]{8,64}")
# Waiting weeks per page of the queue: a city's month can hold a hundred of them.
APPROVAL_PAGE_SIZE = 20


def _week_url(association, week_start) -> str:
    query = urlencode({"yhdistys": association.pk, "vko": week_code(week_start)})
    return f"{reverse('services:week')}?{query}"


def _month_url(association, month: datetime.date) -> str:
    return reverse("services:month", args=[association.pk, month.year, month.month])


def _chosen_association(request, params):
    associations = list(selectors.staff_associations(request.user))
    wanted = params.get("yhdistys")
    if wanted:
        if not wanted.isdecimal():
            raise Http404()
        chosen = next((a for a in associations if a.pk == int(wanted)), None)
        if chosen is None:
            raise Http404()
        return chosen, associations
    return (associations[0] if associations else None), associations


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
                    "cell": f"{row.employment.worker}, {actions.day_label(cell.day.date)}",
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
    association, associations = _chosen_association(request, params)
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
        grid = selectors.build_week_grid(association, week_start, extra_rows=rows, today=today)
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
                    return redirect(_week_url(association, week_start))
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


@role_required(Role.WORKER)
def my_hours(request):
    """A worker's own hours, month by month and week by week, with their status."""
    worker = Worker.objects.for_user(request.user).first()
    today = timezone.localdate()
    month = today.replace(day=1)
    wanted = request.GET.get("kk", "")
    if wanted:
        try:
            month = datetime.date.fromisoformat(f"{wanted}-01")
        except ValueError:
            raise Http404() from None
    context = {
        "worker": worker,
        "month": month,
        "previous_month": add_months(month, -1),
        "next_month": add_months(month, 1),
    }
    if worker is not None:
        context.update(selectors.own_hours(worker, month))
    return render(request, "services/my_hours.html", context)


@role_required(Role.COORDINATOR)
@require_POST
def week_review(request, pk):
    sheet = get_for_user_or_404(
        WeekSheet.objects.select_related("association__village"), request.user, pk=pk
    )
    form = ReturnForm(request.POST)
    try:
        if request.POST.get("decision") == "approve":
            actions.approve_week(sheet=sheet, actor=request.user)
            messages.success(request, _("The week was approved."))
        elif form.is_valid():
            actions.return_week(
                sheet=sheet, comment=form.cleaned_data["comment"], actor=request.user
            )
            messages.success(request, _("The week was returned for correction."))
        else:
            messages.error(request, form.errors["comment"][0])
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    return redirect("services:approvals")


@role_required(Role.COORDINATOR)
def approvals(request):
    """The coordinator's queue: weeks and corrections to approve, months to lock."""
    today = timezone.localdate()
    page = Paginator(selectors.waiting_sheets_queryset(request.user), APPROVAL_PAGE_SIZE).get_page(
        request.GET.get("sivu")
    )
    return render(
        request,
        "services/approvals.html",
        {
            "page": page,
            "sheets": selectors.with_week_totals(request.user, page),
            "amendments": selectors.waiting_amendments(request.user),
            "months": selectors.months_to_lock(request.user, today=today),
            "return_form": ReturnForm(),
        },
    )


def _month_for(request, pk, year, month):
    association = get_for_user_or_404(
        Association.objects.select_related("village__municipality"), request.user, pk=pk
    )
    if not supported_year(year):
        raise Http404()
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404() from None
    return association, first


@role_required(*HOURS_ROLES)
def month(request, pk, year, month):
    association, first = _month_for(request, pk, year, month)
    summary = selectors.month_summary(association, first)
    try:
        claims, claims_error = claims_for_month(association, first), None
    except MissingParameter as missing:
        claims, claims_error = [], str(missing)
    return render(
        request,
        "services/month.html",
        {
            "association": association,
            "month": first,
            "summary": summary,
            "claims": claims,
            "claims_error": claims_error,
            "claims_total": claims_total(claims),
            "previous_month": add_months(first, -1),
            "next_month": add_months(first, 1),
            "week_url": _week_url(association, first),
        },
    )


@role_required(Role.VILLAGE_STAFF)
@require_POST
def month_submit(request, pk, year, month):
    association, first = _month_for(request, pk, year, month)
    count = actions.submit_month(association=association, month=first, actor=request.user)
    messages.success(
        request, _("%(count)s entries of the month were sent for approval.") % {"count": count}
    )
    return redirect(_month_url(association, first))


@role_required(Role.COORDINATOR)
@require_POST
def month_lock(request, pk, year, month):
    association, first = _month_for(request, pk, year, month)
    try:
        actions.lock_month(association=association, month=first, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The month was approved and locked."))
    if request.POST.get("next") == "approvals":
        return redirect("services:approvals")
    return redirect(_month_url(association, first))


@role_required(*HOURS_ROLES)
def export(request, pk, year, month, kind, fmt):
    """Payroll (one row per worker) or detail export of the month's approved hours."""
    if kind not in ("palkat", "tunnit") or fmt not in ("csv", "xlsx"):
        raise Http404()
    association, first = _month_for(request, pk, year, month)
    if kind == "palkat":
        table = exports.payroll_table(association, first)
    else:
        table = exports.detail_table(association, first)
    name = f"{kind}-{association.pk}-{first:%Y-%m}"
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        instance=association,
        changes={"export": [None, f"{name}.{fmt}"]},
        municipality_id=association.village.municipality_id,
    )
    if fmt == "csv":
        content, content_type = exports.to_csv(table), "text/csv; charset=utf-8"
    else:
        content = exports.to_xlsx(table, title=first.strftime("%Y-%m"))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@role_required(Role.VILLAGE_STAFF)
def amend(request, pk):
    entry = get_for_user_or_404(
        WorkEntry.objects.select_related("employment__worker", "employment__association__village"),
        request.user,
        pk=pk,
        status=EntryStatus.LOCKED,
        is_current=True,
    )
    form = AmendmentForm(
        request.POST or None,
        initial={"hours": selectors.decimal_text(entry.hours), "note": entry.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.amend_entry(
                entry=entry,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction was sent for approval."))
            return redirect(
                _week_url(
                    entry.employment.association, entry.work_date - DAY * entry.work_date.weekday()
                )
            )
    return render(
        request,
        "services/amend.html",
        {
            "form": form,
            "worker": entry.employment.worker,
            "work_date": entry.work_date,
            "task_label": entry.get_task_display(),
            "hours": entry.hours,
        },
    )


@role_required(Role.VILLAGE_STAFF)
def add_late(request, employment, year, month, day, task):
    """Hours forgotten from a locked month, sent to the coordinator like a correction."""
    employment = get_for_user_or_404(
        Employment.objects.select_related("worker", "association__village"),
        request.user,
        pk=employment,
    )
    if not supported_year(year):
        raise Http404()
    try:
        work_date = datetime.date(year, month, day)
    except ValueError:
        raise Http404() from None
    if not is_row_task(task):
        raise Http404()
    order_id = order_id_of(task)
    if order_id is None:
        task_label = Task(task).label
    else:
        order = get_for_user_or_404(
            ServiceOrder.objects.select_related("service", "customer"),
            request.user,
            pk=order_id,
            association_id=employment.association_id,
        )
        task_label = str(order)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_late_entry(
                employment=employment,
                work_date=work_date,
                task=task,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction was sent for approval."))
            return redirect(
                _week_url(employment.association, work_date - DAY * work_date.weekday())
            )
    return render(
        request,
        "services/amend.html",
        {
            "form": form,
            "worker": employment.worker,
            "work_date": work_date,
            "task_label": task_label,
            "hours": None,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def amendment_review(request, pk):
    amendment = get_for_user_or_404(
        WorkEntry.objects.select_related("employment__association__village", "amends"),
        request.user,
        pk=pk,
        status=EntryStatus.SUBMITTED,
        reason__gt="",
    )
    if request.POST.get("decision") == "approve":
        actions.approve_amendment(amendment=amendment, actor=request.user)
        messages.success(request, _("The correction was approved."))
    else:
        try:
            actions.reject_amendment(
                amendment=amendment, comment=request.POST.get("comment", ""), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The correction was turned down."))
    return redirect("services:approvals")


IMPORT_SESSION_KEY = "services.hours_import"


@role_required(Role.VILLAGE_STAFF)
def import_hours(request):
    """CSV import: the first POST checks the file (dry run), the second imports it."""
    association, associations = _chosen_association(request, request.POST or request.GET)
    if association is None:
        raise Http404()
    form, result, token = ImportForm(), None, ""
    if request.method == "POST" and request.POST.get("action") == "import":
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("association") != association.pk or stored.get("token") != request.POST.get(
            "token"
        ):
            messages.info(request, _("Nothing to import: check the file first."))
            return redirect(f"{reverse('services:import')}?yhdistys={association.pk}")
        result = imports.read_hours_csv(stored["content"].encode(), association=association)
        if not result.errors and not result.file_error:
            actions.import_hours(association=association, rows=result.rows, actor=request.user)
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request, _("%(count)s entries were imported.") % {"count": len(result.rows)}
            )
            return redirect(_week_url(association, result.rows[0].day))
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            result = imports.read_hours_csv(content, association=association)
            if not result.errors and not result.file_error:
                token = uuid.uuid4().hex
                request.session[IMPORT_SESSION_KEY] = {
                    "association": association.pk,
                    "token": token,
                    "content": content.decode("utf-8-sig"),
                }
    return render(
        request,
        "services/import.html",
        {
            "form": form,
            "result": result,
            "token": token,
            "association": association,
            "associations": associations,
            "header": ";".join(imports.HEADER),
        },
    )


# --- the offline queue (static/js/offline.js) ---------------------------------------------


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
    grid = selectors.build_week_grid(association, week_start, extra_rows=rows, today=today)
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
                _week_url(association, this_week),
                _week_url(association, this_week - DAY * 7),
            ]
    return JsonResponse({"user": request.user.pk, "pages": pages})
