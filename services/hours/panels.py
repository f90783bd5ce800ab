"""Home-page panels of the hours: the coordinator's queue and village staff's week."""

from django.utils import timezone

from services.hours import selectors


def waiting_context(request) -> dict | None:
    waiting = selectors.waiting_sheets_queryset(request.user)
    # The panel names the association and the week of the first five: nothing else read.
    first = waiting.select_related(None).select_related("association")
    first = first.only("association_id", "week_start", "association__name")[:5]
    return {
        "sheets": selectors.with_week_totals(first),
        "sheet_count": waiting.count(),
        "amendment_count": selectors.waiting_amendments_queryset(request.user).count(),
    }


def week_status_context(request) -> dict | None:
    return selectors.staff_week_status(request.user, today=timezone.localdate())
