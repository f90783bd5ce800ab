"""Home-page panels of the hours: the coordinator's queue and village staff's week."""

from django.utils import timezone

from services.hours import selectors


def waiting_context(request) -> dict | None:
    # The panel names the association, the week and the hours of the first five.
    sheets, count = selectors.first_waiting_sheets(request.user, 5)
    return {
        "sheets": sheets,
        "sheet_count": count,
        "amendment_count": selectors.waiting_amendments_queryset(request.user).count(),
    }


def week_status_context(request) -> dict | None:
    return selectors.staff_week_status(request.user, today=timezone.localdate())
