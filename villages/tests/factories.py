import datetime

import factory

from ryhma.tests.factories import UserFactory
from villages.actions import ensure_programme_phases
from villages.models import (
    Association,
    Feedback,
    FeedbackSource,
    Membership,
    Municipality,
    Partner,
    PartnerKind,
    PayrollArrangement,
    Programme,
    UnemploymentFigure,
    Village,
)
from villages.validators import business_id_check_digit


def valid_business_id(n: int) -> str:
    number = 2000000 + n * 13
    while business_id_check_digit(f"{number:07d}") is None:
        number += 1
    return f"{number:07d}-{business_id_check_digit(f'{number:07d}')}"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Kunta {n}")
    slug = factory.Sequence(lambda n: f"kunta-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Ohjelma {n}")
    slug = factory.Sequence(lambda n: f"ohjelma-{n}")
    starts_on = factory.Faker("date_between", start_date="-2y", end_date="-1y")

    @factory.post_generation
    def phases(programme, create, extracted, **kwargs):
        """Every way of making a programme gives it its ten phases (the form's action,
        the admin, the demo and the synthetic data); so does the factory."""
        if create:
            ensure_programme_phases(programme=programme)


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kylä {n}")
    population = 200


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"Kyläyhdistys {n} ry")
    business_id = factory.Sequence(valid_business_id)
    payroll_arrangement = PayrollArrangement.SERVICE
    accident_insurance = True
    occupational_health_contract = True
    work_supervisor = "Työnjohtaja"
    tools_and_premises = True
    bookkeeping = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def associations(self, create, extracted, **kwargs):
        if create and extracted:
            self.associations.set(extracted)


def make_user(username: str, role: str, municipality, associations=()):
    user = UserFactory(username=username, role=role)
    MembershipFactory(user=user, municipality=municipality, associations=list(associations))
    return user


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    programme = factory.SubFactory(ProgrammeFactory)
    kind = PartnerKind.PAYROLL
    name = factory.Sequence(lambda n: f"Kumppani {n} Oy")


class UnemploymentFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnemploymentFigure

    programme = factory.SubFactory(ProgrammeFactory)
    village = factory.SubFactory(
        VillageFactory, municipality=factory.SelfAttribute("..programme.municipality")
    )
    year = 2025
    job_seekers = 12


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    programme = factory.SubFactory(ProgrammeFactory)
    source = FeedbackSource.CUSTOMER
    received_on = datetime.date(2025, 11, 1)
    text = factory.Sequence(lambda n: f"Palaute {n}")
