import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from ryhma.demo import seed_all
from ryhma.models import User
from villages.models import Association, Programme, Village

pytestmark = pytest.mark.django_db

# The demo is seeded once for the module (`seeded_demo`); the tests that seed again check
# that seeding twice changes nothing.


def test_seed_creates_the_pudasjarvi_programme_with_its_villages(seeded_demo):
    programme = Programme.objects.get(slug="pudasjarvi")
    assert programme.municipality.name == "Pudasjärvi"
    assert Village.objects.filter(municipality=programme.municipality).count() == 10
    assert Association.objects.filter(name="Livokas ry", village__name="Livo").exists()
    assert Association.objects.filter(name="Jongun alueen kyläyhdistys ry").exists()


def test_seed_is_idempotent(seeded_demo):
    counts = (User.objects.count(), Village.objects.count(), Association.objects.count())
    seed_all()
    assert (User.objects.count(), Village.objects.count(), Association.objects.count()) == counts


@pytest.mark.parametrize(
    "username, role",
    [
        ("koordinaattori", "coordinator"),
        ("kyla", "village_staff"),
        ("kyla2", "village_staff"),
        ("virkailija", "official"),
        ("tyontekija", "worker"),
    ],
)
def test_demo_users_log_in_with_the_documented_password(seeded_demo, username, role):
    user = authenticate(RequestFactory().post("/"), username=username, password="ryhmademo")
    assert user is not None and user.role == role


def test_what_a_test_writes_into_the_shared_demo_is_rolled_back_after_it(seeded_demo):
    """Runs before the next test, which still finds the demo's "Livokas ry"."""
    Association.objects.filter(name="Livokas ry").update(name="Muutettu ry")
    assert not Association.objects.filter(name="Livokas ry").exists()


def test_demo_staff_belong_to_their_own_associations(seeded_demo):
    kyla = User.objects.get(username="kyla")
    kyla2 = User.objects.get(username="kyla2")
    assert [a.name for a in Association.objects.for_user(kyla)] == ["Livokas ry"]
    assert [a.name for a in Association.objects.for_user(kyla2)] == [
        "Jongun alueen kyläyhdistys ry"
    ]


def test_seed_command_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="RYHMA_DEBUG"):
        call_command("seed_demo")
