"""Two people editing the RACI table or an association's phase status from the same page."""

import pytest
from django.urls import reverse

from ryhma.models import AuditEvent
from villages.models import AssociationPhase, ProcessRole, ProcessStep, RaciAssignment


@pytest.fixture
def raci(board_programme):
    step = ProcessStep.objects.create(programme=board_programme, position=1, name="Tilaus")
    second_step = ProcessStep.objects.create(programme=board_programme, position=2, name="Työ")
    coordinator_role = ProcessRole.objects.create(programme=board_programme, name="Koordinaattori")
    supervisor = ProcessRole.objects.create(programme=board_programme, name="Työnjohtaja")
    return {
        "programme": board_programme,
        "step": step,
        "second_step": second_step,
        "coordinator": coordinator_role,
        "supervisor": supervisor,
    }


def raci_url(programme):
    return reverse("villages:raci_edit", args=[programme.slug])


def form_as_opened(client, programme) -> dict:
    """The RACI form's fields as the page sends them back untouched."""
    response = client.get(raci_url(programme))
    fields = {}
    for step, cells in response.context["raci"]["steps"]:
        for c in cells:
            key = f"{step.pk}-{c.role.pk}"
            fields[f"cell-{key}"] = c.letter
            fields[f"was-{key}"] = c.stored
            fields[f"version-{key}"] = c.version
    return fields


def cell(raci, step, role):
    return f"cell-{raci[step].pk}-{raci[role].pk}"


def letters(programme) -> dict:
    return {
        (a.step.name, a.role.name): a.letter
        for a in RaciAssignment.objects.filter(step__programme=programme).select_related(
            "step", "role"
        )
    }


def test_second_stale_raci_submit_on_the_same_cell_is_told_and_nothing_is_overwritten(
    client, coordinator, raci
):
    programme = raci["programme"]
    client.force_login(coordinator)
    first = form_as_opened(client, programme)
    second = form_as_opened(client, programme)  # another person opens the same page

    first[cell(raci, "step", "coordinator")] = "A"
    first[cell(raci, "step", "supervisor")] = "R"
    assert client.post(raci_url(programme), first).status_code == 302

    second[cell(raci, "step", "coordinator")] = "R"
    second[cell(raci, "step", "supervisor")] = "A"
    second[cell(raci, "second_step", "coordinator")] = "A"
    response = client.post(raci_url(programme), second)

    assert response.status_code == 409
    text = response.content.decode()
    assert "Joku muu muutti sillä välin 2 samaa vastuuta. Mitään ei tallennettu." in text
    assert "Tilaus – Koordinaattori: sinun valintasi R, toisen tallentama A" in text
    assert "Tilaus – Työnjohtaja: sinun valintasi A, toisen tallentama R" in text
    assert "Toisen tallentama: A" in text
    # Nothing of the second person's was written, not even the cell nobody else touched.
    assert letters(programme) == {("Tilaus", "Koordinaattori"): "A", ("Tilaus", "Työnjohtaja"): "R"}
    # Their choices stay on the form, and saving again goes on top of the first person's.
    again = {key: value for key, value in response.context["raci"].items() if key == "steps"}[
        "steps"
    ]
    resubmit = {}
    for step, cells in again:
        for c in cells:
            key = f"{step.pk}-{c.role.pk}"
            resubmit[f"cell-{key}"] = c.letter
            resubmit[f"was-{key}"] = c.stored
            resubmit[f"version-{key}"] = c.version
    assert resubmit[cell(raci, "step", "coordinator")] == "R"
    assert client.post(raci_url(programme), resubmit).status_code == 302
    assert letters(programme) == {
        ("Tilaus", "Koordinaattori"): "R",
        ("Tilaus", "Työnjohtaja"): "A",
        ("Työ", "Koordinaattori"): "A",
    }


def test_stale_raci_submits_on_different_cells_keep_both_changes(client, coordinator, raci):
    programme = raci["programme"]
    client.force_login(coordinator)
    first = form_as_opened(client, programme)
    second = form_as_opened(client, programme)

    first[cell(raci, "step", "coordinator")] = "A"
    assert client.post(raci_url(programme), first).status_code == 302
    second[cell(raci, "second_step", "supervisor")] = "A"
    assert client.post(raci_url(programme), second).status_code == 302

    assert letters(programme) == {("Tilaus", "Koordinaattori"): "A", ("Työ", "Työnjohtaja"): "A"}
    event = AuditEvent.objects.filter(action="bulk").order_by("pk").last()
    assert event.changes == {"Työ / Työnjohtaja": ["", "A"]}


def test_raci_needs_one_accountable_role_per_step_and_keeps_the_choices(client, coordinator, raci):
    programme = raci["programme"]
    client.force_login(coordinator)
    form = form_as_opened(client, programme)
    form[cell(raci, "step", "coordinator")] = "A"
    form[cell(raci, "step", "supervisor")] = "A"
    response = client.post(raci_url(programme), form)
    assert response.status_code == 400
    assert "täsmälleen yksi vastuullinen rooli (A)" in response.content.decode()
    assert not letters(programme)
    form[cell(raci, "step", "supervisor")] = "R"
    assert client.post(raci_url(programme), form).status_code == 302
    unchanged = form_as_opened(client, programme)
    response = client.post(raci_url(programme), unchanged, follow=True)
    assert "Yhtään vastuuta ei muutettu." in response.content.decode()
    assert letters(programme) == {("Tilaus", "Koordinaattori"): "A", ("Tilaus", "Työnjohtaja"): "R"}


def status_url(programme, association):
    return reverse("villages:association_phases", args=[programme.slug, association.pk])


def test_second_stale_phase_status_submit_is_told_with_both_versions(
    client, coordinator, staff, board_programme, association
):
    # Both open the association page before any status of phase 3 is set (version 0).
    client.force_login(staff)
    assert (
        client.post(
            status_url(board_programme, association),
            {"number": 3, "status": "in_progress", "version": 0},
        ).status_code
        == 302
    )
    client.force_login(coordinator)
    response = client.post(
        status_url(board_programme, association), {"number": 3, "status": "done", "version": 0}
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert (
        "Joku muu tallensi vaiheen Palveluntuottajan analyysi tilan sillä välin: Käynnissä. "
        "Valintaasi, Valmis, ei tallennettu." in text
    )
    assert "Tallentanut sillä välin joku muu: Käynnissä." in text
    row = AssociationPhase.objects.get(association=association, number=3)
    assert row.status == "in_progress"
    # The form now carries the stored version with the coordinator's choice.
    assert f'name="version" value="{row.version}"' in text
    assert '<option value="done" selected>' in text


def test_phase_status_saved_again_from_a_stale_page_is_refused_then_accepted(
    client, coordinator, board_programme, association
):
    client.force_login(coordinator)
    url = status_url(board_programme, association)
    client.post(url, {"number": 8, "status": "in_progress", "version": 0})
    seen = AssociationPhase.objects.get(association=association, number=8).version
    client.post(url, {"number": 8, "status": "revisit", "version": seen})
    response = client.post(url, {"number": 8, "status": "done", "version": seen})
    assert response.status_code == 409
    assert "Palattava" in response.content.decode()
    row = AssociationPhase.objects.get(association=association, number=8)
    assert row.status == "revisit"
    assert (
        client.post(url, {"number": 8, "status": "done", "version": row.version}).status_code == 302
    )
    row.refresh_from_db()
    assert row.status == "done"
    assert AuditEvent.objects.filter(action="status", object_id=str(row.pk)).count() == 3


def test_raci_form_runs_the_same_queries_for_3_and_30_steps(
    client, coordinator, board_programme, django_assert_max_num_queries
):
    from ryhma.testing import count_queries

    roles = [
        ProcessRole.objects.create(programme=board_programme, name=f"Rooli {i}", position=i)
        for i in range(4)
    ]

    def grow(start, count):
        for i in range(start, start + count):
            step = ProcessStep.objects.create(programme=board_programme, position=i, name=f"V{i}")
            RaciAssignment.objects.create(step=step, role=roles[0], letter="A")
            RaciAssignment.objects.create(step=step, role=roles[1], letter="R")

    client.force_login(coordinator)
    url = raci_url(board_programme)
    grow(1, 3)
    small = count_queries(lambda: client.get(url))
    grow(4, 27)
    with django_assert_max_num_queries(small):
        text = client.get(url).content.decode()
    assert text.count('name="was-') == 30 * 4
