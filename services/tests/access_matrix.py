"""Access matrix entries for services/ (format: ryhma/tests/test_access_matrix.py)."""

import datetime
from decimal import Decimal

from ryhma.testing import Case, expect
from services.models import EntryStatus, WeekSheet
from services.tests.factories import WorkEntryFactory
from workers.tests.factories import EmploymentFactory

MONDAY = datetime.date(2026, 3, 2)


def _entry(association, **fields):
    employment = EmploymentFactory(
        association=association, worker__municipality=association.village.municipality
    )
    return WorkEntryFactory(employment=employment, work_date=MONDAY, **fields)


def _sheet(association):
    return WeekSheet.objects.create(association=association, week_start=MONDAY, status="submitted")


def _month(association):
    return {"pk": association.pk, "year": 2026, "month": 3}


def _amendment(association):
    original = _entry(association, status=EntryStatus.LOCKED)
    return WorkEntryFactory(
        employment=original.employment,
        work_date=MONDAY,
        amends=original,
        hours=Decimal("5"),
        reason="korjaus",
        status=EntryStatus.SUBMITTED,
        is_current=False,
    )


def _late(association):
    employment = EmploymentFactory(
        association=association, worker__municipality=association.village.municipality
    )
    return {"employment": employment.pk, "year": 2026, "month": 3, "day": 2, "task": "general"}


CASES = [
    Case("services:week", expect(staff=200, coordinator=200, outsider=200)),
    Case("services:approvals", expect(coordinator=200, outsider=200)),
    Case(
        "services:week_review",
        expect(outsider=302),
        method="post",
        kwargs=lambda w: {"pk": _sheet(w.foreign_association).pk},
        data=lambda w: {"decision": "approve"},
        label="another municipality's week",
    ),
    Case(
        "services:month",
        expect(outsider=200),
        kwargs=lambda w: _month(w.foreign_association),
        label="another municipality's association",
    ),
    Case(
        "services:month",
        expect(coordinator=200),
        kwargs=lambda w: _month(w.other_association),
        label="another association",
    ),
    Case(
        "services:month_submit",
        expect(staff=302),
        method="post",
        kwargs=lambda w: _month(w.association),
        label="own association",
    ),
    Case(
        "services:month_submit",
        expect(),
        method="post",
        kwargs=lambda w: _month(w.other_association),
        label="another association",
    ),
    Case(
        "services:month_lock",
        expect(outsider=302),
        method="post",
        kwargs=lambda w: _month(w.foreign_association),
        label="another municipality's association",
    ),
    Case(
        "services:export",
        expect(outsider=200),
        kwargs=lambda w: {**_month(w.foreign_association), "kind": "palkat", "fmt": "csv"},
        label="another municipality's payroll",
    ),
    Case(
        "services:export",
        expect(coordinator=200),
        kwargs=lambda w: {**_month(w.other_association), "kind": "tunnit", "fmt": "xlsx"},
        label="another association's hours",
    ),
    Case(
        "services:amend",
        expect(staff=200),
        kwargs=lambda w: {"pk": _entry(w.association, status=EntryStatus.LOCKED).pk},
        label="own locked entry",
    ),
    Case(
        "services:amend",
        expect(),
        kwargs=lambda w: {"pk": _entry(w.other_association, status=EntryStatus.LOCKED).pk},
        label="another association's entry",
    ),
    Case(
        "services:amendment_review",
        expect(outsider=302),
        method="post",
        kwargs=lambda w: {"pk": _amendment(w.foreign_association).pk},
        data=lambda w: {"decision": "approve"},
        label="another municipality's correction",
    ),
    Case(
        "services:add_late",
        expect(staff=200),
        kwargs=lambda w: _late(w.association),
        label="own employment",
    ),
    Case(
        "services:add_late",
        expect(),
        kwargs=lambda w: _late(w.other_association),
        label="another association's employment",
    ),
    Case("services:import", expect(staff=200)),
]
