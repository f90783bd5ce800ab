"""The dashboard: a programme's or village's figures for a period, how each was computed,
and (coordinators) each worker's figures, a page at a time."""

import datetime
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from evaluation import selectors, suppression
from evaluation.charts import Chart, Series
from evaluation.forms import DashboardFilterForm
from evaluation.reports.figures import hide_metrics
from evaluation.reports.render import association_gain_note
from evaluation.selectors import kept
from evaluation.views.access import READERS, is_official_user
from ryhma import links
from ryhma.access import role_required
from ryhma.models import Role
from ryhma.templatetags.ryhma_tags import euro, hours
from villages.models import Programme

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
# What the dashboard reads of each worker besides hours, person-months and village: the
# social assistance that `suppression.assistance_hidden` counts. It lists no worker's euros:
# those are on the workers' page, with the figures of WORKER_KEYS.
DASHBOARD_WORKER_KEYS = suppression.ASSISTANCE_WORKER_KEYS
WORKER_KEYS = ("employer_cost", "subsidy_income")
WORKERS_PAGE_SIZE = 50


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
    official = is_official_user(request.user)
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
    return None if any(value is None for value in values) else sum(values, Decimal(0))


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
            % {"total": hours(sum((row.hours for row in economy.monthly), Decimal(0)))},
            categories=months,
            series=[Series(_("Hours"), shown([row.hours for row in economy.monthly]))],
            unit="h",
        )
    ]
    rows = [row.values for row in economy.monthly]
    coordination = [values["coordination_costs"] for values in rows]
    city = [
        None if costs is None else _plus(values["city_net_effect_before_coordination"], -costs)
        for values, costs in zip(rows, coordination, strict=True)
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
                Series(_("Employer cost"), shown([values["employer_cost"] for values in rows])),
                Series(
                    _("Subsidy and top-up"),
                    shown(
                        [
                            _plus(values["subsidy_income"], values["municipal_top_up"])
                            for values in rows
                        ]
                    ),
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
    rows: dict[str, dict] = {}
    for worker_row in economy.workers:
        row = rows.get(worker_row.village)
        if row is None:
            row = rows[worker_row.village] = {
                "village": worker_row.village,
                "people": 0,
                "hours": Decimal(0),
                "person_months": Decimal(0),
            }
        row["people"] += 1
        row["hours"] += worker_row.hours
        row["person_months"] += worker_row.person_months
    result = sorted(rows.values(), key=lambda row: row["village"])
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
            card["missing"] = " ".join(str(missing) for missing in figure.missing)
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


@role_required(*READERS)
def dashboard(request):
    """Programme, village and (coordinators only) worker level figures for the period."""
    form, programme, period = _filters(request)
    if programme is None:
        return render(request, "evaluation/no_programme.html")
    economy = kept.dashboard_economy(programme, period, worker_keys=DASHBOARD_WORKER_KEYS)
    is_official = is_official_user(request.user)
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
        hide_metrics(programme, metrics, changes=changes, pattern=pattern)
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
        "query": request.GET.urlencode(),
        "min_group": selectors.MIN_GROUP,
    }
    return render(request, "evaluation/dashboard.html", context)


@role_required(Role.COORDINATOR)
def worker_figures(request):
    """Each worker's figures of the dashboard's selection, a page at a time (coordinators:
    officials see no one's figures)."""
    form, programme, period = _filters(request)
    if programme is None:
        return render(request, "evaluation/no_programme.html")
    rows = kept.worker_figure_rows(programme, period, WORKER_KEYS)
    page = Paginator(rows, WORKERS_PAGE_SIZE).get_page(request.GET.get("sivu"))
    link = links.url_maker("evaluation:worker_assessments")
    query = request.GET.copy()
    query.pop("sivu", None)
    return render(
        request,
        "evaluation/worker_figures.html",
        {
            "form": form,
            "programme": programme,
            "period": period,
            "page": page,
            "rows": [(row, link(row.worker.pk)) for row in page.object_list],
            "query": query.urlencode(),
        },
    )


@role_required(*READERS)
def explain(request, key):
    """How one figure of the dashboard was computed: formula, inputs, parameters, sources."""
    form, programme, period = _filters(request)
    if programme is None:
        raise Http404()
    economy = kept.explaining_economy(programme, period, key, worker_keys=DASHBOARD_WORKER_KEYS)
    figure = economy.totals.figures.get(key)
    if key == "sroi_ratio" and economy.sroi is not None:
        figure = economy.sroi.figure
    if figure is None:
        raise Http404()
    if is_official_user(request.user) and (
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
