import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evaluation import actions, kept_figures, selectors, suppression
from evaluation.charts import Chart, Series
from evaluation.forms import (
    AssessmentForm,
    AssessmentLinkForm,
    DashboardFilterForm,
    InstrumentForm,
    MetricForm,
    ParameterSetForm,
    SocialAssistanceDropForm,
    SroiProxyForm,
)
from evaluation.models import (
    Assessment,
    Instrument,
    InstrumentItem,
    Metric,
    Respondent,
    SocialAssistanceDrop,
    SroiProxy,
)
from evaluation.reports.figures import hide_metrics
from evaluation.reports.render import association_gain_note
from ryhma import links
from ryhma.access import get_for_user_or_404, role_required
from ryhma.audit import record
from ryhma.concurrency import StaleEditError
from ryhma.models import AuditAction, Role
from ryhma.templatetags.ryhma_tags import euro, hours
from villages.models import Programme
from workers.models import ParameterSet, Worker

READERS = (Role.COORDINATOR, Role.OFFICIAL)
ASSESSORS = (Role.COORDINATOR, Role.VILLAGE_STAFF)
# Due assessments per page: a city coordinator can have hundreds due at once.
DUE_PAGE_SIZE = 50

HEADLINE = (
    "hours",
    "person_months",
    "wage_cost",
    "holiday_pay",
    "side_costs",
    "subsidy_income",
    "municipal_top_up",
    "top_up_cut",
    "service_revenue",
    "association_net_cost",
    "city_avoided_benefit_share",
    "city_net_effect",
    "public_sector_net_effect",
    "bridging_need",
)


def _filters(request):
    """The dashboard's filter form and the chosen programme and period (defaults filled in)."""
    data = request.GET.copy()
    programmes = list(Programme.objects.for_user(request.user).select_related("municipality"))
    if not programmes:
        return None, None, None
    first = programmes[0]
    today = timezone.localdate()
    data.setdefault("programme", first.slug)
    data.setdefault("year", str(today.year))
    data.setdefault("month_from", "1")
    data.setdefault("month_to", "12")
    official = _is_official(request.user)
    form = DashboardFilterForm(data, user=request.user, programmes=programmes, official=official)
    if form.is_valid():
        clean = form.cleaned_data
        programme = clean["programme"]
        # Officials: whole years of the whole programme only (evaluation.suppression).
        months = clean.get("month_from", 1), clean.get("month_to", 12)
        period = selectors.Period(clean["year"], *months, clean.get("village"))
    else:
        programme = first
        period = selectors.Period(today.year)
    return form, programme, period


def _month(month: int, year: int) -> datetime.date:
    """A month as a chart category (the chart names it to fit its width)."""
    return datetime.date(year, month, 1)


def _plus(*values):
    return None if any(v is None for v in values) else sum(values, Decimal(0))


def _charts(economy, hidden_months=frozenset(), hidden_keys=frozenset()) -> list[Chart]:
    """The monthly charts; the values of `hidden_months` are left out (None), and the
    city's chart when its figures are `hidden_keys`."""
    months = [_month(row.month, economy.period.year) for row in economy.monthly]

    def shown(values):
        return [
            None if row.month in hidden_months else value
            for row, value in zip(economy.monthly, values, strict=True)
        ]

    charts = [
        Chart(
            title=_("Approved hours per month"),
            description=_("Approved work hours of the workers in each month: %(total)s in total.")
            % {"total": hours(sum((r.hours for r in economy.monthly), Decimal(0)))},
            categories=months,
            series=[Series(_("Hours"), shown([row.hours for row in economy.monthly]))],
            unit="h",
        )
    ]
    rows = [row.values for row in economy.monthly]
    coordination = [v["coordination_costs"] for v in rows]
    city = [
        None if c is None else _plus(v["city_net_effect_before_coordination"], -c)
        for v, c in zip(rows, coordination, strict=True)
    ]
    charts.append(
        Chart(
            title=_("Employer cost and subsidies per month"),
            description=_(
                "The associations' employer cost against the pay subsidy and the municipal"
                " top-up in each month; the gap is covered by service revenue and the"
                " associations' own funds."
            ),
            categories=months,
            series=[
                Series(_("Employer cost"), shown([v["employer_cost"] for v in rows])),
                Series(
                    _("Subsidy and top-up"),
                    shown([_plus(v["subsidy_income"], v["municipal_top_up"]) for v in rows]),
                ),
            ],
            unit="€",
        )
    )
    if "city_net_effect" in hidden_keys:
        return charts
    charts.append(
        Chart(
            title=_("City net effect per month"),
            description=_(
                "Avoided benefit share and social assistance minus the city's pay subsidy,"
                " top-up and coordination costs; below zero means a net cost to the city."
            ),
            categories=months,
            series=[Series(_("City net effect"), shown(city))],
            kind="line",
            unit="€",
        )
    )
    return charts


def _village_rows(economy, hidden=frozenset()):
    rows = {}
    for worker_row in economy.workers:
        row = rows.setdefault(
            worker_row.village, {"village": worker_row.village, "people": 0, "hours": Decimal(0)}
        )
        row["people"] += 1
        row["hours"] += worker_row.hours
        row["person_months"] = row.get("person_months", Decimal(0)) + worker_row.person_months
    result = sorted(rows.values(), key=lambda r: r["village"])
    for row in result:
        row["suppressed"] = row["village"] in hidden
    return result


def _headline(economy, query: str, hidden=frozenset()) -> list[dict]:
    """The key figures' cards: label, value written out, note and explanation link;
    the `hidden` ones say that they are not shown (evaluation.suppression)."""
    link = links.url_maker("evaluation:explain")
    cards = []
    for key in HEADLINE:
        figure = economy.totals.figures[key]
        card = {"label": figure.label, "missing": None, "note": "", "hidden": key in hidden}
        if card["hidden"]:
            pass
        elif figure.value is None:
            card["missing"] = " ".join(str(m) for m in figure.missing)
        else:
            if key == "hours":
                card["text"] = hours(figure.value)
            elif key == "person_months":
                card["text"] = localize(figure.value)
            else:
                card["text"] = euro(figure.value)
            if key == "public_sector_net_effect" and figure.notes:
                card["note"] = figure.notes[0]
            if key == "association_net_cost":
                card["note"] = association_gain_note(figure.value)
            card["url"] = f"{link(key)}?{query}"
        cards.append(card)
    return cards


def _worker_rows(rows) -> list[tuple]:
    """(row, link to the worker's assessments) for the dashboard's worker table."""
    link = links.url_maker("evaluation:worker_assessments")
    return [(row, link(row.worker.pk)) for row in rows]


def _is_official(user) -> bool:
    return user.role == Role.OFFICIAL and not user.is_superuser


@role_required(*READERS)
def dashboard(request):
    """Programme, village and (coordinators only) worker level figures for the period."""
    form, programme, period = _filters(request)
    if programme is None:
        return render(request, "evaluation/no_programme.html")
    economy = kept_figures.dashboard_economy(programme, period)
    is_official = _is_official(request.user)
    suppressed = is_official and economy.people < selectors.MIN_GROUP
    pairs = selectors.score_pairs(programme.municipality)
    pattern = None
    metrics = selectors.metric_statuses(programme, known=economy, pairs=pairs)
    if is_official:
        # What an official sees passes evaluation.suppression: hidden villages and months
        # are chosen so that no difference of what is shown gives a small group back.
        pattern = selectors.year_pattern(programme, period.year, economy.workers)
        # Over all the programme's pairs: per year or village, two neighbouring
        # selections would differ by a person's pair.
        changes = selectors.score_changes(programme.municipality, pairs=pairs)
        hide_metrics(programme, metrics, known=economy)
    else:
        changes = selectors.score_changes(
            programme.municipality, [row.worker.pk for row in economy.workers], pairs=pairs
        )
    hidden_months = pattern.hidden_months if pattern else frozenset()
    hidden_keys = (
        suppression.ASSISTANCE_KEYS
        if is_official and suppression.assistance_hidden(economy.workers)
        else frozenset()
    )
    cash_hidden = pattern is not None and not pattern.cash_shown
    context = {
        "form": form,
        "programme": programme,
        "period": period,
        "economy": economy,
        "suppressed": suppressed,
        "is_official": is_official,
        "headline": _headline(economy, request.GET.urlencode(), hidden_keys),
        "charts": [] if suppressed else _charts(economy, hidden_months, hidden_keys),
        "hidden_months": sorted(hidden_months),
        "changes": [] if suppressed else changes,
        "metrics": metrics,
        "village_rows": _village_rows(economy, pattern.hidden_villages if pattern else frozenset()),
        "cash_hidden": cash_hidden,
        "worker_rows": [] if is_official else _worker_rows(economy.workers),
        "query": request.GET.urlencode(),
        "min_group": selectors.MIN_GROUP,
    }
    return render(request, "evaluation/dashboard.html", context)


@role_required(*READERS)
def explain(request, key):
    """How one figure of the dashboard was computed: formula, inputs, parameters, sources."""
    form, programme, period = _filters(request)
    if programme is None:
        raise Http404()
    economy = selectors.economy(programme, period)
    figure = economy.totals.figures.get(key)
    if key == "sroi_ratio" and economy.sroi is not None:
        figure = economy.sroi.figure
    if figure is None:
        raise Http404()
    if _is_official(request.user) and (
        economy.people < selectors.MIN_GROUP
        or (key in suppression.ASSISTANCE_KEYS or key == "city_net_effect")
        and suppression.assistance_hidden(economy.workers)
    ):
        figure = None  # a group under 5 people is not shown to officials, here either
    return render(
        request,
        "evaluation/explain.html",
        {
            "figure": figure,
            "economy": economy,
            "programme": programme,
            "period": period,
            "query": request.GET.urlencode(),
        },
    )


@role_required(*ASSESSORS)
def due(request):
    rows = selectors.due_assessments(request.user, timezone.localdate())
    page = Paginator(rows, DUE_PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(request, "evaluation/due.html", {"rows": page, "page": page})


def _worker(request, worker_id):
    return get_for_user_or_404(
        Worker.objects.select_related("municipality"), request.user, pk=worker_id
    )


@role_required(*ASSESSORS)
def worker_assessments(request, worker_id):
    worker = _worker(request, worker_id)
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        instance=worker,
        municipality_id=worker.municipality_id,
    )
    assessments = list(
        Assessment.objects.filter(worker=worker)
        .select_related("instrument")
        .order_by("instrument__name", "assessed_on")
    )
    instruments = Instrument.objects.active().filter(
        municipality=worker.municipality, respondent=Respondent.WORKER
    )
    pairs = selectors.latest_pairs([a for a in assessments if a.score is not None])
    changes = [
        {
            "instrument": start.instrument,
            "start": start.score,
            "latest": latest.score,
            "latest_label": latest.get_timepoint_display(),
            "change": latest.score - start.score,
            "improved": start.instrument.improvement(latest.score - start.score) > 0,
        }
        for start, latest in pairs.values()
    ]
    return render(
        request,
        "evaluation/worker_assessments.html",
        {
            "worker": worker,
            "assessments": assessments,
            "instruments": instruments,
            "changes": changes,
            "link_form": AssessmentLinkForm(instruments=instruments),
            "is_coordinator": request.user.is_superuser or request.user.role == Role.COORDINATOR,
        },
    )


@role_required(Role.COORDINATOR)
def social_assistance(request, worker_id):
    """Drops in the worker's household's basic social assistance (coordinators only)."""
    worker = _worker(request, worker_id)
    form = SocialAssistanceDropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.social_assistance_drop_record(
                worker=worker, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The drop in social assistance was saved."))
            return redirect("evaluation:social_assistance", worker_id=worker.pk)
    if request.method == "GET":
        record(
            actor=request.user,
            action=AuditAction.VIEW,
            instance=worker,
            municipality_id=worker.municipality_id,
        )
    drops = (
        SocialAssistanceDrop.objects.for_user(request.user)
        .filter(worker=worker)
        .select_related("recorded_by")
        .order_by("first_month")
    )
    return render(
        request,
        "evaluation/social_assistance.html",
        {"worker": worker, "drops": drops, "form": form},
    )


@require_POST
@role_required(Role.COORDINATOR)
def social_assistance_delete(request, worker_id, pk):
    worker = _worker(request, worker_id)
    drop = get_for_user_or_404(
        SocialAssistanceDrop.objects.filter(worker=worker).select_related("worker"),
        request.user,
        pk=pk,
    )
    actions.social_assistance_drop_delete(drop=drop, actor=request.user)
    messages.success(request, _("The drop in social assistance was removed."))
    return redirect("evaluation:social_assistance", worker_id=worker.pk)


@role_required(*ASSESSORS)
def assessment_record(request, worker_id, instrument_id):
    worker = _worker(request, worker_id)
    instrument = get_for_user_or_404(
        Instrument.objects.filter(municipality=worker.municipality), request.user, pk=instrument_id
    )
    items = instrument.items.order_by("order")
    form = AssessmentForm(request.POST or None, instrument=instrument, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            actions.assessment_record(
                worker=worker,
                instrument=instrument,
                timepoint=form.cleaned_data["timepoint"],
                assessed_on=form.cleaned_data["assessed_on"],
                answers=form.answers(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("evaluation:worker_assessments", worker_id=worker.pk)
    return render(
        request,
        "evaluation/assessment_form.html",
        {"worker": worker, "instrument": instrument, "form": form},
    )


@require_POST
@role_required(*ASSESSORS)
def assessment_link(request, worker_id):
    worker = _worker(request, worker_id)
    instruments = Instrument.objects.active().filter(
        municipality=worker.municipality, respondent=Respondent.WORKER
    )
    form = AssessmentLinkForm(request.POST, instruments=instruments)
    if not form.is_valid():
        messages.error(request, _("Choose the instrument, the timepoint and the language."))
        return redirect("evaluation:worker_assessments", worker_id=worker.pk)
    try:
        link, token = actions.assessment_link_create(
            worker=worker,
            instrument=form.cleaned_data["instrument"],
            timepoint=form.cleaned_data["timepoint"],
            language=form.cleaned_data["language"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:worker_assessments", worker_id=worker.pk)
    url = request.build_absolute_uri(reverse("evaluation:self_assessment", args=[token]))
    return render(
        request,
        "evaluation/link_created.html",
        {"worker": worker, "link": link, "url": url},
    )


def _own_worker(request):
    return Worker.objects.for_user(request.user).select_related("municipality").first()


@role_required(Role.WORKER)
def my_assessments(request):
    """A worker's own assessments, and the ones due now, to answer on their own account."""
    worker = _own_worker(request)
    context = {"worker": worker, "assessments": [], "due": []}
    if worker is not None:
        context["assessments"] = list(
            Assessment.objects.filter(worker=worker)
            .select_related("instrument")
            .order_by("-assessed_on", "instrument__name")
        )
        context["due"] = selectors.due_assessments(request.user, timezone.localdate())
    return render(request, "evaluation/my_assessments.html", context)


@role_required(Role.WORKER)
def my_assessment_answer(request, instrument_id, timepoint):
    """Answer a due assessment: only one that is due for the worker now."""
    worker = _own_worker(request)
    if worker is None:
        raise Http404()
    due = next(
        (
            d
            for d in selectors.due_assessments(request.user, timezone.localdate())
            if d.instrument.pk == instrument_id and d.timepoint == timepoint
        ),
        None,
    )
    if due is None:
        raise Http404()
    instrument = Instrument.objects.get(pk=instrument_id)
    language = request.LANGUAGE_CODE
    form = AssessmentForm(
        request.POST or None,
        instrument=instrument,
        items=instrument.items.order_by("order"),
        language=language,
        staff=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.assessment_record(
                worker=worker,
                instrument=instrument,
                timepoint=timepoint,
                assessed_on=timezone.localdate(),
                answers=form.answers(),
                actor=request.user,
                by_self_service=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("evaluation:my_assessments")
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            "form": form,
            "instrument": instrument,
            "title": instrument.text("name", language),
            "instructions": instrument.text("instructions", language),
            "language": language,
        },
    )


@never_cache
def self_assessment(request, token):
    """The worker's own assessment through a personal link: no account, works once."""
    link = actions.link_for_token(token)
    if link is None:
        return render(request, "evaluation/self_assessment_gone.html", status=410)
    language = link.language
    from django.utils import translation

    with translation.override(language):
        assessment = link.assessment
        instrument = assessment.instrument
        form = AssessmentForm(
            request.POST or None,
            instrument=instrument,
            items=instrument.items.order_by("order"),
            language=language,
            staff=False,
        )
        if request.method == "POST" and form.is_valid():
            try:
                actions.assessment_answer_by_link(token=token, answers=form.answers())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(request, "evaluation/self_assessment_done.html")
        return render(
            request,
            "evaluation/self_assessment.html",
            {
                "form": form,
                "instrument": instrument,
                "title": instrument.text("name", language),
                "instructions": instrument.text("instructions", language),
                "language": language,
            },
        )


def _programme(request, slug):
    return get_for_user_or_404(
        Programme.objects.select_related("municipality"), request.user, slug=slug
    )


@role_required(*READERS)
def metrics(request, slug):
    programme = _programme(request, slug)
    form = None
    if request.user.role == Role.COORDINATOR or request.user.is_superuser:
        form = MetricForm(request.POST or None, programme=programme)
        if request.method == "POST" and form.is_valid():
            actions.metric_save(metric=form.instance, expected_version=None, actor=request.user)
            messages.success(request, _("The indicator was added."))
            return redirect("evaluation:metrics", slug=programme.slug)
    elif request.method == "POST":
        raise Http404()
    statuses = selectors.metric_statuses(programme)
    if _is_official(request.user):
        hide_metrics(programme, statuses)
    return render(
        request,
        "evaluation/metrics.html",
        {
            "programme": programme,
            "statuses": statuses,
            "form": form,
        },
    )


@role_required(Role.COORDINATOR)
def metric_edit(request, slug, pk):
    programme = _programme(request, slug)
    metric = get_for_user_or_404(Metric.objects.filter(programme=programme), request.user, pk=pk)
    form = MetricForm(request.POST or None, instance=metric, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            actions.metric_save(
                metric=form.instance,
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
            return render(
                request,
                "evaluation/metric_form.html",
                {"programme": programme, "form": form, "current": error.current},
            )
        messages.success(request, _("The indicator was saved."))
        return redirect("evaluation:metrics", slug=programme.slug)
    return render(request, "evaluation/metric_form.html", {"programme": programme, "form": form})


@require_POST
@role_required(Role.COORDINATOR)
def metric_delete(request, slug, pk):
    programme = _programme(request, slug)
    metric = get_for_user_or_404(Metric.objects.filter(programme=programme), request.user, pk=pk)
    actions.metric_delete(metric=metric, actor=request.user)
    messages.success(request, _("The indicator was removed."))
    return redirect("evaluation:metrics", slug=programme.slug)


@role_required(*READERS)
def instruments(request):
    rows = (
        Instrument.objects.for_user(request.user)
        .prefetch_related("items")
        .order_by("name", "version")
    )
    return render(request, "evaluation/instruments.html", {"instruments": rows})


@role_required(Role.COORDINATOR)
def instrument_create(request):
    municipality = request.user.membership.municipality
    form = InstrumentForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            instrument = form.save()
            items = form.items()
            for item in items:
                item.instrument = instrument
            InstrumentItem.objects.bulk_create(items)
            record(
                actor=request.user,
                action=AuditAction.CREATE,
                instance=instrument,
                municipality_id=municipality.pk,
            )
        messages.success(request, _("The instrument was saved."))
        return redirect("evaluation:instruments")
    return render(request, "evaluation/instrument_form.html", {"form": form})


@role_required(*READERS)
def parameter_sets(request):
    sets = (
        ParameterSet.objects.for_user(request.user)
        .select_related("municipality", "supersedes")
        .order_by("-year", "-id")
    )
    return render(request, "evaluation/parameter_sets.html", {"sets": sets})


@role_required(*READERS)
def parameter_set_detail(request, pk):
    parameter_set = get_for_user_or_404(
        ParameterSet.objects.prefetch_related("values", "share_steps"), request.user, pk=pk
    )
    can_edit = request.user.role == Role.COORDINATOR and parameter_set.status == "active"
    if request.method == "POST" and not can_edit:
        raise Http404()
    form = ParameterSetForm(request.POST or None, parameter_set=parameter_set)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.parameter_set_update(
                parameter_set=parameter_set,
                expected_version=form.cleaned_data["version"],
                values=form.cleaned_data["values"],
                steps=form.cleaned_data["steps"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except StaleEditError:
            form.add_error(
                None,
                _(
                    "Someone else saved this parameter set in the meantime. Open it again"
                    " to see their values; your typed values are kept below."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.pk != parameter_set.pk:
                messages.success(
                    request,
                    _(
                        "Figures had already been computed from the old set, so it was kept"
                        " as superseded and a new set replaces it."
                    ),
                )
            else:
                messages.success(request, _("The parameter set was saved."))
            return redirect("evaluation:parameter_set", pk=saved.pk)
    return render(
        request,
        "evaluation/parameter_set.html",
        {
            "parameter_set": parameter_set,
            "form": form,
            "can_edit": can_edit,
            "is_used": actions.parameter_set_is_used(parameter_set),
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def parameter_set_delete(request, pk):
    parameter_set = get_for_user_or_404(ParameterSet, request.user, pk=pk)
    try:
        actions.parameter_set_delete(parameter_set=parameter_set, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:parameter_set", pk=pk)
    messages.success(request, _("The parameter set was deleted."))
    return redirect("evaluation:parameter_sets")


@role_required(*READERS)
def sroi_proxies(request):
    """The SROI value proxies: every assumption visible, editable by coordinators."""
    proxies = SroiProxy.objects.for_user(request.user).order_by("name")
    form = None
    if request.user.role == Role.COORDINATOR:
        form = SroiProxyForm(
            request.POST or None, municipality=request.user.membership.municipality
        )
        if request.method == "POST" and form.is_valid():
            actions.sroi_proxy_save(proxy=form.instance, expected_version=None, actor=request.user)
            messages.success(request, _("The value proxy was saved."))
            return redirect("evaluation:sroi_proxies")
    elif request.method == "POST":
        raise Http404()
    return render(request, "evaluation/sroi_proxies.html", {"proxies": proxies, "form": form})


@role_required(Role.COORDINATOR)
def sroi_proxy_edit(request, pk):
    proxy = get_for_user_or_404(SroiProxy, request.user, pk=pk)
    form = SroiProxyForm(request.POST or None, instance=proxy, municipality=proxy.municipality)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.sroi_proxy_save(
                proxy=form.instance,
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except StaleEditError as error:
            current = error.current
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The value proxy was saved."))
            return redirect("evaluation:sroi_proxies")
    return render(request, "evaluation/sroi_proxy_form.html", {"form": form, "current": current})
