from workers.models import Employment, Worker
from workers.tests.factories import EmploymentFactory, WorkerFactory


def test_worker_scope_by_role(
    coordinator, staff, other_staff, official, outsider, association, other_association
):
    ours = EmploymentFactory(
        worker=WorkerFactory(municipality=association.village.municipality), association=association
    ).worker
    theirs = EmploymentFactory(
        worker=WorkerFactory(municipality=other_association.village.municipality),
        association=other_association,
    ).worker
    assert set(Worker.objects.for_user(coordinator)) == {ours, theirs}
    assert list(Worker.objects.for_user(staff)) == [ours]
    assert list(Worker.objects.for_user(other_staff)) == [theirs]
    assert not Worker.objects.for_user(official).exists()
    assert not Worker.objects.for_user(outsider).exists()


def test_employment_scope_follows_association(staff, association, other_association):
    mine = EmploymentFactory(
        association=association, worker=WorkerFactory(municipality=association.village.municipality)
    )
    EmploymentFactory(
        association=other_association,
        worker=WorkerFactory(municipality=other_association.village.municipality),
    )
    assert list(Employment.objects.for_user(staff)) == [mine]
