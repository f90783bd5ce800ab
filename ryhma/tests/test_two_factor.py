import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ryhma.models import AuditEvent
from ryhma.tests.factories import UserFactory

PASSWORD = "oikea-salasana-123"


def _login(client, user):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code(device_or_key) -> str:
    device = (
        device_or_key if isinstance(device_or_key, TOTPDevice) else TOTPDevice(key=device_or_key)
    )
    return f"{TOTP(device.bin_key).token():06d}"


@pytest.fixture
def strict_municipality(municipality):
    municipality.coordinators_need_two_factor = True
    municipality.save()
    return municipality


def test_coordinator_of_a_strict_municipality_must_set_up_an_app_first(
    client, coordinator, strict_municipality
):
    _login(client, coordinator)
    response = client.get("/ohjelma/kaikki/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"])
    assert "Ota kaksivaiheinen tunnistautuminen käyttöön" in page.content.decode()

    key = client.session["ryhma_two_factor_new_key"]
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert "Koodi ei täsmännyt" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()

    done = client.post(
        reverse("two_factor_setup"), {"token": _code(key), "next": "/ohjelma/kaikki/"}
    )
    assert done["Location"] == "/ohjelma/kaikki/"
    assert client.get("/ohjelma/kaikki/").status_code == 200
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert AuditEvent.objects.filter(actor=coordinator, action="create").exists()


def test_coordinator_with_an_app_confirms_each_login_with_a_code(
    client, coordinator, strict_municipality
):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, coordinator)
    response = client.get("/arviointi/")
    assert response["Location"].startswith(reverse("two_factor_verify"))

    wrong = client.post(reverse("two_factor_verify"), {"token": "12ab"})
    assert "6-numeroinen koodi" in wrong.content.decode()
    assert client.get("/arviointi/").status_code == 302

    right = client.post(
        reverse("two_factor_verify"), {"token": _code(device), "next": "/arviointi/"}
    )
    assert right["Location"] == "/arviointi/"
    assert client.get("/arviointi/").status_code == 200


def test_a_password_alone_cannot_replace_the_app(client, coordinator, strict_municipality):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, coordinator)
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"] == reverse("two_factor_verify")


def test_wrong_codes_are_throttled(client, coordinator, strict_municipality):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, coordinator)
    for _attempt in range(3):
        client.post(reverse("two_factor_verify"), {"token": "000000"})
    client.post(reverse("two_factor_verify"), {"token": _code(device)})
    assert client.get("/arviointi/").status_code == 302


def test_coordinator_of_a_municipality_without_the_rule_logs_in_with_a_password(
    client, coordinator
):
    _login(client, coordinator)
    assert client.get("/ohjelma/kaikki/").status_code == 200


def test_village_staff_are_not_asked_for_a_code_by_the_coordinator_rule(
    client, staff, strict_municipality
):
    _login(client, staff)
    assert client.get("/palvelut/viikko/").status_code == 200


def test_anyone_who_set_up_an_app_is_asked_for_a_code(client, official):
    TOTPDevice.objects.create(user=official, name="app", confirmed=True)
    _login(client, official)
    assert client.get("/arviointi/").status_code == 302


def test_next_cannot_send_the_user_to_another_site(client, db):
    user = UserFactory(username="kaksi", role="official")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, user)
    response = client.post(
        reverse("two_factor_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_logout_works_before_the_code(client, coordinator, strict_municipality):
    _login(client, coordinator)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
