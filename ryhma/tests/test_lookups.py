import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workers.models import Employment, Worker
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def test_any_of_matches_the_rows_whose_value_is_in_the_list(municipality):
    first, second, third = WorkerFactory.create_batch(3, municipality=municipality)
    ids = [first.pk, third.pk, None]
    assert set(Worker.objects.filter(pk__any_of=ids)) == {first, third}
    assert set(Worker.objects.filter(pk__any_of=ids)) == set(Worker.objects.filter(pk__in=ids))
    assert not Worker.objects.filter(pk__any_of=[]).exists()
    assert set(Worker.objects.exclude(pk__any_of=[first.pk])) == {second, third}


def test_any_of_works_through_a_relation_and_on_a_foreign_key(association):
    contract, other = EmploymentFactory.create_batch(2, association=association)
    assert list(Employment.objects.filter(worker_id__any_of=[contract.worker_id])) == [contract]
    assert list(Employment.objects.filter(worker__pk__any_of=[other.worker_id])) == [other]
    assert list(Worker.objects.filter(employments__pk__any_of=[other.pk])) == [other.worker]


def test_any_of_sends_the_list_as_one_parameter_on_postgresql(municipality):
    if connection.vendor != "postgresql":
        pytest.skip("= ANY(array) is PostgreSQL's form; elsewhere it is IN")
    workers = WorkerFactory.create_batch(3, municipality=municipality)
    with CaptureQueriesContext(connection) as queries:
        assert len(Worker.objects.filter(pk__any_of=[w.pk for w in workers])) == 3
    assert "= ANY(" in queries[0]["sql"]
