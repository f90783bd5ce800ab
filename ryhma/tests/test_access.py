"""The declarative base of every `for_user`: each declared path, alone, on real models."""

from django.contrib.auth.models import AnonymousUser

from ryhma.access import ScopedQuerySet
from ryhma.models import Role
from ryhma.tests.factories import UserFactory
from villages.models import Programme, Village
from villages.tests.factories import AssociationFactory, ProgrammeFactory, make_user
from workers.models import Employment, Worker
from workers.tests.factories import EmploymentFactory, WorkerFactory


def queryset(model, **declarations) -> ScopedQuerySet:
    """A queryset of `model` with only the given declarations."""
    return type("Scoped", (ScopedQuerySet,), declarations)(model=model)


def only_livo(self, user):
    return self.filter(name="Livo")


def names(rows) -> list[str]:
    return sorted(row.name for row in rows)


def test_a_queryset_that_declares_no_scope_shows_nothing_even_to_a_superuser(association):
    superuser = UserFactory(username="root", is_superuser=True)
    assert not queryset(Village).for_user(superuser).exists()


def test_anonymous_users_see_nothing_and_superusers_everything(association, foreign_association):
    superuser = UserFactory(username="root", is_superuser=True)
    rows = queryset(Village, municipality_path="municipality")
    assert not rows.for_user(AnonymousUser()).exists()
    assert not rows.for_user(None).exists()
    assert names(rows.for_user(superuser)) == ["Jurmu", "Livo"]


def test_municipality_path_shows_members_with_the_listed_roles_their_own_municipality(
    association, foreign_association, coordinator, official, staff, worker_user
):
    rows = queryset(Village, municipality_path="municipality")
    assert names(rows.for_user(coordinator)) == ["Livo"]
    assert names(rows.for_user(official)) == ["Livo"]
    assert not rows.for_user(worker_user).exists()
    # Staff are not in the default roles, and no association path is declared.
    assert not rows.for_user(staff).exists()


def test_officials_are_left_out_where_only_coordinators_are_listed(
    association, coordinator, official
):
    rows = queryset(
        Village, municipality_path="municipality", municipality_roles=(Role.COORDINATOR,)
    )
    assert names(rows.for_user(coordinator)) == ["Livo"]
    assert not rows.for_user(official).exists()


def test_association_path_through_many_villages_shows_each_row_once(
    municipality, programme, association, other_association, foreign_association
):
    ProgrammeFactory(municipality=foreign_association.village.municipality, name="Muualla")
    both = make_user("kaksi", Role.VILLAGE_STAFF, municipality, [association, other_association])
    second_village_too = AssociationFactory(village=association.village, name="Livon nuoret ry")
    third = make_user("kolme", Role.VILLAGE_STAFF, municipality, [second_village_too])

    rows = queryset(Programme, association_path="municipality__villages__associations")
    assert [p.name for p in rows.for_user(both)] == ["Kylätyö"]
    assert [p.name for p in rows.for_user(third)] == ["Kylätyö"]


def test_user_path_shows_workers_their_own_rows_only(municipality, worker_user, coordinator):
    own = WorkerFactory(municipality=municipality, user=worker_user)
    WorkerFactory(municipality=municipality)
    rows = queryset(Worker, user_path="user")
    assert list(rows.for_user(worker_user)) == [own]
    assert not rows.for_user(coordinator).exists()


def test_scope_through_follows_what_the_other_model_shows(
    association, foreign_association, staff, other_staff, outsider
):
    ours = EmploymentFactory(
        worker__municipality=association.village.municipality, association=association
    )
    theirs = EmploymentFactory(
        association=foreign_association,
        worker__municipality=foreign_association.village.municipality,
    )
    rows = queryset(Employment, scope_through="worker")
    assert list(rows.for_user(staff)) == [ours]
    assert not rows.for_user(other_staff).exists()
    assert list(rows.for_user(outsider)) == [theirs]
    assert not rows.for_user(AnonymousUser()).exists()


def test_an_overridden_for_role_decides_for_signed_in_users(
    association, other_association, foreign_association, official
):
    superuser = UserFactory(username="root", is_superuser=True)
    rows = queryset(Village, for_role=only_livo)
    assert names(rows.for_user(official)) == ["Livo"]
    assert names(rows.for_user(superuser)) == ["Jongunjoki", "Jurmu", "Livo"]
    assert not rows.for_user(AnonymousUser()).exists()
