import pytest
from django.urls import reverse

from ryhma.testing import count_queries
from villages.models import Association, Programme
from villages.tests.factories import AssociationFactory, ProgrammeFactory, VillageFactory


@pytest.fixture
def foreign_programme(other_municipality):
    return ProgrammeFactory(municipality=other_municipality, name="Vieras", slug="vieras")


def test_coordinator_sees_own_programme_with_villages(client, coordinator, programme, association):
    client.force_login(coordinator)
    response = client.get(reverse("villages:programme_detail", args=[programme.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kylätyö" in text and "Livokas ry" in text


def test_coordinator_of_another_municipality_gets_404(client, outsider, programme):
    client.force_login(outsider)
    response = client.get(reverse("villages:programme_detail", args=[programme.slug]))
    assert response.status_code == 404


def test_coordinator_does_not_see_foreign_programme(
    client, coordinator, programme, foreign_programme
):
    client.force_login(coordinator)
    assert client.get(reverse("villages:programme_detail", args=["vieras"])).status_code == 404
    text = client.get(reverse("villages:programme_list")).content.decode()
    assert "Kylätyö" in text and "Vieras" not in text


def test_village_staff_cannot_open_programme_pages(client, staff, programme):
    client.force_login(staff)
    assert (
        client.get(reverse("villages:programme_detail", args=[programme.slug])).status_code == 404
    )
    assert client.get(reverse("villages:programme_list")).status_code == 404


def test_coordinators_only_read_the_hours_grid_and_staff_cannot_see_dashboards(
    client, coordinator, staff
):
    client.force_login(coordinator)
    assert client.get(reverse("services:week")).status_code == 200
    assert client.post(reverse("services:week"), {"action": "save"}).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("evaluation:dashboard")).status_code == 404


def test_association_scope_by_role(
    coordinator,
    staff,
    other_staff,
    official,
    outsider,
    association,
    other_association,
    foreign_association,
):
    assert set(Association.objects.for_user(coordinator)) == {association, other_association}
    assert set(Association.objects.for_user(official)) == {association, other_association}
    assert list(Association.objects.for_user(staff)) == [association]
    assert list(Association.objects.for_user(other_staff)) == [other_association]
    assert list(Association.objects.for_user(outsider)) == [foreign_association]


def test_worker_role_and_anonymous_see_no_associations(worker_user, association):
    from django.contrib.auth.models import AnonymousUser

    assert not Association.objects.for_user(worker_user).exists()
    assert not Association.objects.for_user(AnonymousUser()).exists()
    assert not Programme.objects.for_user(worker_user).exists()


def test_programme_detail_query_count_does_not_grow_with_villages(client, coordinator, programme):
    def page():
        response = client.get(reverse("villages:programme_detail", args=[programme.slug]))
        assert response.status_code == 200

    client.force_login(coordinator)
    page()  # the first visit gives the programme its ten phases
    for i in range(3):
        AssociationFactory(
            village=VillageFactory(municipality=programme.municipality, name=f"A{i}")
        )
    small = count_queries(page)
    for i in range(30):
        AssociationFactory(
            village=VillageFactory(municipality=programme.municipality, name=f"B{i}")
        )
    assert count_queries(page) == small
