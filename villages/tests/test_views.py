import pytest
from django.urls import reverse

from ryhma.testing import count_queries
from villages.models import Association, MappingAnswer, Partner, Village
from villages.tests.factories import (
    AssociationFactory,
    FeedbackFactory,
    PartnerFactory,
    ProgrammeFactory,
    UnemploymentFigureFactory,
    VillageFactory,
)


@pytest.fixture
def world(board_programme, association, other_association, foreign_association):
    """Our programme with a partner and an answer, and the same in another municipality."""
    foreign_programme = ProgrammeFactory(
        municipality=foreign_association.village.municipality, slug="vieras"
    )
    return {
        "programme": board_programme,
        "partner": PartnerFactory(programme=board_programme, name="Tilipalvelu Oy"),
        "foreign_partner": PartnerFactory(programme=foreign_programme, name="Vieras Oy"),
        "answer": MappingAnswer.objects.create(
            association=association, respondent="customer", topic="need", notes="Aurausta"
        ),
        "item": board_programme.phases.get(number=1).checklist.first(),
        "association": association,
        "other_association": other_association,
        "foreign_association": foreign_association,
    }


def urls(w):
    """Every villages view: (method, url)."""
    s = w["programme"].slug
    a = w["association"].pk
    return [
        ("get", reverse("villages:programme_detail", args=[s])),
        ("get", reverse("villages:programme_edit", args=[s])),
        ("get", reverse("villages:operating_model", args=[s])),
        ("get", reverse("villages:raci_edit", args=[s])),
        ("get", reverse("villages:import", args=[s])),
        ("get", reverse("villages:phase_detail", args=[s, 1])),
        ("post", reverse("villages:checklist_save", args=[s, 1])),
        ("post", reverse("villages:checklist_add", args=[s, 1])),
        ("post", reverse("villages:checklist_delete", args=[s, 1, w["item"].pk])),
        ("get", reverse("villages:association_detail", args=[s, a])),
        ("post", reverse("villages:association_phases", args=[s, a])),
        ("get", reverse("villages:association_section", args=[s, a, "analyysi"])),
        ("get", reverse("villages:association_row_create", args=[s, a, "kartoitus"])),
        ("get", reverse("villages:association_row_edit", args=[s, a, "kartoitus", w["answer"].pk])),
        (
            "post",
            reverse("villages:association_row_delete", args=[s, a, "kartoitus", w["answer"].pk]),
        ),
        ("get", reverse("villages:row_list", args=[s, "kumppanit"])),
        ("get", reverse("villages:row_create", args=[s, "kumppanit"])),
        ("get", reverse("villages:row_edit", args=[s, "kumppanit", w["partner"].pk])),
        ("post", reverse("villages:row_delete", args=[s, "kumppanit", w["partner"].pk])),
    ]


def test_every_view_is_404_for_a_coordinator_of_another_municipality(client, outsider, world):
    client.force_login(outsider)
    for method, url in urls(world):
        response = getattr(client, method)(url, {"number": 3, "status": "done", "text": "x"})
        assert response.status_code == 404, url
    assert Partner.objects.filter(pk=world["partner"].pk).exists()
    assert MappingAnswer.objects.filter(pk=world["answer"].pk).exists()


def test_every_view_is_404_for_the_worker_role(client, worker_user, world):
    client.force_login(worker_user)
    for method, url in urls(world):
        assert getattr(client, method)(url).status_code == 404, url


def test_every_view_is_404_for_staff_of_another_association(client, other_staff, world):
    client.force_login(other_staff)
    for method, url in urls(world):
        response = getattr(client, method)(url, {"number": 3, "status": "done"})
        assert response.status_code == 404, url


def test_objects_of_another_municipality_are_404_under_our_programme(client, coordinator, world):
    client.force_login(coordinator)
    s = world["programme"].slug
    assert (
        client.get(
            reverse("villages:row_edit", args=[s, "kumppanit", world["foreign_partner"].pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("villages:association_detail", args=[s, world["foreign_association"].pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("villages:row_list", args=[s, "ei-ole"])).status_code == 404


def test_coordinator_opens_every_page(client, coordinator, world):
    client.force_login(coordinator)
    for method, url in urls(world):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_staff_read_and_edit_their_own_association_phase_3_and_4_only(client, staff, world):
    client.force_login(staff)
    s, a = world["programme"].slug, world["association"].pk
    page = client.get(reverse("villages:association_detail", args=[s, a]))
    assert page.status_code == 200 and "Livokas ry" in page.content.decode()
    response = client.post(
        reverse("villages:association_section", args=[s, a, "analyysi"]),
        {
            "operating_environment": "Pitkät etäisyydet",
            "goals": "Lähipalvelut",
            "target_groups": "Ikäihmiset",
            "payroll_arrangement": "service",
            "accident_insurance": "on",
            "occupational_health_contract": "on",
            "work_supervisor": "Työnjohtaja",
            "tools_and_premises": "on",
            "bookkeeping": "on",
            "version": world["association"].version,
        },
    )
    assert response.status_code == 302
    world["association"].refresh_from_db()
    assert world["association"].goals == "Lähipalvelut"
    response = client.post(
        reverse("villages:association_row_create", args=[s, a, "kartoitus"]),
        {"respondent": "worker", "topic": "goal", "importance": 4, "notes": "Tieturvakortti"},
    )
    assert response.status_code == 302
    assert MappingAnswer.objects.filter(association=world["association"], topic="goal").exists()
    # Phase 8 and 5 data, programme pages and the basic details are the coordinator's.
    for url in [
        reverse("villages:association_section", args=[s, a, "kayttoonotto"]),
        reverse("villages:association_row_create", args=[s, a, "palvelut"]),
        reverse("villages:row_edit", args=[s, "yhdistykset", a]),
        reverse("villages:phase_detail", args=[s, 3]),
        reverse("villages:row_list", args=[s, "kumppanit"]),
    ]:
        assert client.get(url).status_code == 404, url


def test_staff_set_phase_3_status_but_not_phase_8(client, staff, world):
    client.force_login(staff)
    url = reverse(
        "villages:association_phases", args=[world["programme"].slug, world["association"].pk]
    )
    assert client.post(url, {"number": 3, "status": "done"}).status_code == 302
    assert client.post(url, {"number": 8, "status": "done"}).status_code == 404
    assert world["association"].phase_statuses.get(number=3).status == "done"


def test_official_reads_phase_pages_but_cannot_add(client, official, world):
    client.force_login(official)
    s = world["programme"].slug
    text = client.get(reverse("villages:phase_detail", args=[s, 5])).content.decode()
    assert "Tilipalvelu Oy" in text and "Lisää kumppani" not in text
    assert client.get(reverse("villages:row_create", args=[s, "kumppanit"])).status_code == 404
    assert (
        client.post(
            reverse("villages:row_delete", args=[s, "kumppanit", world["partner"].pk])
        ).status_code
        == 404
    )


def test_coordinator_adds_a_partner_and_phase_5_changes(client, coordinator, board_programme):
    client.force_login(coordinator)
    s = board_programme.slug
    response = client.post(
        reverse("villages:row_create", args=[s, "kumppanit"]),
        {
            "kind": "payroll",
            "name": "Tilitoimisto Kurenalus",
            "contact_person": "Päivi",
            "email": "paivi@example.invalid",
            "agreement_starts_on": "2025-01-01",
            "agreement_ends_on": "2026-12-31",
            "role": "Palkanlaskenta",
        },
    )
    assert response.status_code == 302
    text = client.get(reverse("villages:phase_detail", args=[s, 5])).content.decode()
    assert "Tilitoimisto Kurenalus" in text
    assert "Kumppaneista puuttuu: Työllisyyspalvelut, Työterveyshuolto" in text


def test_partner_agreement_ending_before_it_starts_is_refused_in_finnish(
    client, coordinator, board_programme
):
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:row_create", args=[board_programme.slug, "kumppanit"]),
        {
            "kind": "payroll",
            "name": "Tilitoimisto",
            "agreement_starts_on": "2026-01-01",
            "agreement_ends_on": "2025-01-01",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sopimus ei voi päättyä ennen kuin se alkaa." in text
    assert 'value="Tilitoimisto"' in text
    assert not Partner.objects.exists()


def test_invalid_business_id_names_the_check_digit(
    client, coordinator, board_programme, association
):
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:row_create", args=[board_programme.slug, "yhdistykset"]),
        {"village": association.village.pk, "name": "Uusi ry", "business_id": "0737546-3"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "tarkiste" in text.lower() and "0737546-3" in text
    assert not Association.objects.filter(name="Uusi ry").exists()


def test_deleting_a_village_with_associations_is_refused_with_the_reason(
    client, coordinator, board_programme, association
):
    client.force_login(coordinator)
    village = association.village
    response = client.post(
        reverse("villages:row_delete", args=[board_programme.slug, "kylat", village.pk]),
        follow=True,
    )
    text = response.content.decode()
    assert "Kylää Livo ei voi poistaa" in text and "Livokas ry" in text
    assert Village.objects.filter(pk=village.pk).exists()
    empty = VillageFactory(municipality=board_programme.municipality, name="Tyhjä")
    client.post(reverse("villages:row_delete", args=[board_programme.slug, "kylat", empty.pk]))
    assert not Village.objects.filter(pk=empty.pk).exists()


def test_stale_partner_edit_shows_the_other_values(client, coordinator, board_programme):
    client.force_login(coordinator)
    partner = PartnerFactory(programme=board_programme, name="Alkuperäinen")
    old = partner.version
    Partner.objects.filter(pk=partner.pk).update(name="Toisen muutos", version=old + 1)
    response = client.post(
        reverse("villages:row_edit", args=[board_programme.slug, "kumppanit", partner.pk]),
        {"kind": "payroll", "name": "Minun muutos", "version": old},
    )
    text = response.content.decode()
    assert "Toisen muutos" in text and "Minun muutos" in text
    partner.refresh_from_db()
    assert partner.name == "Toisen muutos"


def test_feedback_list_filters_by_source_and_phase(client, coordinator, board_programme):
    FeedbackFactory(programme=board_programme, source="worker", phase=5, text="Työntekijältä")
    FeedbackFactory(programme=board_programme, source="customer", phase=10, text="Asiakkaalta")
    client.force_login(coordinator)
    url = reverse("villages:row_list", args=[board_programme.slug, "palaute"])
    text = client.get(url, {"source": "worker"}).content.decode()
    assert "Työntekijältä" in text and "Asiakkaalta" not in text
    text = client.get(url, {"phase": "10"}).content.decode()
    assert "Asiakkaalta" in text and "Työntekijältä" not in text
    text = client.get(url, {"source": "nonsense"}).content.decode()
    assert "Asiakkaalta" in text and "Työntekijältä" in text


def test_operating_model_prints_the_raci_table(client, coordinator, board_programme):
    from villages.models import ProcessRole, ProcessStep, RaciAssignment

    step = ProcessStep.objects.create(programme=board_programme, position=1, name="Tilaus")
    role = ProcessRole.objects.create(programme=board_programme, name="Koordinaattori")
    RaciAssignment.objects.create(step=step, role=role, letter="A")
    client.force_login(coordinator)
    text = client.get(reverse("villages:operating_model", args=[board_programme.slug])).content
    assert "Tilaus" in text.decode() and "villages-print.css" in text.decode()


@pytest.mark.parametrize("kind", ["kylat", "yhdistykset", "tyottomat", "kumppanit", "palaute"])
def test_list_pages_run_the_same_queries_for_3_and_30_villages(
    client, coordinator, board_programme, kind
):
    def grow(count, prefix):
        for i in range(count):
            village = VillageFactory(municipality=board_programme.municipality, name=f"{prefix}{i}")
            AssociationFactory(village=village)
            UnemploymentFigureFactory(programme=board_programme, village=village)
            PartnerFactory(programme=board_programme)
            FeedbackFactory(programme=board_programme)

    url = reverse("villages:row_list", args=[board_programme.slug, kind])

    def page():
        assert client.get(url).status_code == 200

    client.force_login(coordinator)
    grow(3, "A")
    small = count_queries(page)
    grow(27, "B")
    assert count_queries(page) == small


def test_association_page_runs_constant_queries(client, coordinator, board_programme, association):
    url = reverse("villages:association_detail", args=[board_programme.slug, association.pk])

    def page():
        assert client.get(url).status_code == 200

    client.force_login(coordinator)
    small = count_queries(page)
    for i in range(30):
        MappingAnswer.objects.create(association=association, respondent="customer", topic="wish")
        VillageFactory(municipality=board_programme.municipality, name=f"X{i}")
    assert count_queries(page) == small


def test_staff_home_links_to_their_own_association_only(client, staff, world):
    client.force_login(staff)
    text = client.get(reverse("services:week")).content.decode()
    url = reverse(
        "villages:association_detail", args=[world["programme"].slug, world["association"].pk]
    )
    assert url in text
    assert "Jongun alueen kyläyhdistys ry" not in text.split("panel-my-association")[-1]
