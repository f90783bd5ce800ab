import datetime
from decimal import Decimal

import factory

from services.models import DEFAULT_TASK, EntryStatus, WorkEntry
from workers.tests.factories import EmploymentFactory


class WorkEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkEntry

    employment = factory.SubFactory(EmploymentFactory)
    work_date = datetime.date(2026, 3, 2)
    hours = Decimal("7.50")
    task = DEFAULT_TASK
    status = EntryStatus.ENTERED
