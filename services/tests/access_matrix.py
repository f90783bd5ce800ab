"""Access matrix entries for services/ (format: ryhma/tests/test_access_matrix.py)."""

import datetime
from decimal import Decimal

from ryhma.testing import Case, expect
from services.models import EntryStatus, OrderStatus, WeekSheet
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
    # The week pages a phone keeps offline: each user's own list (empty but for village staff).
    Case("services:offline_pages", expect(staff=200, coordinator=200, outsider=200)),
    Case("services:approvals", expect(coordinator=200, outsider=200)),
    Case("services:my_hours", expect(worker=200)),
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
    Case(
        "services:week_review",
        expect(coordinator=302),
        method="post",
        kwargs=lambda w: {"pk": _sheet(w.other_association).pk},
        data=lambda w: {"decision": "approve"},
        label="another association's week",
    ),
    Case(
        "services:month_submit",
        expect(),
        method="post",
        kwargs=lambda w: _month(w.foreign_association),
        label="another municipality's association",
    ),
    Case(
        "services:month_lock",
        expect(coordinator=302),
        method="post",
        kwargs=lambda w: _month(w.other_association),
        label="another association",
    ),
    Case(
        "services:amend",
        expect(),
        kwargs=lambda w: {"pk": _entry(w.foreign_association, status=EntryStatus.LOCKED).pk},
        label="another municipality's entry",
    ),
    Case(
        "services:amendment_review",
        expect(coordinator=302),
        method="post",
        kwargs=lambda w: {"pk": _amendment(w.other_association).pk},
        data=lambda w: {"decision": "approve"},
        label="another association's correction",
    ),
    Case(
        "services:add_late",
        expect(),
        kwargs=lambda w: _late(w.foreign_association),
        label="another municipality's employment",
    ),
]

ORDER_READERS = {"coordinator": 200, "staff": 200, "outsider": 200}
ORDER_STARTERS = {"coordinator": 302, "staff": 302, "outsider": 302}
ORDER_DAY = datetime.date(2026, 3, 10)


def _order(association, **fields):
    from services.tests.factories import ServiceOrderFactory

    return ServiceOrderFactory(association=association, **fields)


def _service(association):
    from services.tests.factories import ServiceFactory

    return ServiceFactory(association=association)


def _customer(association):
    from services.tests.factories import CustomerFactory

    return CustomerFactory(association=association)


def _invoice(association):
    from services.orders.actions import create_month_invoices

    _order(
        association,
        status=OrderStatus.DONE,
        completed_on=ORDER_DAY,
        hours=Decimal("2"),
        units=Decimal("2"),
    )
    [invoice] = create_month_invoices(association=association, year=2026, month=3, actor=None)
    return invoice


def _foreign_and_other(name, build, *, method="get", data=None, ok=200):
    """The URL for a row in another municipality (only the outsider reaches it) and for a
    row of another association of our municipality (the coordinator reaches it, staff not)."""
    return [
        Case(
            name,
            expect(outsider=ok),
            kwargs=lambda w: build(w.foreign_association),
            method=method,
            data=data,
            label="another municipality's",
        ),
        Case(
            name,
            expect(coordinator=ok),
            kwargs=lambda w: build(w.other_association),
            method=method,
            data=data,
            label="another association's",
        ),
    ]


def _association_kwargs(association):
    return {"association_id": association.pk}


CASES += [
    Case("services:order_list", expect(**ORDER_READERS)),
    Case("services:order_create", expect(**ORDER_READERS)),
    Case("services:customer_list", expect(**ORDER_READERS)),
    Case("services:customer_create", expect(**ORDER_READERS)),
    Case("services:agenda_current", expect(**ORDER_STARTERS)),
    Case("services:invoices_current", expect(**ORDER_STARTERS)),
    *_foreign_and_other("services:order_detail", lambda a: {"pk": _order(a).pk}),
    *_foreign_and_other(
        "services:order_schedule",
        lambda a: {"pk": _order(a).pk},
        method="post",
        data=lambda w: {"version": 1, "scheduled_on": "2026-03-12"},
        ok=302,
    ),
    *_foreign_and_other(
        "services:order_assign",
        lambda a: {"pk": _order(a, scheduled_on=ORDER_DAY, status=OrderStatus.SCHEDULED).pk},
        method="post",
        data=lambda w: {"version": 1},
        ok=302,
    ),
    *_foreign_and_other(
        "services:order_complete",
        lambda a: {"pk": _order(a).pk},
        method="post",
        data=lambda w: {"version": 1, "completed_on": "2026-03-10", "hours": "2"},
        ok=302,
    ),
    *_foreign_and_other(
        "services:order_feedback",
        lambda a: {"pk": _order(a, status=OrderStatus.DONE, completed_on=ORDER_DAY).pk},
        method="post",
        data=lambda w: {"version": 1, "feedback_rating": "4"},
        ok=302,
    ),
    *_foreign_and_other(
        "services:order_cancel",
        lambda a: {"pk": _order(a).pk},
        method="post",
        data=lambda w: {"version": 1, "reason": "Asiakas perui"},
        ok=302,
    ),
    *_foreign_and_other("services:customer_edit", lambda a: {"pk": _customer(a).pk}),
    *_foreign_and_other("services:catalogue", _association_kwargs),
    *_foreign_and_other("services:service_create", _association_kwargs),
    *_foreign_and_other(
        "services:service_edit",
        lambda a: {"association_id": a.pk, "pk": _service(a).pk},
    ),
    *_foreign_and_other(
        "services:agenda", lambda a: {"association_id": a.pk, "year": 2026, "week": 11}
    ),
    *_foreign_and_other("services:recurring_generate", _association_kwargs, method="post", ok=302),
    *_foreign_and_other(
        "services:invoice_list", lambda a: {"association_id": a.pk, "year": 2026, "month": 3}
    ),
    *_foreign_and_other(
        "services:invoices_create",
        lambda a: {"association_id": a.pk, "year": 2026, "month": 3},
        method="post",
        ok=302,
    ),
    *_foreign_and_other(
        "services:invoice_month_export",
        lambda a: {"association_id": a.pk, "year": 2026, "month": 3, "fmt": "csv"},
    ),
    *_foreign_and_other(
        "services:invoice_pdf", lambda a: {"association_id": a.pk, "pk": _invoice(a).pk}
    ),
    # The public request form needs no login: everyone may ask for work.
    Case(
        "services:public_request",
        expect(default=200, anonymous=200),
        kwargs=lambda w: {"association_id": _service(w.association).association_id},
    ),
    Case(
        "services:public_request_thanks",
        expect(default=200, anonymous=200),
        kwargs=lambda w: {"association_id": w.association.pk},
    ),
]

NOT_AN_OBJECT = {
    "services:public_request": "the public order form of an association: open to anyone",
    "services:public_request_thanks": "the public thank-you page after the order form",
}
