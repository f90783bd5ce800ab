"""Home-page panels of the evaluation app (registered in EvaluationConfig.ready())."""

from django.utils import timezone

from evaluation import selectors


def due_assessments_context(request):
    """The assessments due now for the user's workers, or None when there are none."""
    rows = selectors.due_assessments(request.user, timezone.localdate())
    if not rows:
        return None
    return {"rows": rows[:5], "count": len(rows)}
