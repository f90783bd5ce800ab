from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ryhma import audit, tasks
from ryhma.models import AuditAction, AuditEvent
from ryhma.testing import count_queries
from ryhma.tests.factories import UserFactory


def _event(actor, instance, **changes):
    """A change to `instance`, filed under its municipality (or itself, for a municipality)."""
    return audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        changes=changes,
        municipality_id=getattr(instance, "municipality_id", instance.pk),
    )


def test_events_older_than_the_retention_period_are_deleted(coordinator, municipality, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        old = _event(coordinator, municipality, name=["Vanha", "Uusi"])
    with time_machine.travel(timezone.now() - timedelta(days=29)):
        recent = _event(coordinator, municipality, name=["A", "B"])
    assert audit.purge_expired() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_purge_task_runs_the_purge_and_is_scheduled_daily(coordinator, municipality, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        _event(coordinator, municipality)
    assert tasks.purge_audit_trail.delay().get() == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-expired-audit-events"]
    assert schedule["task"] == "ryhma.tasks.purge_audit_trail"


def test_coordinator_sees_only_their_municipality_events(
    client, coordinator, outsider, municipality, other_municipality
):
    _event(coordinator, municipality, name=["Pudasjärvi", "Pudasjärven kaupunki"])
    _event(outsider, other_municipality, name=["Taivalkoski", "Taivalkosken kunta"])
    client.force_login(coordinator)
    response = client.get(reverse("audit_log"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Pudasjärven kaupunki" in text
    assert "Taivalkosken kunta" not in text
    assert "koordinaattori" in text


def test_outsider_does_not_see_our_events(client, coordinator, outsider, municipality):
    _event(coordinator, municipality, name=["Pudasjärvi", "Salainen"])
    client.force_login(outsider)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert "Salainen" not in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["staff", "official", "worker_user"])
def test_other_roles_get_404_for_the_audit_trail(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("audit_log")).status_code == 404


def test_audit_trail_cannot_be_changed_through_the_page(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("audit_log"), {"id": 1}).status_code == 405


def test_admin_shows_the_trail_but_refuses_changes_and_deletes(client, coordinator, municipality):
    event = _event(coordinator, municipality, name=["a", "b"])
    admin_user = UserFactory(username="paakayttaja", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    change_url = reverse("admin:ryhma_auditevent_change", args=[event.pk])
    assert client.get(change_url).status_code == 200
    client.post(change_url, {"actor_name": "joku muu"})
    assert client.post(reverse("admin:ryhma_auditevent_delete", args=[event.pk])).status_code == 403
    assert client.get(reverse("admin:ryhma_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.actor_name == "koordinaattori"


def test_trail_of_one_object_is_filtered(client, coordinator, municipality, programme):
    _event(coordinator, municipality, name=["Kunta", "Kaupunki"])
    _event(coordinator, programme, name=["Kylätyö", "Kylätyö 2026"])
    client.force_login(coordinator)
    text = client.get(
        reverse("audit_log"), {"kohde": "villages.programme", "id": programme.pk}
    ).content.decode()
    assert "Kylätyö 2026" in text
    assert "Kaupunki" not in text


def test_audit_trail_page_runs_constant_queries(client, coordinator, municipality):
    client.force_login(coordinator)
    url = reverse("audit_log")
    _event(coordinator, municipality, name=["a", "b"])
    few = count_queries(lambda: client.get(url))
    for number in range(60):
        _event(coordinator, municipality, name=[str(number), str(number + 1)])
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_retention_setting_has_a_floor():
    assert settings.AUDIT_RETENTION_DAYS >= 30


def test_a_recorded_delete_keeps_the_last_values_and_a_refused_one_keeps_nothing(
    coordinator, municipality, association
):
    from django.db import models, transaction

    from villages.models import Village
    from villages.tests.factories import VillageFactory

    village = VillageFactory(municipality=municipality, name="Hirvaskoski")
    pk = village.pk
    audit.delete_recorded(actor=coordinator, instance=village, municipality_id=municipality.pk)
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(pk))
    assert event.changes["name"] == "Hirvaskoski" and event.actor == coordinator
    assert not Village.objects.filter(pk=pk).exists()

    protected = association.village  # the association's foreign key protects its village
    with pytest.raises(models.ProtectedError), transaction.atomic():
        audit.delete_recorded(
            actor=coordinator, instance=protected, municipality_id=municipality.pk
        )
    assert Village.objects.filter(pk=protected.pk).exists()
    assert not AuditEvent.objects.filter(
        object_id=str(protected.pk), action=AuditAction.DELETE
    ).exists()


def test_an_audit_row_shows_local_time_labels_and_both_values_escaped(
    client, coordinator, municipality
):
    at = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    with time_machine.travel(at, tick=False):
        _event(coordinator, municipality, name=["<b>Vanha</b>", "Uusi"], code=[None, "Pj"])
    client.force_login(coordinator)
    text = client.get(reverse("audit_log")).content.decode()
    # 23.30 UTC is 1.30 the next morning in Helsinki.
    assert "5.3.2026 01:30" in text
    assert "&lt;b&gt;Vanha&lt;/b&gt; → Uusi" in text and "<b>Vanha" not in text
    assert "– → Pj" in text
    assert '<span class="fw-semibold">Nimi</span>' in text


def test_admin_changes_of_roles_and_memberships_are_audited(
    client, db, staff, association, other_association
):
    """A superuser makes the village staff member a coordinator and gives them another
    association in the admin: both changes are events naming the old and new values."""
    from django.urls import reverse

    from ryhma.models import AuditEvent, User

    admin = User.objects.create_superuser("paakayttaja", "p@example.invalid", "x" * 20)
    client.force_login(admin)
    url = reverse("admin:ryhma_user_change", args=[staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        role="coordinator",
        date_joined_0=staff.date_joined.strftime("%d.%m.%Y"),
        date_joined_1=staff.date_joined.strftime("%H:%M:%S"),
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(object_id=str(staff.pk), action="update", actor=admin)
    assert event.changes["role"] == ["village_staff", "coordinator"]

    membership = staff.membership
    url = reverse("admin:villages_membership_change", args=[membership.pk])
    response = client.post(
        url,
        {
            "user": staff.pk,
            "municipality": membership.municipality_id,
            "associations": [association.pk, other_association.pk],
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="update", actor=admin).latest("id")
    assert event.changes["associations"] == [
        [association.pk],
        sorted([association.pk, other_association.pk]),
    ]
    assert event.municipality_id == membership.municipality_id
