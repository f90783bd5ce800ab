import time

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from services.models import Customer, OrderSource, ServiceOrder
from services.orders.forms import PublicRequestForm
from services.orders.views import public as public_views


@pytest.fixture
def url(association, service):
    return reverse("services:public_request", args=[association.pk])


def _stamp(association, seconds_ago=30):
    return signing.dumps(
        {"a": association.pk, "t": time.time() - seconds_ago}, salt=PublicRequestForm.SALT
    )


def _data(association, chosen, **changes):
    data = {
        "name": "Veikko Kyläläinen",
        "phone": "040 123 4567",
        "email": "",
        "address": "Livontie 5",
        "village": association.village_id,
        "service": chosen.pk,
        "description": "Pihan haravointi ja lehtien vienti",
        "consent": "on",
        "aged_65_plus": "on",
        "website": "",
        "started": _stamp(association),
    }
    data.update(changes)
    return data


def test_the_form_opens_without_login_in_finnish(client, url, association):
    response = client.get(url)
    assert response.status_code == 200
    assert association.name in response.content.decode()


def test_a_villager_sends_a_request_and_it_becomes_an_order(client, url, association, service):
    response = client.post(url, _data(association, service))
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    assert order.source == OrderSource.PUBLIC_FORM and order.association == association
    assert order.customer.consent_to_contact and order.customer.aged_65_plus


def test_a_request_is_taken_while_the_cache_behind_the_rate_limit_is_down(
    client, url, association, service, settings
):
    import socket

    with socket.socket() as probe:  # a local port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "ryhma.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
        }
    }
    assert client.get(url).status_code == 200
    response = client.post(url, _data(association, service))
    assert response.status_code == 302
    assert ServiceOrder.objects.get().source == OrderSource.PUBLIC_FORM


def test_without_consent_the_request_is_refused_naming_the_box(client, url, association, service):
    data = _data(association, service)
    del data["consent"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Veikko Kyläläinen" in response.content.decode()  # typed values are kept
    assert not ServiceOrder.objects.exists()


def test_a_filled_honeypot_is_refused(client, url, association, service):
    response = client.post(url, _data(association, service, website="http://spam.example"))
    assert response.status_code == 400
    assert not ServiceOrder.objects.exists()


def test_a_form_sent_too_fast_is_refused_but_keeps_the_values(client, url, association, service):
    response = client.post(url, _data(association, service, started=_stamp(association, 0)))
    assert response.status_code == 400
    assert "Veikko Kyläläinen" in response.content.decode()
    assert not ServiceOrder.objects.exists()


def test_an_empty_form_says_what_is_missing_not_sent_too_fast(client, url, association):
    response = client.post(url, {"started": _stamp(association, 0)})
    text = response.content.decode()
    assert response.status_code == 400
    assert "liian nopeasti" not in text
    assert "Tämä kenttä vaaditaan" in text or "is-invalid" in text
    assert not ServiceOrder.objects.exists()


@pytest.mark.parametrize("started", ["", "forged", "eyJhIjoxfQ:1abc:xyz"])
def test_a_missing_or_forged_start_stamp_is_refused(client, url, association, service, started):
    response = client.post(url, _data(association, service, started=started))
    assert response.status_code == 400
    assert not ServiceOrder.objects.exists()


def test_a_stamp_for_another_association_is_refused(
    client, url, association, other_association, service
):
    response = client.post(url, _data(association, service, started=_stamp(other_association)))
    assert response.status_code == 400


def test_an_expired_form_is_refused(client, url, association, service):
    data = _data(association, service)
    with time_machine.travel(time.time() + 3 * 3600, tick=False):
        response = client.post(url, data)
    assert response.status_code == 400


def test_a_flood_from_one_address_gets_429(client, url, association, service, monkeypatch):
    monkeypatch.setattr(public_views, "RATE_LIMIT", 3)
    statuses = [client.post(url, _data(association, service)).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    response = client.post(url, _data(association, service))
    assert response["Retry-After"]
    assert ServiceOrder.objects.count() == 3
    other = client.post(url, _data(association, service), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_an_oversized_request_is_refused_without_an_error_page(client, url, association, service):
    response = client.post(url, _data(association, service, description="x" * 50_000))
    assert response.status_code == 400
    assert not ServiceOrder.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"description": "x" * 1001},
        {"name": "n" * 151},
        {"description": "nul\x00byte"},
        {"service": "'; DROP TABLE services_serviceorder; --"},
        {"village": "999999"},
        {"email": "not-an-address"},
        {"preferred_date": "2020-01-01"},
        {"preferred_date": "31.02.2026"},
    ],
)
def test_malicious_or_invalid_fields_get_400_not_500(client, url, association, service, changes):
    response = client.post(url, _data(association, service, **changes))
    assert response.status_code == 400
    assert not ServiceOrder.objects.exists()


def test_markup_is_stored_as_text_and_shown_escaped(client, url, association, service, staff):
    client.post(url, _data(association, service, name="<script>alert(1)</script>"))
    customer = Customer.objects.get()
    client.force_login(staff)
    text = client.get(reverse("services:customer_list")).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert customer.name == "<script>alert(1)</script>"


def test_services_of_another_association_cannot_be_requested(
    client, url, association, service, other_association
):
    from services.tests.factories import ServiceFactory

    foreign = ServiceFactory(association=other_association)
    response = client.post(url, _data(association, service, service=foreign.pk))
    assert response.status_code == 400


def test_an_association_without_services_has_no_form(client, other_association):
    response = client.get(reverse("services:public_request", args=[other_association.pk]))
    assert response.status_code == 404
    assert client.get(reverse("services:public_request", args=[999999])).status_code == 404


def test_thanks_page_names_the_association(client, association):
    response = client.get(reverse("services:public_request_thanks", args=[association.pk]))
    assert response.status_code == 200 and association.name in response.content.decode()


def test_one_opened_form_gives_one_request(client, url, association, service):
    """The start stamp of one GET sent four times made four orders: now the second and
    later sends are refused with a message, and a newly opened form works again."""
    data = _data(association, service)
    assert client.post(url, data).status_code == 302
    for _again in range(3):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "lähetetty jo" in response.content.decode()
    assert ServiceOrder.objects.count() == 1
    assert (
        client.post(url, _data(association, service, started=_stamp(association, 20))).status_code
        == 302
    )
    assert ServiceOrder.objects.count() == 2
