"""The places and people most tests share: our municipality (Pudasjärvi) with its programme
and two village associations, another municipality (Taivalkoski) with one of its own, and a
user of each role.

The root conftest.py makes each of them a fixture of the same name; a module that wants them
once for all its tests (the access matrix) calls `build_world()`.
"""

from types import SimpleNamespace

from ryhma.models import Role
from villages.tests.factories import (
    AssociationFactory,
    MunicipalityFactory,
    ProgrammeFactory,
    VillageFactory,
    make_user,
)


def municipality():
    return MunicipalityFactory(name="Pudasjärvi", slug="pudasjarvi-test")


def programme(municipality):
    return ProgrammeFactory(municipality=municipality, name="Kylätyö", slug="kylatyo")


def association(municipality):
    return AssociationFactory(
        village=VillageFactory(municipality=municipality, name="Livo"), name="Livokas ry"
    )


def other_association(municipality):
    village = VillageFactory(municipality=municipality, name="Jongunjoki")
    return AssociationFactory(village=village, name="Jongun alueen kyläyhdistys ry")


def other_municipality():
    return MunicipalityFactory(name="Taivalkoski", slug="taivalkoski-test")


def foreign_association(other_municipality):
    village = VillageFactory(municipality=other_municipality, name="Jurmu")
    return AssociationFactory(village=village, name="Jurmun kyläyhdistys ry")


def coordinator(municipality):
    return make_user("koordinaattori", Role.COORDINATOR, municipality)


def staff(municipality, association):
    return make_user("kyla", Role.VILLAGE_STAFF, municipality, [association])


def other_staff(municipality, other_association):
    return make_user("kyla2", Role.VILLAGE_STAFF, municipality, [other_association])


def official(municipality):
    return make_user("virkailija", Role.OFFICIAL, municipality)


def outsider(other_municipality):
    """A coordinator of another municipality: sees nothing of ours."""
    return make_user("ulkopuolinen", Role.COORDINATOR, other_municipality)


def worker_user(municipality):
    return make_user("tyontekija", Role.WORKER, municipality)


def build_world() -> SimpleNamespace:
    """All of them but `other_staff`, as attributes named like the fixtures."""
    world = SimpleNamespace(municipality=municipality(), other_municipality=other_municipality())
    world.programme = programme(world.municipality)
    world.association = association(world.municipality)
    world.other_association = other_association(world.municipality)
    world.foreign_association = foreign_association(world.other_municipality)
    world.coordinator = coordinator(world.municipality)
    world.staff = staff(world.municipality, world.association)
    world.official = official(world.municipality)
    world.worker_user = worker_user(world.municipality)
    world.outsider = outsider(world.other_municipality)
    return world
