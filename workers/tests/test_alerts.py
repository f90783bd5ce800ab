import datetime

import pytest
from django.utils import timezone

from workers.models import Destination, Exit, FollowUp, IndividualPlan, Licence, LicenceKind, Worker
from workers.selectors import alerts_for
from workers.tests.factories import employed_worker

pytestmark = pytest.mark.django_db

D = datetime.date


def licence(worker, expires_on):
    return Licence.objects.create(
        worker=worker, kind=LicenceKind.FIRST_AID, obtained_on=D(2023, 1, 1), expires_on=expires_on
    )


def review(worker, next_review_on):
    return IndividualPlan.objects.create(
        worker=worker, starts_on=D(2025, 6, 1), next_review_on=next_review_on
    )


def leave(worker, *due_on, recorded=()):
    exit_ = Exit.objects.create(
        worker=worker, exited_on=D(2025, 12, 31), destination=Destination.OPEN_FULL_TIME
    )
    for timepoint, day in enumerate(due_on, start=3):
        FollowUp.objects.create(
            exit=exit_,
            timepoint=timepoint,
            due_on=day,
            recorded_on=day if day in recorded else None,
            destination=Destination.OPEN_FULL_TIME if day in recorded else "",
        )


def days(alerts):
    return {
        kind: [(alert.day, alert.worker_name) for alert in getattr(alerts, kind)]
        for kind in ("licences", "reviews", "follow_ups")
    }


@pytest.fixture
def due_things(association, other_association, foreign_association, today):
    staying = employed_worker(association, ends_on=D(2026, 12, 31))
    licence(staying, D(2026, 3, 20))
    review(staying, D(2026, 4, 1))
    leaver = employed_worker(association, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    review(leaver, D(2026, 3, 30))  # gone: no review
    leave(leaver, D(2026, 3, 31), D(2026, 3, 17), recorded=[D(2026, 3, 17)])
    hidden = employed_worker(association)
    licence(hidden, D(2026, 3, 21))
    Worker.objects.filter(pk=hidden.pk).update(anonymised_at=timezone.now())
    neighbour = employed_worker(other_association)
    licence(neighbour, D(2026, 3, 22))
    review(neighbour, D(2026, 3, 1))  # overdue: still listed
    stranger = employed_worker(foreign_association)
    licence(stranger, D(2026, 3, 18))
    leave(stranger, D(2026, 3, 19))
    return staying, leaver, neighbour


def test_alerts_list_the_users_own_workers_licences_reviews_and_follow_ups(
    coordinator, staff, due_things, today
):
    staying, leaver, neighbour = (str(w) for w in due_things)
    assert days(alerts_for(coordinator, timezone.localdate())) == {
        "licences": [(D(2026, 3, 20), staying), (D(2026, 3, 22), neighbour)],
        "reviews": [(D(2026, 3, 1), neighbour), (D(2026, 4, 1), staying)],
        "follow_ups": [(D(2026, 3, 31), leaver)],
    }
    assert days(alerts_for(staff, timezone.localdate())) == {
        "licences": [(D(2026, 3, 20), staying)],
        "reviews": [(D(2026, 4, 1), staying)],
        "follow_ups": [(D(2026, 3, 31), leaver)],
    }


def test_alerts_of_a_user_without_workers_are_empty(other_staff, association, today):
    worker = employed_worker(association, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    licence(worker, D(2026, 3, 20))
    review(worker, D(2026, 3, 20))
    leave(worker, D(2026, 3, 20))
    assert alerts_for(other_staff, timezone.localdate()).empty
