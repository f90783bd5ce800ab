"""Access matrix entries for workers/ (format: ryhma/tests/test_access_matrix.py).

Every page about one worker is tried with a worker of ANOTHER municipality (only the
outsider, a coordinator there, may reach it) and a worker of ANOTHER association of our
municipality (our coordinator may, Livokas ry's staff may not).
"""

import datetime

from ryhma.testing import Case, expect
from workers.models import Consent, Exit, FollowUp, GroupActivity
from workers.tests.factories import employed_worker

STAFF_AND_COORDINATORS = {"coordinator": 200, "staff": 200, "outsider": 200}


def _foreign(w):
    return employed_worker(w.foreign_association)


def _other_association(w):
    return employed_worker(w.other_association)


def _consent(worker):
    return Consent.objects.create(
        worker=worker, purpose="evaluation", given_on=datetime.date(2026, 1, 5)
    )


def _follow_up(worker):
    exit_ = Exit.objects.create(
        worker=worker,
        exited_on=datetime.date(2026, 10, 31),
        reason="contract_ended",
        destination="unemployed",
    )
    return FollowUp.objects.create(exit=exit_, timepoint=3, due_on=datetime.date(2027, 1, 31))


def _pair(name, status, *, method="get", data=None, build=None):
    """Two cases for a page about one row: another municipality's, another association's.

    In both, Livokas ry's staff gets 404: the row is not theirs, whatever the page."""
    build = build or (lambda worker: worker)
    return [
        Case(
            name,
            expect(outsider=status),
            kwargs=lambda w: {"pk": build(_foreign(w)).pk},
            method=method,
            data=data,
            label="another municipality's worker",
        ),
        Case(
            name,
            expect(coordinator=status),
            kwargs=lambda w: {"pk": build(_other_association(w)).pk},
            method=method,
            data=data,
            label="another association's worker",
        ),
    ]


def _employment(worker):
    return worker.employments.get()


def _activity(association):
    return GroupActivity.objects.create(
        municipality=association.village.municipality,
        association=association,
        kind="training_day",
        title="Ensiapukurssi",
        held_on=datetime.date(2026, 2, 12),
    )


CASES = [
    Case("workers:list", expect(**STAFF_AND_COORDINATORS)),
    Case("workers:activities", expect(**STAFF_AND_COORDINATORS)),
    Case("workers:activity_create", expect(**STAFF_AND_COORDINATORS)),
    Case(
        "workers:activity_edit",
        expect(outsider=200),
        kwargs=lambda w: {"pk": _activity(w.foreign_association).pk},
        label="another municipality's activity",
    ),
    Case(
        "workers:activity_edit",
        expect(coordinator=200),
        kwargs=lambda w: {"pk": _activity(w.other_association).pk},
        label="another association's activity",
    ),
    Case(
        "workers:activity_edit",
        expect(coordinator=200, staff=200),
        kwargs=lambda w: {"pk": _activity(w.association).pk},
        method="post",
        data=lambda w: {
            "version": "0",
            "kind": "training_day",
            "title": "Ensiapukurssi",
            "held_on": "2026-02-12",
            "association": str(w.association.pk),
            "workers": [_other_association(w).pk, _foreign(w).pk],
        },
        label="POST with other associations' worker ids",
    ),
    Case("workers:create", expect(coordinator=200, outsider=200)),
    Case("workers:import", expect(coordinator=200, outsider=200)),
    Case("workers:me", expect(worker=200)),
    *_pair("workers:detail", 200),
    *_pair("workers:edit", 200),
    *_pair("workers:employment_create", 200),
    *_pair("workers:plan", 200),
    # Without a plan the review page sends the user to make the plan first.
    *_pair("workers:plan_review", 302),
    *_pair("workers:licence_create", 200),
    *_pair("workers:consent_create", 200),
    *_pair("workers:exit", 200),
    *_pair("workers:login", 200),
    # Unlinking a worker who has no login: back to the login page with the message.
    *_pair("workers:login_unlink", 302, method="post"),
    *_pair("workers:audit", 200),
    *_pair("workers:export", 200),
    *_pair("workers:export_json", 200),
    *_pair("workers:anonymise", 200),
    *_pair("workers:delete", 302, method="post"),
    *_pair("workers:employment_edit", 200, build=_employment),
    *_pair("workers:decision_create", 200, build=_employment),
    *_pair("workers:consent_withdraw", 302, method="post", build=_consent),
    *_pair("workers:followup", 200, build=_follow_up),
]
