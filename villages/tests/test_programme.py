"""Coordinators create a programme and edit its name, short name, period, targets and
coordinator from the UI."""

import pytest
from django.urls import reverse

from ryhma.models import AuditEvent, Role
from ryhma.testing import count_queries
from villages.models import ChecklistItem, Programme, ProgrammePhase
from villages.tests.factories import ProgrammeFactory, make_user

CREATE = reverse("villages:programme_create")


def form(**overrides):
    data = {
        "name": "Kylätyö 2027",
        "slug": "kylatyo-2027",
        "starts_on": "2027-01-01",
        "ends_on": "2028-12-31",
        "coordinator": "",
        "target_participants": "40",
        "target_employed": "25",
        "target_villages": "8",
        "description": "",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_programme_with_ten_phases_and_checklists(
    client, coordinator, municipality
):
    client.force_login(coordinator)
    page = client.get(CREATE)
    assert page.status_code == 200
    assert "Ohjelma kuuluu kuntaan Pudasjärvi" in page.content.decode()
    response = client.post(CREATE, form(coordinator=coordinator.pk), follow=True)
    programme = Programme.objects.get(slug="kylatyo-2027")
    assert response.redirect_chain[-1][0] == reverse(
        "villages:programme_detail", args=["kylatyo-2027"]
    )
    text = response.content.decode()
    assert "Ohjelma Kylätyö 2027 luotu kymmenine vaiheineen ja tarkistuslistoineen." in text
    assert "Tarpeen määrittely" in text and "Kehittäminen" in text
    assert programme.municipality == municipality and programme.coordinator == coordinator
    assert (programme.target_participants, programme.target_employed) == (40, 25)
    assert ProgrammePhase.objects.filter(programme=programme).count() == 10
    assert ChecklistItem.objects.filter(phase__programme=programme, phase__number=3).count() == 2
    event = AuditEvent.objects.get(action="create", object_id=str(programme.pk))
    assert event.actor == coordinator and event.changes["slug"] == "kylatyo-2027"
    assert event.municipality_id == municipality.pk


def test_programme_list_offers_the_new_programme_to_coordinators_only(
    client, coordinator, official, programme
):
    client.force_login(coordinator)
    assert CREATE in client.get(reverse("villages:programme_list")).content.decode()
    client.force_login(official)
    assert CREATE not in client.get(reverse("villages:programme_list")).content.decode()


@pytest.mark.parametrize("user", ["official", "staff", "worker_user"])
def test_other_roles_cannot_create_a_programme(client, request, user, municipality):
    client.force_login(request.getfixturevalue(user))
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, form()).status_code == 404
    assert not Programme.objects.filter(slug="kylatyo-2027").exists()


def test_outsiders_programme_goes_to_their_own_municipality_and_stays_hidden_from_us(
    client, outsider, coordinator, other_municipality, foreign_association
):
    client.force_login(outsider)
    response = client.post(CREATE, form(slug="taival-2027"), follow=True)
    assert response.redirect_chain[-1][1] == 302
    created = Programme.objects.get(slug="taival-2027")
    assert created.municipality == other_municipality
    client.force_login(coordinator)
    assert "Kylätyö 2027" not in client.get(reverse("villages:programme_list")).content.decode()
    assert client.get(reverse("villages:programme_detail", args=["taival-2027"])).status_code == 404
    assert client.get(reverse("villages:programme_edit", args=["taival-2027"])).status_code == 404


def test_coordinator_cannot_name_another_municipalitys_coordinator(client, coordinator, outsider):
    client.force_login(coordinator)
    response = client.post(CREATE, form(coordinator=outsider.pk))
    assert response.status_code == 400
    assert "Valitse oikea vaihtoehto" in response.content.decode()
    assert not Programme.objects.filter(slug="kylatyo-2027").exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"slug": "kylatyo"}, "Kunnallasi on jo ohjelma, jonka lyhenne on ”kylatyo”."),
        ({"slug": "vieras"}, "Lyhenne ”vieras” on jo käytössä. Valitse toinen."),
        ({"slug": "uusi"}, "”uusi” on jo sivujen osoitteissa käytössä oleva sana."),
        ({"slug": "Kylätyö 2027"}, "Lyhenteessä saa olla vain pieniä kirjaimia a–z"),
        ({"slug": ""}, "Anna sivujen osoitteisiin lyhenne"),
        ({"name": ""}, "Anna ohjelmalle nimi."),
        ({"starts_on": ""}, "Anna ohjelman alkamispäivä."),
        ({"starts_on": "huomenna"}, "Kirjoita alkamispäivä päivämääränä"),
        (
            {"ends_on": "2026-12-31"},
            "Ohjelman pitää päättyä alkamisensa jälkeen. "
            "Muuta päättymispäivää tai jätä se tyhjäksi.",
        ),
        ({"ends_on": "2027-01-01"}, "Ohjelman pitää päättyä alkamisensa jälkeen."),
        (
            {"target_employed": "50"},
            "Työllistettyjen tavoite ei voi olla suurempi kuin osallistujien tavoite.",
        ),
    ],
)
def test_invalid_programme_is_refused_with_a_finnish_message_and_the_typing_kept(
    client, coordinator, programme, other_municipality, overrides, message
):
    ProgrammeFactory(municipality=other_municipality, slug="vieras")
    client.force_login(coordinator)
    response = client.post(CREATE, form(**overrides))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'value="Kylätyö 2027"' in text or overrides.get("name") == ""
    assert Programme.objects.count() == 2


def test_coordinator_edits_name_short_name_period_targets_and_coordinator(
    client, coordinator, municipality, board_programme
):
    second = make_user("koordinaattori2", Role.COORDINATOR, municipality)
    second.first_name, second.last_name = "Toinen", "Koordinaattori"
    second.save()
    client.force_login(coordinator)
    url = reverse("villages:programme_edit", args=["kylatyo"])
    page = client.get(url).content.decode()
    assert 'name="slug"' in page and "Toinen Koordinaattori" in page
    response = client.post(
        url,
        form(
            name="Kylätyö uudistettu",
            slug="kylatyo-uusi",
            coordinator=second.pk,
            version=board_programme.version,
            group_activity_plan="Viikkotapaaminen",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("villages:programme_detail", args=["kylatyo-uusi"])
    board_programme.refresh_from_db()
    assert board_programme.slug == "kylatyo-uusi" and board_programme.coordinator == second
    assert board_programme.group_activity_plan == "Viikkotapaaminen"
    event = AuditEvent.objects.filter(action="update", object_id=str(board_programme.pk)).last()
    assert event.changes["slug"] == ["kylatyo", "kylatyo-uusi"]


def test_programme_edit_refuses_an_end_before_the_start(client, coordinator, board_programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:programme_edit", args=["kylatyo"]),
        form(slug="kylatyo", starts_on="2027-01-01", ends_on="2026-01-01", version=1),
    )
    assert response.status_code == 400
    assert "Ohjelman pitää päättyä alkamisensa jälkeen." in response.content.decode()
    board_programme.refresh_from_db()
    assert board_programme.name == "Kylätyö"


def test_stale_programme_edit_shows_the_other_values(client, coordinator, board_programme):
    client.force_login(coordinator)
    old = board_programme.version
    Programme.objects.filter(pk=board_programme.pk).update(name="Toisen nimi", version=old + 1)
    response = client.post(
        reverse("villages:programme_edit", args=["kylatyo"]),
        form(name="Minun nimi", slug="kylatyo", version=old),
    )
    text = response.content.decode()
    assert "Joku muu tallensi tämän sillä välin" in text
    assert "Toisen nimi" in text and "Minun nimi" in text
    board_programme.refresh_from_db()
    assert board_programme.name == "Toisen nimi"


def test_programme_list_runs_the_same_queries_for_3_and_30_programmes(
    client, coordinator, municipality, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("villages:programme_list")

    def page():
        assert client.get(url).status_code == 200

    for _i in range(3):
        ProgrammeFactory(municipality=municipality)
    small = count_queries(page)
    for _i in range(27):
        ProgrammeFactory(municipality=municipality)
    with django_assert_max_num_queries(small):
        text = client.get(url).content.decode()
    assert text.count('class="list-group-item"') == 30
