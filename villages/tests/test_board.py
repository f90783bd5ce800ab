import re

import pytest
from django.urls import reverse

from ryhma.models import AuditEvent
from ryhma.testing import count_queries, writes_of
from villages import actions, phases, selectors
from villages.models import ChecklistItem, ImplementationStatus, PhaseStatus, ProgrammePhase
from villages.phases import Check, PhaseData
from villages.tests.factories import AssociationFactory, PartnerFactory, VillageFactory

FINNISH_PHASE_NAMES = [
    "Tarpeen määrittely",
    "Resurssit",
    "Palveluntuottajan analyysi",
    "Kartoitus",
    "Suunnittelu",
    "Palveluprosessin mallinnus",
    "Mittarit",
    "Käyttöönotto",
    "Vaikutusten arviointi",
    "Kehittäminen",
]


def board_url(programme):
    return reverse("villages:programme_detail", args=[programme.slug])


def test_board_shows_the_ten_phases_in_finnish_with_status_and_missing(
    client, coordinator, programme, association
):
    client.force_login(coordinator)
    response = client.get(board_url(programme))
    assert response.status_code == 200
    text = response.content.decode()
    for name in FINNISH_PHASE_NAMES:
        assert name in text
    assert "Ei aloitettu" in text
    assert "Vielä puuttuu" in text
    assert "Livokas ry" in text
    assert ProgrammePhase.objects.filter(programme=programme).count() == 10
    assert ChecklistItem.objects.filter(phase__programme=programme).count() > 10


def test_board_cells_show_checks_done_and_what_is_missing_to_screen_readers(
    client, coordinator, programme, association
):
    from django.utils.html import escape

    from villages.selectors import programme_board

    client.force_login(coordinator)
    text = client.get(board_url(programme)).content.decode()
    (row,) = programme_board(programme).matrix
    completions = [cell.completion for cell in row.cells]
    partial = [c for c in completions if c.total and not c.is_complete]
    assert partial, "a new association has phases still to do"
    first = partial[0]
    missing = escape(", ".join(str(label) for label in first.missing))
    assert (
        f'{first.done}/{first.total}<span class="visually-hidden">. Puuttuu: {missing}</span>'
        in text
    )
    assert '<progress class="completion"' in text and "tehty" in text


def test_default_checklists_are_seeded_once_in_finnish(board_programme):
    actions.ensure_programme_phases(programme=board_programme)
    phase = board_programme.phases.get(number=1)
    texts = [item.text for item in phase.checklist.all()]
    assert texts == [
        "Tarve käyty läpi työllisyyspalvelujen ja kyläyhdistysten kanssa",
        "Palvelutarvekysely lähetetty kyläläisille",
    ]
    assert ProgrammePhase.objects.filter(programme=board_programme).count() == 10


def test_ticking_a_checklist_item_on_the_board_changes_completion(
    client, coordinator, board_programme
):
    client.force_login(coordinator)
    phase = board_programme.phases.get(number=2)
    item = phase.checklist.first()
    before = selectors.programme_board(board_programme).cards[1].completion.done
    response = client.post(
        reverse("villages:checklist_save", args=[board_programme.slug, 2]),
        {
            f"version-{item.pk}": item.version,
            f"was-{item.pk}": "0",
            f"done-{item.pk}": "on",
            "next": "board",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done and item.done_by == coordinator
    card = selectors.programme_board(board_programme).cards[1]
    assert card.completion.done == before + 1
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="update").exists()


def test_board_and_phase_page_show_each_checklist_in_order_with_who_ticked_an_item(
    client, coordinator, board_programme
):
    coordinator.first_name, coordinator.last_name = "Kaija", "Koordinaattori"
    coordinator.save()
    client.force_login(coordinator)
    phase = board_programme.phases.get(number=2)
    first, second = phase.checklist.order_by("position", "id")
    ChecklistItem.objects.filter(pk=first.pk).update(position=second.position + 1)
    ChecklistItem.objects.filter(pk=first.pk).update(done=True, done_by=coordinator)
    item_id = re.compile(r'id="done-(?:2-)?(\d+)"')
    for url, prefix in (
        (board_url(board_programme), "2-"),
        (reverse("villages:phase_detail", args=[board_programme.slug, 2]), ""),
    ):
        text = client.get(url).content.decode()
        assert f'id="done-{prefix}{second.pk}"' in text
        ids = [int(pk) for pk in item_id.findall(text)]
        assert ids.index(second.pk) < ids.index(first.pk)
        assert f'name="done-{first.pk}" id="done-{prefix}{first.pk}" checked>' in text
        assert f'name="done-{second.pk}" id="done-{prefix}{second.pk}">' in text
        assert "(Kaija Koordinaattori)" in text


def _change(item, *, done, done_was=None, version=None):
    return actions.ItemChange(
        item_id=item.pk,
        version=item.version if version is None else version,
        done_was=item.done if done_was is None else done_was,
        done=done,
    )


def test_two_people_ticking_different_items_at_once_keep_both_changes(
    board_programme, coordinator, official
):
    phase = board_programme.phases.get(number=2)
    first, second = list(phase.checklist.all())[:2]
    # Both opened the page when nothing was ticked; the first saves, then the second.
    seen = {first.pk: first.version, second.pk: second.version}
    assert not actions.save_checklist(
        phase=phase, user=coordinator, changes=[_change(first, done=True)]
    )
    # The second person's form also carries `first` unchanged: it must not undo it.
    conflicts = actions.save_checklist(
        phase=phase,
        user=official,
        changes=[
            _change(first, done=False, done_was=False, version=seen[first.pk]),
            _change(second, done=True, done_was=False, version=seen[second.pk]),
        ],
    )
    assert conflicts == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.done and second.done


def test_second_person_renaming_the_same_item_differently_is_told(
    client, board_programme, coordinator
):
    phase = board_programme.phases.get(number=3)
    item = phase.checklist.first()
    seen_text, stale_version = item.text, item.version
    actions.save_checklist(
        phase=phase,
        user=coordinator,
        changes=[
            actions.ItemChange(
                item_id=item.pk,
                version=stale_version,
                done_was=False,
                done=True,
                text_was=seen_text,
                text="Toimintaympäristö kirjattu",
            )
        ],
    )
    # Someone else, from the old page, renames the same item differently.
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:checklist_save", args=[board_programme.slug, 3]),
        {
            f"version-{item.pk}": stale_version,
            f"was-{item.pk}": "0",
            "with_text": "1",
            f"text_was-{item.pk}": seen_text,
            f"text-{item.pk}": "Tavoitteet kirjattu",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Joku muu muutti sillä välin 1 tarkistuslistan kohtaa" in text
    assert "Tavoitteet kirjattu" in text  # the second person's typing is kept on the form
    item.refresh_from_db()
    assert item.text == "Toimintaympäristö kirjattu" and item.done


def test_stale_ticks_on_the_same_value_are_not_conflicts(board_programme, coordinator):
    phase = board_programme.phases.get(number=4)
    item = phase.checklist.first()
    old = item.version
    actions.save_checklist(phase=phase, user=coordinator, changes=[_change(item, done=True)])
    conflicts = actions.save_checklist(
        phase=phase,
        user=coordinator,
        changes=[_change(item, done=True, done_was=False, version=old)],
    )
    assert conflicts == []


def test_checklist_items_can_be_added_renamed_and_removed(client, coordinator, board_programme):
    client.force_login(coordinator)
    url = reverse("villages:checklist_add", args=[board_programme.slug, 5])
    client.post(url, {"text": "Tilauskanavat testattu"})
    phase = board_programme.phases.get(number=5)
    item = phase.checklist.get(text="Tilauskanavat testattu")
    client.post(
        reverse("villages:checklist_save", args=[board_programme.slug, 5]),
        {
            "with_text": "1",
            f"version-{item.pk}": item.version,
            f"was-{item.pk}": "0",
            f"text_was-{item.pk}": item.text,
            f"text-{item.pk}": "Tilauskanavat kokeiltu",
        },
    )
    item.refresh_from_db()
    assert item.text == "Tilauskanavat kokeiltu"
    client.post(reverse("villages:checklist_delete", args=[board_programme.slug, 5, item.pk]))
    assert not phase.checklist.filter(pk=item.pk).exists()


def test_empty_checklist_item_is_refused_with_a_message(client, coordinator, board_programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("villages:checklist_add", args=[board_programme.slug, 5]),
        {"text": ""},
        follow=True,
    )
    assert "Kirjoita uusi tarkistuslistan kohta" in response.content.decode()


def test_phase_status_owner_and_due_date_are_saved(client, coordinator, board_programme):
    client.force_login(coordinator)
    phase = board_programme.phases.get(number=6)
    response = client.post(
        reverse("villages:phase_detail", args=[board_programme.slug, 6]),
        {
            "status": "in_progress",
            "owner": coordinator.pk,
            "due_on": "2026-05-31",
            "note": "",
            "version": phase.version,
        },
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.status == PhaseStatus.IN_PROGRESS and phase.owner == coordinator
    text = client.get(board_url(board_programme)).content.decode()
    assert "Käynnissä" in text and "31.5.2026" in text
    # The phase's own form shows what was saved: the status and the owner chosen.
    form = client.get(reverse("villages:phase_detail", args=[board_programme.slug, 6]))
    form_text = form.content.decode()
    assert '<option value="in_progress" selected>Käynnissä</option>' in form_text
    owner_name = coordinator.get_full_name() or coordinator.username
    assert f'<option value="{coordinator.pk}" selected>{owner_name}</option>' in form_text


def test_stale_phase_edit_shows_the_other_values_and_keeps_mine(
    client, coordinator, board_programme
):
    client.force_login(coordinator)
    phase = board_programme.phases.get(number=6)
    old = phase.version
    actions.update_phase(phase=phase, user=coordinator, expected_version=old, status="done")
    response = client.post(
        reverse("villages:phase_detail", args=[board_programme.slug, 6]),
        {"status": "revisit", "owner": "", "due_on": "", "note": "oma muutos", "version": old},
    )
    text = response.content.decode()
    assert "Joku muu tallensi tämän sillä välin" in text
    assert "oma muutos" in text
    phase.refresh_from_db()
    assert phase.status == "done"


def test_phase_3_is_done_for_an_association_when_ready_and_analysed(board_programme):
    village = VillageFactory(municipality=board_programme.municipality, name="Kipinä")
    ready = AssociationFactory(
        village=village,
        operating_environment="Kylä",
        goals="Palvelut",
        target_groups="Ikäihmiset",
    )
    not_ready = AssociationFactory(village=village, accident_insurance=False)
    board = selectors.programme_board(board_programme)
    cells = {row.association.pk: row.cells[0] for row in board.matrix}
    assert cells[ready.pk].completion.is_complete
    assert not cells[not_ready.pk].completion.is_complete
    assert "tapaturmavakuutus" in " ".join(cells[not_ready.pk].completion.missing)
    card = board.cards[2]
    assert any(not_ready.name in label for label in card.completion.missing)


def test_phase_5_needs_the_essential_partners(board_programme, coordinator):
    card = selectors.programme_phase(board_programme, 5)
    assert any("Kumppaneista puuttuu" in label for label in card.completion.missing)
    for kind in ("payroll", "employment", "occupational_health"):
        PartnerFactory(programme=board_programme, kind=kind)
    card = selectors.programme_phase(board_programme, 5)
    assert not any("Kumppaneista puuttuu" in label for label in card.completion.missing)


def test_phase_8_follows_implementation_status(board_programme, association):
    def cell():
        board = selectors.programme_board(board_programme)
        return board.matrix[0].cells[-1].completion

    assert not cell().is_complete
    association.implementation_status = ImplementationStatus.LIVE
    association.go_live_on = "2025-10-01"
    association.save()
    assert cell().is_complete


def test_higher_apps_add_checks_through_the_registry(board_programme, association):
    def metrics(programme, associations):
        return PhaseData(
            checks=[Check("Mittarit tavoitteineen", False)],
            per_association={a.pk: [Check("Mittari", True)] for a in associations},
        )

    phases.register_completion_provider(7, metrics)
    try:
        board = selectors.programme_board(board_programme)
        assert "Mittarit tavoitteineen" in board.cards[6].completion.missing
        assert board.matrix[0].cells[4].completion.is_complete
    finally:
        phases.unregister_completion_provider(7, metrics)
    assert (
        "Mittarit tavoitteineen"
        not in selectors.programme_board(board_programme).cards[6].completion.missing
    )


def test_registering_a_provider_for_an_unknown_phase_fails():
    with pytest.raises(ValueError):
        phases.register_completion_provider(11, lambda p, a: PhaseData())


def test_official_reads_the_board_but_cannot_tick(client, official, board_programme):
    client.force_login(official)
    text = client.get(board_url(board_programme)).content.decode()
    assert "Tarpeen määrittely" in text and "Tallenna tarkistuslista" not in text
    item = board_programme.phases.get(number=1).checklist.first()
    response = client.post(
        reverse("villages:checklist_save", args=[board_programme.slug, 1]),
        {f"version-{item.pk}": item.version, f"was-{item.pk}": "0", f"done-{item.pk}": "on"},
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert not item.done


def test_unknown_phase_number_is_404(client, coordinator, board_programme):
    client.force_login(coordinator)
    assert (
        client.get(reverse("villages:phase_detail", args=[board_programme.slug, 11])).status_code
        == 404
    )


def _add_villages(programme, count, prefix):
    for i in range(count):
        AssociationFactory(
            village=VillageFactory(municipality=programme.municipality, name=f"{prefix}{i}")
        )


@pytest.mark.parametrize("number", [None, 1, 2, 3, 4, 5, 6, 8, 10])
def test_board_and_phase_pages_run_the_same_queries_for_3_and_30_villages(
    client, coordinator, board_programme, number
):
    url = (
        board_url(board_programme)
        if number is None
        else reverse("villages:phase_detail", args=[board_programme.slug, number])
    )

    def page():
        assert client.get(url).status_code == 200

    client.force_login(coordinator)
    _add_villages(board_programme, 3, "A")
    page()
    small = count_queries(page)
    _add_villages(board_programme, 27, "B")
    assert count_queries(page) == small


def test_form_field_names_and_chart_coordinates_have_no_thousands_separator(
    client, coordinator, board_programme
):
    """Finnish number formatting would turn pk 4321 into "4 321" and break the form."""
    from django.template.loader import render_to_string

    phase = board_programme.phases.get(number=7)
    # A four-digit id past every id made so far (sequences are not rolled back between tests).
    pk = 4321 + (ChecklistItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    ChecklistItem.objects.create(pk=pk, phase=phase, text="Iso tunniste", version=1234)
    client.force_login(coordinator)
    text = client.get(board_url(board_programme)).content.decode()
    assert f'name="version-{pk}" value="1234"' in text and f'name="done-{pk}"' in text
    chart = selectors.bars([(f"Kylä {i}", i) for i in range(50)])
    svg = render_to_string("villages/_chart.html", {"chart": chart, "chart_id": "c"})
    assert f'height="{chart.height}"' in svg and "translate(0 1078)" in svg


def test_emptying_an_item_text_saves_nothing_of_the_checklist_and_says_why(
    client, coordinator, board_programme
):
    client.force_login(coordinator)
    phase = board_programme.phases.get(number=2)
    first, second = phase.checklist.all()[:2]
    response = client.post(
        reverse("villages:checklist_save", args=[board_programme.slug, 2]),
        {
            "with_text": "1",
            f"version-{first.pk}": first.version,
            f"was-{first.pk}": "0",
            f"done-{first.pk}": "on",
            f"text_was-{first.pk}": first.text,
            f"text-{first.pk}": first.text,
            f"version-{second.pk}": second.version,
            f"was-{second.pk}": "0",
            f"text_was-{second.pk}": second.text,
            f"text-{second.pk}": "  ",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Tarkistuslistaa ei tallennettu. Kohdan teksti:" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.done and second.text.strip()


def test_phase_1_names_the_villages_not_counted_for_the_latest_year(
    client, coordinator, board_programme, association, other_association
):
    from villages.tests.factories import UnemploymentFigureFactory

    UnemploymentFigureFactory(programme=board_programme, village=association.village, year=2024)
    UnemploymentFigureFactory(programme=board_programme, village=association.village, year=2025)
    UnemploymentFigureFactory(
        programme=board_programme, village=other_association.village, year=2024
    )
    card = selectors.programme_phase(board_programme, 1)
    assert "Työnhakijat vuodelta 2025 laskematta: Jongunjoki" in card.completion.missing
    UnemploymentFigureFactory(
        programme=board_programme, village=other_association.village, year=2025
    )
    card = selectors.programme_phase(board_programme, 1)
    assert not any("laskematta" in label for label in card.completion.missing)
    assert any(
        c.label == "Työnhakijat laskettu jokaisesta kylästä vuodelta 2025" and c.ok
        for c in card.data_checks
    )


def test_phase_1_page_shows_the_need_by_village_as_a_table(
    client, coordinator, board_programme, association
):
    from villages.models import ServiceNeed
    from villages.tests.factories import UnemploymentFigureFactory

    UnemploymentFigureFactory(
        programme=board_programme,
        village=association.village,
        year=2025,
        job_seekers=18,
        long_term_unemployed=11,
    )
    ServiceNeed.objects.create(
        programme=board_programme,
        village=association.village,
        service_kind="snow",
        year=2025,
        households=23,
    )
    client.force_login(coordinator)
    text = client.get(reverse("villages:phase_detail", args=[board_programme.slug, 1])).content
    text = text.decode()
    table = text.split(">Tarve kylittäin</h3>")[1].split("</table>")[0]
    assert "Lumityöt" in table
    row = re.search(r"<tr>\s*<th scope=\"row\">Livo</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r">([^<]+)</td>", row) == ["18", "11", "23"]
    assert '<svg class="chart"' in text


def test_phase_6_is_derived_per_association_from_the_process_model_and_services(
    board_programme, association
):
    from villages.models import ProcessRole, ProcessStep, RaciAssignment, ServiceOffering

    def cell():
        board = selectors.programme_board(board_programme)
        return next(c for c in board.matrix[0].cells if c.number == 6).completion

    assert cell().done == 0 and cell().total == 2
    step = ProcessStep.objects.create(programme=board_programme, position=1, name="Tilaus")
    lead = ProcessRole.objects.create(programme=board_programme, name="Koordinaattori")
    doer = ProcessRole.objects.create(programme=board_programme, name="Työnjohtaja")
    RaciAssignment.objects.create(step=step, role=lead, letter="A")
    assert cell().missing == ["Prosessi ja vastuut mallinnettu", "Palvelut mukana toimintamallissa"]
    RaciAssignment.objects.create(step=step, role=doer, letter="R")
    ServiceOffering.objects.create(association=association, service_kind="snow", by_phone=True)
    assert cell().is_complete


def test_phase_6_wants_exactly_one_accountable_and_a_responsible_role_in_every_step(
    board_programme,
):
    from villages.models import ProcessRole, ProcessStep, RaciAssignment

    label = "Jokaisella vaiheella on yksi vastuullinen (A) ja toteuttaja (R)"

    def modelled():
        checks = selectors.programme_phase(board_programme, 6).data_checks
        (check,) = [c for c in checks if c.label == label]
        return check.ok

    first = ProcessStep.objects.create(programme=board_programme, position=1, name="Tilaus")
    lead, boss, doer = (
        ProcessRole.objects.create(programme=board_programme, name=name)
        for name in ("Koordinaattori", "Puheenjohtaja", "Työnjohtaja")
    )
    RaciAssignment.objects.create(step=first, role=lead, letter="A")
    RaciAssignment.objects.create(step=first, role=doer, letter="R")
    assert modelled()
    RaciAssignment.objects.create(step=first, role=boss, letter="A")
    assert not modelled(), "two accountable roles"
    RaciAssignment.objects.filter(role=boss).update(letter="C")
    assert modelled()
    second = ProcessStep.objects.create(programme=board_programme, position=2, name="Laskutus")
    assert not modelled(), "a step without roles"
    RaciAssignment.objects.create(step=second, role=lead, letter="A")
    assert not modelled(), "a step without a responsible role"
    RaciAssignment.objects.create(step=second, role=doer, letter="R")
    assert modelled()


def test_phase_8_needs_a_go_live_date_and_phase_10_feedback_from_every_party(
    board_programme, association
):
    from villages.tests.factories import FeedbackFactory

    card = selectors.programme_phase(board_programme, 8)
    assert "Käyttöönottopäivä puuttuu: Livokas ry" in card.completion.missing
    for source in ("worker", "customer", "association"):
        FeedbackFactory(programme=board_programme, source=source)
    card = selectors.programme_phase(board_programme, 10)
    assert "Palautetta ei vielä ole saatu: kumppani, kaupunki" in card.completion.missing


def test_phase_1_page_with_need_data_runs_the_same_queries_for_3_and_30_villages(
    client, coordinator, board_programme, django_assert_max_num_queries
):
    from villages.models import ServiceNeed
    from villages.tests.factories import UnemploymentFigureFactory

    def grow(count, prefix):
        for i in range(count):
            village = VillageFactory(municipality=board_programme.municipality, name=f"{prefix}{i}")
            AssociationFactory(village=village)
            UnemploymentFigureFactory(programme=board_programme, village=village, year=2025)
            ServiceNeed.objects.create(
                programme=board_programme,
                village=village,
                service_kind="snow",
                year=2025,
                households=3,
            )

    url = reverse("villages:phase_detail", args=[board_programme.slug, 1])
    client.force_login(coordinator)
    grow(3, "A")
    small = count_queries(lambda: client.get(url))
    grow(27, "B")
    with django_assert_max_num_queries(small):
        text = client.get(url).content.decode()
    assert text.count('<th scope="row">B') == 27 * 2  # the need table and the villages table


def test_each_phase_page_shows_the_checks_the_board_shows_for_that_phase(
    board_programme, association, other_association
):
    """The board asks villages' provider for every phase at once, a phase page for its own:
    the same checks either way, with data that makes some hold and some not."""
    from villages.models import (
        FundingSource,
        MappingAnswer,
        ProcessRole,
        ProcessStep,
        RaciAssignment,
        ServiceOffering,
    )
    from villages.models.phase_data import Competence, DevelopmentAction
    from villages.tests.factories import FeedbackFactory, UnemploymentFigureFactory

    UnemploymentFigureFactory(programme=board_programme, village=association.village, year=2025)
    FundingSource.objects.create(programme=board_programme, year=2026, kind="pay_subsidy", amount=1)
    MappingAnswer.objects.create(
        association=association, respondent="customer", topic="need", service_kind="snow"
    )
    ServiceOffering.objects.create(association=association, service_kind="snow")
    ServiceOffering.objects.create(
        association=other_association, service_kind="yard", by_phone=True
    )
    PartnerFactory(programme=board_programme, kind="payroll")
    Competence.objects.create(programme=board_programme, name="Palkanlaskenta", needed=2)
    step = ProcessStep.objects.create(programme=board_programme, position=1, name="Tilaus")
    role = ProcessRole.objects.create(programme=board_programme, name="Koordinaattori")
    RaciAssignment.objects.create(step=step, role=role, letter="A")
    FeedbackFactory(programme=board_programme, source="worker")
    DevelopmentAction.objects.create(programme=board_programme, title="Uusi esite", phase=10)

    board = selectors.programme_board(board_programme)
    associations = selectors.programme_associations(board_programme)
    for card in board.cards:
        page = selectors.programme_phase(board_programme, card.number)
        assert page.data_checks == card.data_checks, card.number
        _checks, per_association = selectors.phase_data(card.number, board_programme, associations)
        for row in board.matrix:
            cell = next((c for c in row.cells if c.number == card.number), None)
            if cell is not None:
                assert cell.completion.checks == per_association.get(row.association.pk, [])
    missing = " ".join(label for card in board.cards for label in card.completion.missing)
    assert "Osaamisesta vajetta: Palkanlaskenta" in missing
    assert "Kuntalisä kirjattu" in missing
    # What the programme has recorded of each kind (read in one query for the board).
    done = {c.label for card in board.cards for c in card.data_checks if c.ok}
    assert {"Palkkatukirahoitus kirjattu", "Prosessin roolit kirjattu"} <= done
    assert "Kyläläisten palvelutarpeet kirjattu" in missing
    assert "Palautetta ei vielä ole saatu: asiakas, yhdistys, kumppani, kaupunki" in missing
    assert "Kumppaneista puuttuu: Työllisyyspalvelut, Työterveyshuolto" in missing


def test_opening_the_board_and_a_phase_writes_nothing(client, coordinator, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(board_url(programme)).status_code == 200
        phase_url = reverse("villages:phase_detail", args=[programme.slug, 3])
        assert client.get(phase_url).status_code == 200
    assert writes_of(queries) == []


def test_programmes_made_before_they_had_phases_get_them_from_the_migration(programme):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("villages.migrations.0007_every_programme_has_its_phases")
    ProgrammePhase.objects.filter(programme=programme, number__gte=4).delete()
    migration.add_missing_phases(apps, None)
    assert sorted(programme.phases.values_list("number", flat=True)) == list(range(1, 11))
    phase = programme.phases.get(number=5)
    assert phase.checklist.filter(default_key__startswith="5.").exists()
    migration.add_missing_phases(apps, None)  # a second run adds nothing
    assert ProgrammePhase.objects.filter(programme=programme).count() == 10
