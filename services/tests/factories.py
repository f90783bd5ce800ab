import datetime
from decimal import Decimal

import factory

from services.hours.rollups import rebuild_monthly_hours
from services.models import (
    DEFAULT_TASK,
    Customer,
    EntryStatus,
    Service,
    ServiceKind,
    ServiceOrder,
    Unit,
    WorkEntry,
)
from villages.tests.factories import AssociationFactory
from workers.tests.factories import EmploymentFactory


class WorkEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkEntry

    employment = factory.SubFactory(EmploymentFactory)
    work_date = datetime.date(2026, 3, 2)
    hours = Decimal("7.50")
    task = DEFAULT_TASK
    status = EntryStatus.ENTERED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Like the bulk paths, a factory writes past the actions: it keeps the roll-up too."""
        entry = super()._create(model_class, *args, **kwargs)
        rebuild_monthly_hours([entry.employment_id])
        return entry


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    association = factory.SubFactory(AssociationFactory)
    kind = ServiceKind.YARD
    unit = Unit.HOUR
    price = Decimal("18.00")
    travel_charge = Decimal("5.00")
    tax_credit_eligible = True


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    association = factory.SubFactory(AssociationFactory)
    village = factory.SelfAttribute("association.village")
    name = factory.Sequence(lambda n: f"Asiakas {n}")
    address = "Kylätie 1"
    postal_code = "93100"
    post_office = "Pudasjärvi"
    phone = factory.Sequence(lambda n: f"040 100 {n:04d}")
    consent_to_contact = True


class ServiceOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOrder
        skip_postgeneration_save = True

    association = factory.SubFactory(AssociationFactory)
    customer = factory.SubFactory(
        CustomerFactory, association=factory.SelfAttribute("..association")
    )
    service = factory.SubFactory(ServiceFactory, association=factory.SelfAttribute("..association"))
    requested_on = datetime.date(2026, 3, 2)

    @factory.post_generation
    def workers(self, create, extracted, **kwargs):
        if create and extracted:
            self.workers.set(extracted)
