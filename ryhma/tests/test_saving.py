"""The one way to save a row with its audit event (`ryhma.saving.save_recorded`)."""

import pytest
from django.core.exceptions import ValidationError

from ryhma.concurrency import StaleEditError
from ryhma.models import AuditAction, AuditEvent
from ryhma.saving import municipality_id_of, record_read, save_recorded
from villages.models import Association
from villages.tests.factories import AssociationFactory, VillageFactory, make_user

pytestmark = pytest.mark.django_db


def test_a_new_row_is_saved_with_a_create_event_in_its_municipality():
    village = VillageFactory()
    user = make_user("koordinaattori", "coordinator", village.municipality)
    association = Association(village=village, name="Kylän seura", business_id="1234567-1")
    save_recorded(association, actor=user, fields=["name", "village"])
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert event.object_id == str(association.pk)
    assert event.municipality_id == village.municipality_id
    assert event.changes["name"] == [None, "Kylän seura"]


def test_an_update_records_only_what_changed():
    association = AssociationFactory(name="Vanha nimi")
    user = make_user("koordinaattori", "coordinator", association.village.municipality)
    association.name = "Uusi nimi"
    save_recorded(association, actor=user, fields=["name", "village"], expected_version=1)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes == {"name": ["Vanha nimi", "Uusi nimi"]}
    assert Association.objects.get(pk=association.pk).name == "Uusi nimi"


def test_a_stale_edit_writes_nothing_and_records_nothing():
    association = AssociationFactory(name="Vanha nimi")
    Association.objects.filter(pk=association.pk).update(version=5)
    association.name = "Uusi nimi"
    with pytest.raises(StaleEditError):
        save_recorded(association, actor=None, fields=["name"], expected_version=1)
    assert Association.objects.get(pk=association.pk).name == "Vanha nimi"
    assert not AuditEvent.objects.exists()


def test_an_invalid_row_is_refused_before_anything_is_written():
    village = VillageFactory()
    association = Association(village=village, name="", business_id="1234567-1")
    with pytest.raises(ValidationError):
        save_recorded(association, actor=None, fields=["name"])
    assert not Association.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_municipality_follows_the_declared_scope_path():
    association = AssociationFactory()
    assert municipality_id_of(association) == association.village.municipality_id
    assert municipality_id_of(association.village.municipality) == (
        association.village.municipality_id
    )


def test_given_changes_and_action_are_recorded_as_given():
    association = AssociationFactory(name="Vanha nimi")
    association.name = "Uusi nimi"
    save_recorded(
        association,
        actor=None,
        fields=[],
        written=["name"],
        expected_version=1,
        changes={"renamed": [None, "Uusi nimi"]},
        action=AuditAction.STATUS,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == (AuditAction.STATUS, {"renamed": [None, "Uusi nimi"]})
    assert Association.objects.get(pk=association.pk).name == "Uusi nimi"


def test_a_read_is_recorded_in_the_rows_municipality():
    association = AssociationFactory()
    user = make_user("koordinaattori", "coordinator", association.village.municipality)
    record_read(association, actor=user, action=AuditAction.EXPORT, changes={"file": "a.csv"})
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.changes) == (
        AuditAction.EXPORT,
        user,
        {"file": "a.csv"},
    )
    assert event.municipality_id == association.village.municipality_id
