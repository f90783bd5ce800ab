import datetime

import pytest
from django.db import IntegrityError

from ryhma.dates import add_months
from workers.models import Exit, FollowUp, FollowUpTimepoint, Licence, LicenceKind
from workers.tests.factories import WorkerFactory


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 1, 15), 3, datetime.date(2026, 4, 15)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_licence_cannot_expire_before_it_was_obtained(db):
    worker = WorkerFactory()
    with pytest.raises(IntegrityError):
        Licence.objects.create(
            worker=worker,
            kind=LicenceKind.FIRST_AID,
            obtained_on=datetime.date(2026, 3, 1),
            expires_on=datetime.date(2026, 2, 1),
        )


def test_recorded_follow_up_needs_a_destination(db):
    exit_ = Exit.objects.create(
        worker=WorkerFactory(),
        exited_on=datetime.date(2026, 1, 31),
        reason="contract_ended",
        destination="unemployed",
    )
    with pytest.raises(IntegrityError):
        FollowUp.objects.create(
            exit=exit_,
            timepoint=FollowUpTimepoint.THREE_MONTHS,
            due_on=datetime.date(2026, 4, 30),
            recorded_on=datetime.date(2026, 5, 2),
        )


def test_no_personal_identity_code_is_stored_anywhere():
    from django.apps import apps

    suspicious = (
        "hetu",
        "henkilotunnus",
        "henkilötunnus",
        "ssn",
        "identity_code",
        "social_security",
    )
    fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if any(word in field.name.lower() for word in suspicious)
    ]
    assert fields == []
