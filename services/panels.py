"""Home-page panels of the hours: the coordinator's queue and village staff's week."""

from django.utils import timezone

from services import selectors


def waiting_context(request) -> dict | None:
    sheets = selectors.waiting_sheets(request.user)
    amendments = selectors.waiting_amendments(request.user)
    return {"sheets": sheets[:5], "sheet_count": len(sheets), "amendment_count": len(amendments)}


def week_status_context(request) -> dict | None:
    return selectors.staff_week_status(request.user, today=timezone.localdate())
