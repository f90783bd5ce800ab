import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from ryhma.demo import seed_all
from ryhma.models import User
from villages.models import Association, Programme, Village

pytestmark = pytest.mark.django_db


def test_seed_creates_the_pudasjarvi_programme_with_its_villages():
    seed_all()
    programme = Programme.objects.get(slug="pudasjarvi")
    assert programme.municipality.name == "Pudasjärvi"
    assert Village.objects.filter(municipality=programme.municipality).count() == 10
    assert Association.objects.filter(name="Livokas ry", village__name="Livo").exists()
    assert Association.objects.filter(name="Jongun alueen kyläyhdistys ry").exists()


def test_seed_is_idempotent():
    seed_all()
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
def test_demo_users_log_in_with_the_documented_password(username, role):
    seed_all()
    user = authenticate(RequestFactory().post("/"), username=username, password="ryhmademo")
    assert user is not None and user.role == role


def test_demo_staff_belong_to_their_own_associations():
    seed_all()
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
