import datetime

import factory

from evaluation.models import JobStatus, PeriodKind, ReportJob, ReportKind, ReportSchedule
from villages.tests.factories import ProgrammeFactory


class ReportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportJob

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SelfAttribute("programme.municipality")
    kind = ReportKind.PROGRAMME
    period_kind = PeriodKind.YEAR
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    language = "fi"
    status = JobStatus.QUEUED


class ReportScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSchedule

    programme = factory.SubFactory(ProgrammeFactory)
    frequency = "monthly"
    language = "fi"
