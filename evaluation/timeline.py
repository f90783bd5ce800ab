"""The worker page's timeline entries from evaluation: the worker's assessments.

Registered in EvaluationConfig.ready() with workers.timeline.register. One query.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from evaluation.models import Assessment, AssessmentStatus, Timepoint
from workers.timeline import Entry


def _number(value) -> str:
    return number_format(value, decimal_pos=2)


def assessments_for_timeline(worker, user) -> list[Entry]:
    """Every assessment of the worker the user may see: instrument, timepoint and score,
    and for a later timepoint the change since the start assessment."""
    assessments = list(
        Assessment.objects.for_user(user)
        .filter(worker=worker)
        .select_related("instrument")
        .order_by("assessed_on", "id")
    )
    starts = {
        a.instrument_id: a.score
        for a in assessments
        if a.timepoint == Timepoint.START and a.score is not None
    }
    entries = []
    for assessment in assessments:
        title = _("Assessment: %(instrument)s, %(timepoint)s") % {
            "instrument": assessment.instrument.name,
            "timepoint": assessment.get_timepoint_display().lower(),
        }
        if assessment.status != AssessmentStatus.DONE or assessment.score is None:
            detail = _("waiting for answers")
        else:
            detail = _("score %(score)s") % {"score": _number(assessment.score)}
            start = starts.get(assessment.instrument_id)
            if assessment.timepoint != Timepoint.START and start is not None:
                change = assessment.score - start
                sign = "+" if change > 0 else ""
                detail += ", " + _("change since the start %(change)s") % {
                    "change": sign + _number(change)
                }
        entries.append(Entry(assessment.assessed_on, title, detail, "assessment"))
    return entries
