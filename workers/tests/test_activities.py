"""Group activities: attendance is edited after the activity, within its association."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ryhma.models import AuditAction, AuditEvent
from ryhma.testing import count_queries
from workers.actions.group_activities import record_group_activity, update_group_activity
from workers.models import Attendance, GroupActivity
from workers.tests.factories import EmploymentFactory, WorkerFactory, employed_worker

D = datetime.date


def _activity(actor, municipality, association, workers=()):
    return record_group_activity(
        actor=actor,
        municipality=municipality,
        workers=list(workers),
        kind="peer_support",
        title="Vertaistukiryhmä",
        held_on=D(2026, 3, 10),
        association=association,
    )


def _post(client, activity, workers, *, version=None, **fields):
    data = {
        "version": str(activity.version if version is None else version),
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on.isoformat(),
        "association": activity.association_id or "",
        "workers": [w.pk for w in workers],
        **fields,
    }
    return client.post(reverse("workers:activity_edit", args=[activity.pk]), data)


def _attending(activity):
    return set(Attendance.objects.filter(activity=activity).values_list("worker_id", flat=True))


def test_staff_adds_and_removes_attendees_afterwards_and_it_is_audited(
    client, staff, municipality, association
):
    came, stayed, forgotten = (employed_worker(association) for _ in range(3))
    activity = _activity(staff, municipality, association, [came, stayed])
    client.force_login(staff)
    page = client.get(reverse("workers:activity_edit", args=[activity.pk])).content.decode()
    assert str(forgotten) in page and "checked" in page
    response = _post(client, activity, [stayed, forgotten])
    assert response.status_code == 302
    assert _attending(activity) == {stayed.pk, forgotten.pk}
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(activity.pk))
    assert event.actor == staff
    assert event.changes["attended"] == [
        sorted([came.pk, stayed.pk]),
        sorted([stayed.pk, forgotten.pk]),
    ]
    assert forgotten.attendances.get().activity == activity


def test_only_the_activitys_association_workers_can_be_ticked(
    client, coordinator, municipality, association, other_association
):
    ours = employed_worker(association)
    theirs = employed_worker(other_association)
    activity = _activity(coordinator, municipality, association, [ours])
    client.force_login(coordinator)
    page = client.get(reverse("workers:activity_edit", args=[activity.pk])).content.decode()
    assert str(ours) in page and str(theirs) not in page
    response = _post(client, activity, [ours, theirs])
    assert response.status_code == 200
    assert _attending(activity) == {ours.pk}


def test_the_action_refuses_a_worker_of_another_association_by_name(
    coordinator, municipality, association, other_association
):
    theirs = employed_worker(other_association)
    with pytest.raises(ValidationError) as caught:
        _activity(coordinator, municipality, association, [theirs])
    assert str(theirs) in caught.value.message_dict["workers"][0]
    assert "Livokas ry" in caught.value.message_dict["workers"][0]
    assert not GroupActivity.objects.exists()
    activity = _activity(coordinator, municipality, association)
    with pytest.raises(ValidationError):
        update_group_activity(
            actor=coordinator, activity=activity, expected_version=1, add=[theirs]
        )
    assert _attending(activity) == set()


def test_moving_the_activity_to_another_association_keeps_its_attendees_right(
    client, coordinator, municipality, association, other_association
):
    ours = employed_worker(association)
    activity = _activity(coordinator, municipality, association, [ours])
    client.force_login(coordinator)
    response = _post(client, activity, [ours], association=other_association.pk)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ei sopimusta yhdistyksessä Jongun alueen kyläyhdistys ry" in text
    activity.refresh_from_db()
    assert activity.association == association


def test_a_stale_attendance_edit_is_refused_and_shows_the_saved_attendees(
    client, staff, municipality, association
):
    first, second = employed_worker(association), employed_worker(association)
    activity = _activity(staff, municipality, association, [first])
    update_group_activity(actor=staff, activity=activity, expected_version=1, add=[second])
    client.force_login(staff)
    response = _post(client, activity, [], version=1)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Joku muu tallensi" in text and str(second) in text
    assert _attending(activity) == {first.pk, second.pk}
    response = _post(client, activity, [], version=2)
    assert response.status_code == 302 and _attending(activity) == set()


def test_staff_on_an_activity_open_to_all_changes_only_their_own_workers(
    client, coordinator, staff, municipality, association, other_association
):
    ours, theirs = employed_worker(association), employed_worker(other_association)
    activity = _activity(coordinator, municipality, None, [ours, theirs])
    client.force_login(staff)
    page = client.get(reverse("workers:activity_edit", args=[activity.pk])).content.decode()
    assert str(theirs) not in page
    response = _post(client, activity, [], title="Muutettu otsikko")
    assert response.status_code == 302
    assert _attending(activity) == {theirs.pk}
    activity.refresh_from_db()
    assert activity.title == "Vertaistukiryhmä"


def test_a_stale_post_with_another_associations_workers_shows_no_names_of_theirs(
    client, coordinator, staff, municipality, association, other_association
):
    """Staff of Livokas ry POST an activity open to all with Jongunjoki's worker ids and
    an old version: the conflict box lists the saved attendees they may see, not theirs."""
    ours = employed_worker(association)
    # A surname of their own: a random one could be ours too, and ours is on the page.
    theirs = WorkerFactory(municipality=municipality, first_name="Vieras", last_name="Toisenkylä")
    EmploymentFactory(worker=theirs, association=other_association)
    activity = _activity(coordinator, municipality, None, [ours])
    update_group_activity(actor=coordinator, activity=activity, expected_version=1, add=[theirs])
    client.force_login(staff)
    for posted in ([ours, theirs], [ours]):
        response = _post(client, activity, posted, version=1)
        text = response.content.decode()
        assert response.status_code == 200
        assert str(theirs) not in text
        assert theirs.last_name not in text
    assert "Joku muu tallensi" in text and str(ours) in text
    assert _attending(activity) == {ours.pk, theirs.pk}


@pytest.mark.parametrize("user_fixture", ["other_staff", "outsider", "official", "worker_user"])
def test_outsiders_get_404_on_the_activity(
    client, request, staff, municipality, association, user_fixture
):
    worker = employed_worker(association)
    activity = _activity(staff, municipality, association, [worker])
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse("workers:activity_edit", args=[activity.pk])
    assert client.get(url).status_code == 404
    assert _post(client, activity, []).status_code == 404
    assert _attending(activity) == {worker.pk}


def test_activity_list_runs_the_same_queries_at_10_and_100_workers(
    client, coordinator, municipality, association
):
    client.force_login(coordinator)
    url = reverse("workers:activities")

    def make(count):
        workers = [employed_worker(association) for _ in range(count)]
        for index in range(3):
            _activity(coordinator, municipality, association, workers[index::3])

    make(10)
    small = count_queries(lambda: client.get(url))
    make(90)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_attendance_changes_are_in_the_persons_audit_trail(
    client, coordinator, municipality, association
):
    worker = employed_worker(association)
    activity = _activity(coordinator, municipality, association)
    update_group_activity(actor=coordinator, activity=activity, expected_version=1, add=[worker])
    client.force_login(coordinator)
    text = client.get(reverse("workers:audit", args=[worker.pk])).content.decode()
    assert "Vertaistukiryhmä" in text


def test_staff_see_each_activity_once_whatever_the_number_of_colleagues(
    client, coordinator, staff, other_staff, municipality, association
):
    mine = _activity(staff, municipality, association)
    open_to_all = _activity(coordinator, municipality, None)
    client.force_login(staff)
    text = client.get(reverse("workers:activities")).content.decode()
    assert text.count(reverse("workers:activity_edit", args=[mine.pk])) == 1
    assert text.count(reverse("workers:activity_edit", args=[open_to_all.pk])) == 1
    assert client.get(reverse("workers:activity_edit", args=[mine.pk])).status_code == 200
