"""Data checks of phases 7 (metrics) and 9 (impact evaluation) for the phase board.

Registered in EvaluationConfig.ready() through villages.phases.register_completion_provider.
Each provider runs a constant number of queries whatever the number of villages or workers.
The label of a check that does not hold says what is missing and where to add it, because
the board shows it as its "still missing" text.

Phase 9 looks at the current calendar year up to today (domain brief §2: evaluate from the
individual, community and economy perspectives; §6: assessments at start and at exit; §7:
follow-ups at +3 and +6 months, and a report for the city).
"""

import datetime

from django.db.models import Exists, OuterRef, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluation.models import (
    Assessment,
    JobStatus,
    Metric,
    ReportJob,
    ReportKind,
    Respondent,
    Timepoint,
)
from evaluation.models.metrics import PERSPECTIVES, Perspective
from villages.phases import Check, PhaseData
from workers.models import (
    Employment,
    Exit,
    FollowUp,
    MunicipalShareStep,
    ParameterKey,
    ParameterSet,
)

MAX_NAMED = 3


def metrics_completion(programme, associations, *, today: datetime.date | None = None):
    """Phase 7: indicators with targets, one of them for today, covering all perspectives.

    One query.
    """
    today = today or timezone.localdate()
    metrics = list(
        Metric.objects.filter(programme=programme)
        .order_by()
        .values_list("key", "period_start", "period_end")
    )
    current = [key for key, starts, ends in metrics if starts <= today <= ends]
    covered = {PERSPECTIVES.get(key) for key, _starts, _ends in metrics}
    uncovered = [
        str(perspective.label) for perspective in Perspective if perspective not in covered
    ]
    checks = [
        Check(
            ngettext(
                "%(count)s indicator chosen with a target",
                "%(count)s indicators chosen with a target",
                len(metrics),
            )
            % {"count": len(metrics)}
            if metrics
            else _("No indicators with a target yet: choose them on the metrics page"),
            bool(metrics),
        ),
        Check(
            _("An indicator's period covers today")
            if current
            else _("No indicator's period covers today (%(date)s): add targets for this period")
            % {"date": f"{today.day}.{today.month}.{today.year}"},
            bool(current),
        ),
        Check(
            _("Indicators cover the individuals, the community and the economy")
            if not uncovered
            else _("No indicator yet for: %(perspectives)s")
            % {"perspectives": ", ".join(uncovered)},
            not uncovered,
        ),
    ]
    return PhaseData(checks=checks)


def _of(done: int, total: int) -> str:
    return _("%(done)s of %(total)s") % {"done": done, "total": total}


def evaluation_completion(programme, associations, *, today: datetime.date | None = None):
    """Phase 9 for the current year so far, in four queries whatever the data size.

    - a start assessment (any worker instrument) for everyone employed this year;
    - an exit assessment for everyone who left this year;
    - no follow-up (+3 / +6 months) overdue;
    - the year's economic parameters complete (the economy perspective needs them);
    - a programme impact report made for a period of this year.
    """
    today = today or timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    municipality = programme.municipality_id
    counts = _assessed_counts(municipality, year_start, today)
    overdue = (
        FollowUp.objects.pending()
        .filter(exit__worker__municipality=municipality, due_on__lt=today)
        .count()
    )
    has_set, missing = _parameters_missing(municipality, today.year)
    reported = ReportJob.objects.filter(
        programme=programme,
        kind=ReportKind.PROGRAMME,
        status=JobStatus.DONE,
        period_end__gte=year_start,
    ).exists()

    year = today.year
    checks = [
        _start_check(year, counts["started"], counts["employed"]),
        _exit_check(year, counts["exited"], counts["leavers"]),
        _follow_up_check(overdue),
        _parameter_check(year, has_set, missing),
        _report_check(year, reported),
    ]
    return PhaseData(checks=checks)


def _assessed_counts(municipality: int, year_start: datetime.date, today: datetime.date) -> dict:
    """People employed (by the municipality's associations) and people who left (of the
    municipality's workers) this year so far, and how many of each have their start or
    exit assessment done: one query, each contract and each exit of the year with whether
    its worker has that assessment (an EXISTS a row). Not the people's ids and then their
    assessments with the ids as parameters (a city's hundreds of ids cost more to bind),
    nor an OR of two INs (PostgreSQL made no join of it and scanned every assessment of
    the country)."""

    def assessed(timepoint: str) -> Exists:
        return Exists(
            Assessment.objects.done().filter(
                worker_id=OuterRef("worker_id"),
                instrument__respondent=Respondent.WORKER,
                timepoint=timepoint,
            )
        )

    employed_rows = (
        Employment.objects.filter(association__village__municipality=municipality)
        .overlapping(year_start, today)
        .order_by()
        .values_list("worker_id", Value(True), assessed(Timepoint.START))
        .distinct()
    )
    leaver_rows = (
        Exit.objects.filter(worker__municipality=municipality, exited_on__range=(year_start, today))
        .order_by()
        .values_list("worker_id", Value(False), assessed(Timepoint.EXIT))
        .distinct()
    )
    employed: dict[int, bool] = {}
    leavers: dict[int, bool] = {}
    for worker, is_employment, done in employed_rows.union(leaver_rows, all=True):
        (employed if is_employment else leavers)[worker] = bool(done)
    return {
        "employed": len(employed),
        "started": sum(employed.values()),
        "leavers": len(leavers),
        "exited": sum(leavers.values()),
    }


def _parameters_missing(municipality: int, year: int) -> tuple[bool, list[str]]:
    """Whether the year has a parameter set in use, and the labels of what it lacks
    (values, the municipal share steps): one query, one row per value."""
    rows = list(
        ParameterSet.objects.active()
        .filter(municipality=municipality, year=year)
        .order_by()
        .annotate(has_steps=Exists(MunicipalShareStep.objects.filter(parameter_set=OuterRef("pk"))))
        .values_list("has_steps", "values__key", "values__value")
    )
    if not rows:
        return False, []
    present = {key for _steps, key, value in rows if key is not None and value is not None}
    missing = [str(label) for key, label in ParameterKey.choices if key not in present]
    if not rows[0][0]:
        missing.append(str(_("municipal share steps")))
    return True, missing


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    rest = len(names) - MAX_NAMED
    if rest > 0:
        shown += " " + ngettext("and %(count)s more", "and %(count)s more", rest) % {"count": rest}
    return shown


def _start_check(year: int, started: int, employed: int) -> Check:
    numbers = {"year": year, "of": _of(started, employed)}
    if not employed:
        label = _("No one employed in %(year)s yet: no start assessments to evaluate")
        return Check(label % numbers, False)
    if started == employed:
        return Check(
            _("Start assessment for everyone employed in %(year)s (%(of)s)") % numbers, True
        )
    label = _("Start assessment missing for some employed in %(year)s (%(of)s done)")
    return Check(label % numbers, False)


def _exit_check(year: int, exited: int, leavers: int) -> Check:
    numbers = {"year": year, "of": _of(exited, leavers)}
    if exited == leavers:
        return Check(
            _("Exit assessment for everyone who left in %(year)s (%(of)s)") % numbers, True
        )
    label = _("Exit assessment missing for some who left in %(year)s (%(of)s done)")
    return Check(label % numbers, False)


def _follow_up_check(overdue: int) -> Check:
    if not overdue:
        return Check(_("Follow-ups at 3 and 6 months recorded on time"), True)
    label = ngettext(
        "%(count)s follow-up at 3 or 6 months is overdue",
        "%(count)s follow-ups at 3 or 6 months are overdue",
        overdue,
    )
    return Check(label % {"count": overdue}, False)


def _parameter_check(year: int, has_set: bool, missing: list[str]) -> Check:
    if not has_set:
        label = _("No economic parameter set for %(year)s: create it on the parameters page")
        return Check(label % {"year": year}, False)
    if missing:
        label = _("Economic parameters of %(year)s missing: %(names)s")
        return Check(label % {"year": year, "names": _named(missing)}, False)
    return Check(_("Economic parameters of %(year)s complete") % {"year": year}, True)


def _report_check(year: int, reported: bool) -> Check:
    if reported:
        return Check(
            _("Programme impact report made for a period of %(year)s") % {"year": year}, True
        )
    label = _(
        "No programme impact report yet for a period of %(year)s: order one on the reports page"
    )
    return Check(label % {"year": year}, False)
