"""Files of hours: the payroll and detail exports and the CSV import."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ryhma.access import role_required
from ryhma.models import Role
from services.hours import actions, exports, imports
from services.hours.forms import ImportForm
from services.hours.views.navigation import HOURS_ROLES, chosen_association, month_for, week_url


@role_required(*HOURS_ROLES)
def export(request, pk, year, month, kind, fmt):
    """Payroll (one row per worker) or detail export of the month's approved hours."""
    if kind not in ("palkat", "tunnit") or fmt not in ("csv", "xlsx"):
        raise Http404()
    association, first = month_for(request, pk, year, month)
    if kind == "palkat":
        table = exports.payroll_table(association, first)
    else:
        table = exports.detail_table(association, first)
    name = f"{kind}-{association.pk}-{first:%Y-%m}"
    actions.record_export(association=association, filename=f"{name}.{fmt}", actor=request.user)
    if fmt == "csv":
        content, content_type = exports.to_csv(table), "text/csv; charset=utf-8"
    else:
        content = exports.to_xlsx(table, title=first.strftime("%Y-%m"))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


IMPORT_SESSION_KEY = "services.hours_import"


@role_required(Role.VILLAGE_STAFF)
def import_hours(request):
    """CSV import: the first POST checks the file (dry run), the second imports it."""
    association, associations = chosen_association(request, request.POST or request.GET)
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
            return redirect(week_url(association, result.rows[0].day))
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
