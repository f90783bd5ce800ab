"""Months of hours: what waits to be locked and a month's summary."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.formats import date_format
from django.utils.translation import ngettext

from ryhma.dates import month_bounds
from services.hours.claims import ClaimRow
from services.hours.models.entries import APPROVED_STATUSES, EDITABLE_STATUSES
from services.hours.selectors.crew import current_entries, locked_months
from services.hours.selectors.week_grid import TemplateLookup
from services.models import EntryStatus, WorkEntry
from villages.models import Association


@dataclass
class MonthRow:
    association: Association
    month: datetime.date
    counts: dict
    locked: bool

    @property
    def open_count(self) -> int:
        return sum(self.counts.get(s, 0) for s in EDITABLE_STATUSES)

    @property
    def submitted_count(self) -> int:
        return self.counts.get(EntryStatus.SUBMITTED, 0)

    @property
    def can_lock(self) -> bool:
        return not self.locked and self.open_count == 0 and sum(self.counts.values()) > 0


def months_to_lock(user, *, today: datetime.date) -> list[MonthRow]:
    """Past months of the user's associations with hours that are not locked yet."""
    current_month = today.replace(day=1)
    rows = (
        WorkEntry.objects.for_user(user)
        .current()
        .filter(work_date__lt=current_month, amends__isnull=True)
        .exclude(status=EntryStatus.LOCKED)
        .values("employment__association_id", "work_date__year", "work_date__month", "status")
        .annotate(n=Count("id"))
        .order_by()  # sorted below; the model's ordering is dropped from a grouped query anyway
    )
    counts: dict[tuple[int, datetime.date], dict] = defaultdict(dict)
    for row in rows:
        month = datetime.date(row["work_date__year"], row["work_date__month"], 1)
        counts[row["employment__association_id"], month][row["status"]] = row["n"]
    if not counts:
        return []  # every past month locked (in_bulk would read nothing either)
    associations = Association.objects.for_user(user).in_bulk(
        {association_id for association_id, _month in counts}
    )
    return sorted(
        (
            MonthRow(associations[association_id], month, value, locked=False)
            for (association_id, month), value in counts.items()
            if association_id in associations
        ),
        key=lambda row: (row.month, row.association.name),
    )


def month_summary(association: Association, month: datetime.date) -> dict:
    """Status counts and hours of an association's month, whether it is locked, and its
    approved hours by contract and day (`approved_hours`, what the claim basis is worked
    out from: the month page reads the month's hours once). Two queries."""
    first, last = month_bounds(month.year, month.month)
    rows = (
        current_entries(association, first, last)
        .select_related(None)
        .values_list("employment_id", "work_date", "status")
        .annotate(n=Count("id"), hours=Sum("hours"))
        .order_by()
    )
    counts: dict[str, int] = defaultdict(int)
    hours: dict[str, Decimal] = defaultdict(Decimal)
    approved: dict[int, dict[datetime.date, Decimal]] = defaultdict(dict)
    for employment_id, work_date, status, n, total in rows:
        counts[status] += n
        hours[status] += total
        if status in APPROVED_STATUSES:
            days = approved[employment_id]
            days[work_date] = days.get(work_date, Decimal("0")) + total
    locked = bool(locked_months(association, first, last))
    return {
        "row": MonthRow(association, first, dict(counts), locked),
        "hours": sum(hours.values(), Decimal("0")),
        "counts": [
            (EntryStatus(s).label, counts[s], hours[s]) for s in EntryStatus.values if s in counts
        ],
        "approved_hours": dict(approved),
    }


@dataclass(frozen=True, slots=True)
class ClaimLine(TemplateLookup):
    """A claim row as the month page writes it. The dates, the number of days and the
    decision's name are written once a page for each value (a month's rows mostly share
    their days and kinds of decision); the amounts keep their template filters."""

    worker: str
    has_decision: bool
    decision: str
    decided_on: str
    first: str
    last: str
    days: str
    hours: Decimal
    gross_pay: Decimal
    subsidy: Decimal
    notes: str


def claim_lines(claims: list[ClaimRow]) -> list[ClaimLine]:
    texts: dict[tuple, str] = {}

    def date_text(day: datetime.date | None, format: str) -> str:
        if day is None:
            return ""
        if (day, format) not in texts:
            texts[day, format] = date_format(day, format)
        return texts[day, format]

    def days_text(days: int) -> str:
        if ("days", days) not in texts:
            texts["days", days] = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        return texts["days", days]

    def decision_text(decision) -> str:
        key = (decision.subsidy_type, decision.number)
        if key not in texts:
            texts[key] = decision.label
        return texts[key]

    lines = []
    for claim in claims:
        decision = claim.decision
        lines.append(
            ClaimLine(
                worker=str(claim.employment.worker),
                has_decision=decision is not None,
                decision=decision_text(decision) if decision else "",
                decided_on=date_text(decision.decided_on if decision else None, "j.n.Y"),
                first=date_text(claim.first, "j.n."),
                last=date_text(claim.last, "j.n.Y"),
                days=days_text(claim.days),
                hours=claim.hours,
                gross_pay=claim.gross_pay,
                subsidy=claim.subsidy,
                notes=" ".join(claim.notes),
            )
        )
    return lines
