"""The worker page's timeline entries from evaluation: the worker's assessments.

Registered in EvaluationConfig.ready() with workers.timeline.register. One query.
"""

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from evaluation.models import Assessment, AssessmentStatus, Timepoint
from workers.timeline import Entry


def _number(value) -> str:
    return number_format(value, decimal_pos=2)


def assessments_for_timeline(worker, user) -> list[Entry]:
    """Every assessment of the worker the user may see: instrument, timepoint and score,
    and for a later timepoint the change since the start assessment. One query of the
    values shown (a worker of two years has dozens of assessments)."""
    assessments = list(
        Assessment.objects.for_user(user)
        .filter(worker=worker)
        .order_by("assessed_on", "id")
        .values_list(
            "assessed_on",
            "instrument_id",
            "instrument__name",
            "instrument__translations",
            "timepoint",
            "status",
            "score",
        )
    )
    starts = {
        instrument_id: score
        for _day, instrument_id, _name, _names, timepoint, _status, score in assessments
        if timepoint == Timepoint.START and score is not None
    }
    timepoints = {value: str(label).lower() for value, label in Timepoint.choices}
    title = _("Assessment: %(instrument)s, %(timepoint)s")
    waiting = _("waiting for answers")
    entries = []
    language = get_language()
    for day, instrument_id, name, names, timepoint, status, score in assessments:
        if status != AssessmentStatus.DONE or score is None:
            detail = waiting
        else:
            detail = _("score %(score)s") % {"score": _number(score)}
            start = starts.get(instrument_id)
            if timepoint != Timepoint.START and start is not None:
                change = score - start
                sign = "+" if change > 0 else ""
                detail += ", " + _("change since the start %(change)s") % {
                    "change": sign + _number(change)
                }
        label = title % {
            "instrument": ((names or {}).get(language) or {}).get("name") or name,
            "timepoint": timepoints.get(timepoint, timepoint.lower()),
        }
        entries.append(Entry(day, label, detail, "assessment"))
    return entries
