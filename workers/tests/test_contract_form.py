"""The contract form warns about the chosen association only."""

import pytest
from django.urls import reverse

from workers.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db

WARNING = "ei ole vielä valmis työnantajaksi"


@pytest.fixture(autouse=True)
def _unready(association, other_association):
    for unready in (association, other_association):
        unready.accident_insurance = False
        unready.save()


def test_no_employer_warnings_before_an_association_is_chosen(
    client, coordinator, association, other_association
):
    worker = WorkerFactory(municipality=association.village.municipality)
    client.force_login(coordinator)
    text = client.get(reverse("workers:employment_create", args=[worker.pk])).content.decode()
    assert WARNING not in text


def test_the_chosen_associations_missing_things_are_warned(
    client, coordinator, association, other_association
):
    unready = other_association
    worker = WorkerFactory(municipality=association.village.municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("workers:employment_create", args=[worker.pk]), {"association": unready.pk}
    )
    text = response.content.decode()
    assert f"{unready.name} {WARNING}" in text
    assert text.count(WARNING) == 1
