import datetime
from decimal import Decimal

import factory

from villages.tests.factories import AssociationFactory, MunicipalityFactory
from workers.models import Employment, SubsidyDecision, SubsidyType, Worker
from workers.signals import announce_employments


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    municipality = factory.SubFactory(MunicipalityFactory)
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    birth_year = 1975
    months_unemployed_last_28 = 26
    months_unemployed_last_14 = 14
    benefit_days = 800


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    worker = factory.SubFactory(WorkerFactory)
    association = factory.SubFactory(
        AssociationFactory,
        village__municipality=factory.SelfAttribute("...worker.municipality"),
    )
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 10, 31)
    hours_per_week = Decimal("24.40")
    hourly_wage = Decimal("12.00")
    collective_agreement = "Kiinteistöpalvelualan TES"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Like the actions, a factory keeps the economy's kept figures up to date."""
        employment = super()._create(model_class, *args, **kwargs)
        announce_employments([employment], employment.starts_on)
        return employment


class SubsidyDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubsidyDecision

    employment = factory.SubFactory(EmploymentFactory)
    subsidy_type = SubsidyType.ASSOCIATION_100
    rate_percent = Decimal("100")
    monthly_cap = Decimal("1800.00")
    months = 10
    starts_on = factory.SelfAttribute("employment.starts_on")
    ends_on = factory.SelfAttribute("employment.ends_on")
    decision_number = factory.Sequence(lambda n: f"PT-{n:05d}")
    decided_on = factory.LazyAttribute(lambda d: d.starts_on - datetime.timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Like the actions, a factory keeps the economy's kept figures up to date."""
        decision = super()._create(model_class, *args, **kwargs)
        employment = decision.employment
        announce_employments([employment], min(decision.starts_on, employment.starts_on))
        return decision


def employed_worker(association, **employment):
    """A worker of the association's municipality with a contract there."""
    worker = WorkerFactory(municipality=association.village.municipality)
    EmploymentFactory(worker=worker, association=association, **employment)
    return worker
