import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from services.tests.factories import CustomerFactory, ServiceFactory, ServiceOrderFactory
from workers.tests.factories import EmploymentFactory, WorkerFactory

# A week with no holidays, inside the default contracts (2026-01-01 – 2026-10-31).
WEEK = datetime.date(2026, 3, 2)


def make_crew(association, size: int, **employment):
    """`size` workers with a contract at `association`, named so that they sort in order."""
    return [
        EmploymentFactory(
            worker=WorkerFactory(
                municipality=association.village.municipality,
                first_name="Työntekijä",
                last_name=f"Numero {index:03d}",
            ),
            association=association,
            **employment,
        )
        for index in range(size)
    ]


@pytest.fixture
def crew(association):
    return make_crew(association, 3)


@pytest.fixture
def week():
    return WEEK


def day(offset: int) -> datetime.date:
    return WEEK + datetime.timedelta(days=offset)


def hours(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The public form's rate limit lives in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(association):
    return ServiceFactory(association=association)


@pytest.fixture
def customer(association):
    return CustomerFactory(association=association, name="Helmi Heikkinen", aged_65_plus=True)


@pytest.fixture
def order(association, customer, service):
    return ServiceOrderFactory(association=association, customer=customer, service=service)


@pytest.fixture
def other_order(other_association):
    return ServiceOrderFactory(association=other_association)
