"""Linking a worker's own login to their worker data, so that they see their own page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ryhma.models import AuditAction, AuditEvent, Role
from ryhma.tests.factories import UserFactory
from villages.models import Membership
from villages.tests.factories import make_user
from workers.actions.logins import link_worker_login
from workers.actions.personal_data import anonymise_worker
from workers.tests.factories import employed_worker


@pytest.fixture
def ours(association):
    return employed_worker(association)


def _link(client, worker, username):
    return client.post(reverse("workers:login", args=[worker.pk]), {"username": username})


def test_staff_links_a_login_and_the_worker_then_sees_their_own_page(
    client, staff, worker_user, ours
):
    client.force_login(staff)
    page = client.get(reverse("workers:login", args=[ours.pk])).content.decode()
    assert "tyontekija" in page  # offered among the municipality's free worker logins
    response = _link(client, ours, "tyontekija")
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.user == worker_user
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(ours.pk))
    assert event.actor == staff and event.changes == {"user_id": [None, "tyontekija"]}
    client.force_login(worker_user)
    assert "Livokas ry" in client.get(reverse("workers:me")).content.decode()


@pytest.mark.parametrize("username", ["kyla", "virkailija", "ulkopuolinen", "ei-ole"])
def test_a_login_outside_the_scope_is_not_found_whatever_it_is(
    client, request, coordinator, staff, official, outsider, ours, username
):
    """Village staff and officials of our municipality, a coordinator of another and a
    login that does not exist all get the same answer: the page reveals no one's role
    or municipality."""
    client.force_login(staff)
    response = _link(client, ours, username)
    text = response.content.decode()
    assert response.status_code == 200
    assert f"Tunnusta ”{username}” ei löytynyt" in text
    assert "ei ole työntekijän tunnus" not in text
    ours.refresh_from_db()
    assert ours.user is None


def test_a_login_linked_to_another_worker_is_refused(
    client, coordinator, worker_user, association, ours
):
    other = employed_worker(association)
    link_worker_login(actor=coordinator, worker=other, username="tyontekija")
    client.force_login(coordinator)
    text = _link(client, ours, "tyontekija").content.decode()
    assert "on jo liitetty toiseen työntekijään" in text
    ours.refresh_from_db()
    other.refresh_from_db()
    assert ours.user is None and other.user == worker_user


def test_unknown_and_other_municipalities_logins_are_not_found(
    client, coordinator, other_municipality, ours
):
    make_user("muualla", Role.WORKER, other_municipality)
    client.force_login(coordinator)
    for username in ("eiole", "muualla"):
        text = _link(client, ours, username).content.decode()
        assert f"Tunnusta ”{username}” ei löytynyt" in text
    ours.refresh_from_db()
    assert ours.user is None


def test_a_login_without_a_municipality_joins_the_workers(coordinator, municipality, ours):
    UserFactory(username="uusi", role=Role.WORKER)
    link_worker_login(actor=coordinator, worker=ours, username="uusi")
    assert Membership.objects.get(user__username="uusi").municipality == municipality


def test_unlinking_is_audited_and_the_worker_loses_their_page(client, staff, worker_user, ours):
    link_worker_login(actor=staff, worker=ours, username="tyontekija")
    client.force_login(staff)
    response = client.post(reverse("workers:login_unlink", args=[ours.pk]))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.user is None
    assert AuditEvent.objects.filter(changes__user_id=["tyontekija", None]).exists()
    client.force_login(worker_user)
    assert "ei ole vielä liitetty" in client.get(reverse("workers:me")).content.decode()


def test_an_anonymised_worker_gets_no_login(coordinator, worker_user, ours):
    anonymise_worker(actor=coordinator, worker=ours, reason="pyyntö")
    with pytest.raises(ValidationError):
        link_worker_login(actor=coordinator, worker=ours, username="tyontekija")


@pytest.mark.parametrize("user_fixture", ["other_staff", "outsider", "official", "worker_user"])
def test_outsiders_get_404_on_the_login_pages(client, request, coordinator, ours, user_fixture):
    link_worker_login(
        actor=coordinator,
        worker=ours,
        username=make_user("linkitetty", Role.WORKER, ours.municipality).username,
    )
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("workers:login", args=[ours.pk])).status_code == 404
    assert _link(client, ours, "linkitetty").status_code == 404
    assert client.post(reverse("workers:login_unlink", args=[ours.pk])).status_code == 404
    ours.refresh_from_db()
    assert ours.user.username == "linkitetty"
