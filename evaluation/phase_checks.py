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
from workers.models import Employment, Exit, FollowUp, ParameterKey
from workers.parameters import MissingParameter, parameters_for

MAX_NAMED = 3


def metrics_completion(programme, associations, *, today: datetime.date | None = None):
    """Phase 7: indicators with targets, one of them for today, covering all perspectives.

    One query.
    """
    today = today or timezone.localdate()
    metrics = list(Metric.objects.filter(programme=programme))
    current = [m for m in metrics if m.period_start <= today <= m.period_end]
    covered = {PERSPECTIVES.get(m.key) for m in metrics}
    uncovered = [str(p.label) for p in Perspective if p not in covered]
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
    """Phase 9 for the current year so far, in eight queries whatever the data size.

    - a start assessment (any worker instrument) for everyone employed this year;
    - an exit assessment for everyone who left this year;
    - no follow-up (+3 / +6 months) overdue;
    - the year's economic parameters complete (the economy perspective needs them);
    - a programme impact report made for a period of this year.
    """
    today = today or timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    municipality = programme.municipality_id
    employed = set(
        Employment.objects.filter(association__village__municipality=municipality)
        .overlapping(year_start, today)
        .values_list("worker_id", flat=True)
    )
    leavers = set(
        Exit.objects.filter(
            worker__municipality=municipality, exited_on__range=(year_start, today)
        ).values_list("worker_id", flat=True)
    )
    assessed = set(
        Assessment.objects.done()
        .filter(
            worker_id__in=employed | leavers,
            instrument__respondent=Respondent.WORKER,
            timepoint__in=[Timepoint.START, Timepoint.EXIT],
        )
        .values_list("worker_id", "timepoint")
    )
    started = {w for w in employed if (w, Timepoint.START) in assessed}
    exited = {w for w in leavers if (w, Timepoint.EXIT) in assessed}
    overdue = (
        FollowUp.objects.pending()
        .filter(exit__worker__municipality=municipality, due_on__lt=today)
        .count()
    )
    params = parameters_for(programme.municipality, today.year)
    missing = [str(label) for key, label in ParameterKey.choices if not _has(params, key)]
    if params.parameter_set is not None and not params.share_steps:
        missing.append(str(_("municipal share steps")))
    reported = ReportJob.objects.filter(
        programme=programme,
        kind=ReportKind.PROGRAMME,
        status=JobStatus.DONE,
        period_end__gte=year_start,
    ).exists()

    year = today.year
    checks = [
        _start_check(year, started, employed),
        _exit_check(year, exited, leavers),
        _follow_up_check(overdue),
        _parameter_check(year, params.parameter_set is not None, missing),
        _report_check(year, reported),
    ]
    return PhaseData(checks=checks)


def _has(params, key: str) -> bool:
    try:
        params.value(key)
    except MissingParameter:
        return False
    return True


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    rest = len(names) - MAX_NAMED
    if rest > 0:
        shown += " " + ngettext("and %(count)s more", "and %(count)s more", rest) % {"count": rest}
    return shown


def _start_check(year: int, started: set, employed: set) -> Check:
    numbers = {"year": year, "of": _of(len(started), len(employed))}
    if not employed:
        label = _("No one employed in %(year)s yet: no start assessments to evaluate")
        return Check(label % numbers, False)
    if started == employed:
        return Check(
            _("Start assessment for everyone employed in %(year)s (%(of)s)") % numbers, True
        )
    label = _("Start assessment missing for some employed in %(year)s (%(of)s done)")
    return Check(label % numbers, False)


def _exit_check(year: int, exited: set, leavers: set) -> Check:
    numbers = {"year": year, "of": _of(len(exited), len(leavers))}
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
