import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ryhma.models import AuditAction, AuditEvent
from ryhma.testing import count_queries
from services.conftest import WEEK, day, make_crew
from services.hours import actions
from services.models import EntryStatus, MonthLock, SheetStatus, Task, WeekSheet, WorkEntry
from services.tests.factories import WorkEntryFactory
from workers.tests.factories import SubsidyDecisionFactory

pytestmark = pytest.mark.django_db

WEEK_URL = reverse("services:week")


def week_url(association, week="2026-W10"):
    return f"{WEEK_URL}?yhdistys={association.pk}&vko={week}"


def grid_post(client, association, cells, *, version=0, token="tok", action="save", **extra):
    data = {
        "yhdistys": association.pk,
        "vko": "2026-W10",
        "version": version,
        "token": token,
        "action": action,
        "original": "{}",
        **extra,
    }
    data.update(cells)
    return client.post(WEEK_URL, data)


def name(employment, offset, task=Task.GENERAL):
    return actions.cell_name(employment.pk, task, day(offset))


def test_grid_shows_the_crew_with_contract_hours_and_marks_holidays(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    response = client.get(week_url(association))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Työtunnit, viikko 10/2026" in text
    assert str(employment.worker) in text
    assert "24,4\xa0h" in text
    assert f'name="{name(employment, 0)}"' in text
    easter = client.get(week_url(association, "2026-W15")).content.decode()
    assert "Toinen pääsiäispäivä" in easter and "Pyhäpäivä" in easter


def test_staff_save_the_week_in_one_post_and_see_the_totals(client, staff, association):
    crew = make_crew(association, 2)
    client.force_login(staff)
    cells = {name(e, n): "7,5" for e in crew for n in range(3)}
    response = grid_post(client, association, cells)
    assert response.status_code == 302
    assert WorkEntry.objects.count() == 6
    text = client.get(response["Location"]).content.decode()
    assert "Viikon tunnit tallennettiin" in text
    assert "45\xa0h" in text  # the week's total
    assert 'value="7,5"' in text


def test_double_submit_of_the_same_form_saves_once(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    cells = {name(employment, 0): "6"}
    grid_post(client, association, cells, token="same")
    response = grid_post(client, association, cells, token="same")
    assert response.status_code == 302
    assert WorkEntry.objects.count() == 1
    assert "jo tallennettu" in client.get(response["Location"]).content.decode()


def test_bad_cells_are_named_in_finnish_and_every_typed_value_stays(client, staff, association):
    (employment,) = make_crew(association, 1)
    employment.worker.first_name, employment.worker.last_name = "Matti", "Meikäläinen"
    employment.worker.save()
    client.force_login(staff)
    cells = {name(employment, 0): "7,3", name(employment, 1): "abc", name(employment, 2): "8"}
    response = grid_post(client, association, cells)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Tunteja ei tallennettu" in text
    assert "Matti Meikäläinen, ma 2.3.: käytä varttitunteja" in text
    assert "Matti Meikäläinen, ti 3.3.: kirjoita tunnit numerona" in text
    assert 'value="7,3"' in text and 'value="abc"' in text and 'value="8"' in text
    assert not WorkEntry.objects.exists()


def test_week_over_the_contract_is_saved_only_after_confirmation(client, staff, association):
    (employment,) = make_crew(association, 1, hours_per_week=Decimal("20"))
    client.force_login(staff)
    cells = {name(employment, n): "8" for n in range(3)}
    text = grid_post(client, association, cells).content.decode()
    assert "Vahvistan sopimuksen ylittävät tunnit" in text
    assert not WorkEntry.objects.exists()
    response = grid_post(client, association, cells, confirm_over_contract="1")
    assert response.status_code == 302 and WorkEntry.objects.count() == 3


def test_two_people_saving_different_cells_of_a_week_both_keep_their_hours(
    client, staff, association
):
    crew = make_crew(association, 2)
    client.force_login(staff)
    empty = f'{{"{name(crew[0], 0)}":"","{name(crew[1], 0)}":""}}'
    first = grid_post(client, association, {name(crew[0], 0): "6"}, token="a", original=empty)
    assert first.status_code == 302
    # The second form was loaded before the first save: version 0, both cells empty, and it
    # carries the first person's cell empty as it was loaded.
    second = grid_post(
        client,
        association,
        {name(crew[0], 0): "", name(crew[1], 0): "5"},
        token="b",
        original=empty,
    )
    assert second.status_code == 302
    hours = {e.employment_id: e.hours for e in WorkEntry.objects.all()}
    assert hours == {crew[0].pk: Decimal("6"), crew[1].pk: Decimal("5")}
    assert "Viikon tunnit tallennettiin" in client.get(second["Location"]).content.decode()


def test_a_cell_both_changed_keeps_the_others_value_until_retyped(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    empty = f'{{"{name(employment, 0)}":"","{name(employment, 1)}":""}}'
    grid_post(client, association, {name(employment, 0): "6"}, token="first", original=empty)
    response = grid_post(
        client,
        association,
        {name(employment, 0): "4", name(employment, 1): "5"},
        token="second",
        original=empty,
    )
    text = response.content.decode()
    assert response.status_code == 200
    # Saved what nobody else touched, kept the other's 6 and named both values.
    hours = dict(WorkEntry.objects.values_list("work_date", "hours"))
    assert hours == {day(0): Decimal("6"), day(1): Decimal("5")}
    assert "Tallennettu, paitsi" in text
    assert "Arvosi, ei tallennettu: 4" in text
    # The input holds the stored 6, not the 4 the user typed before; saving it as it is
    # keeps the other's value.
    assert f'name="{name(employment, 0)}" value="6"' in text
    assert 'name="version" value="2"' in text
    original = text.split('name="original" value="')[1].split('"')[0].replace("&quot;", '"')
    again = grid_post(
        client,
        association,
        {name(employment, 0): "6", name(employment, 1): "5"},
        token="third",
        version=2,
        original=original,
    )
    assert again.status_code == 302
    assert WorkEntry.objects.get(work_date=day(0)).hours == Decimal("6")
    # Typed again, the user's value wins.
    retyped = grid_post(
        client,
        association,
        {name(employment, 0): "4", name(employment, 1): "5"},
        token="fourth",
        version=2,
        original=original,
    )
    assert retyped.status_code == 302
    assert WorkEntry.objects.get(work_date=day(0)).hours == Decimal("4")


def test_staff_submit_and_coordinator_approves_from_the_queue(
    client, staff, coordinator, association
):
    crew = make_crew(association, 2)
    client.force_login(staff)
    cells = {name(e, 0): "7" for e in crew}
    grid_post(client, association, cells, action="submit")
    sheet = WeekSheet.objects.get()
    assert sheet.status == SheetStatus.SUBMITTED
    assert "Odottaa hyväksyntää" in client.get(week_url(association)).content.decode()

    client.force_login(coordinator)
    queue = client.get(reverse("services:approvals")).content.decode()
    assert "Livokas ry" in queue and "14\xa0h" in queue
    response = client.post(
        reverse("services:week_review", args=[sheet.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.APPROVED
    assert AuditEvent.objects.filter(action=AuditAction.STATUS, actor=coordinator).exists()


def test_coordinator_returns_a_week_with_a_comment_staff_see_it(
    client, staff, coordinator, association
):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    grid_post(client, association, {name(employment, 0): "7"}, action="submit")
    sheet = WeekSheet.objects.get()
    client.force_login(coordinator)
    client.post(reverse("services:week_review", args=[sheet.pk]), {"decision": "return"})
    assert WeekSheet.objects.get().status == SheetStatus.SUBMITTED
    client.post(
        reverse("services:week_review", args=[sheet.pk]),
        {"decision": "return", "comment": "Tiistai puuttuu"},
    )
    client.force_login(staff)
    text = client.get(week_url(association)).content.decode()
    assert "Palautettu korjattavaksi" in text and "Tiistai puuttuu" in text
    assert f'name="{name(employment, 1)}"' in text


def test_coordinator_cannot_post_to_the_grid_and_staff_cannot_open_another_association(
    client, coordinator, staff, association, other_association
):
    client.force_login(coordinator)
    assert grid_post(client, association, {}).status_code == 404
    client.force_login(staff)
    assert client.get(week_url(other_association)).status_code == 404
    assert client.get(f"{WEEK_URL}?yhdistys=abc").status_code == 404


def test_week_page_runs_the_same_number_of_queries_for_5_and_50_workers(
    client, staff, association, other_association
):
    staff.membership.associations.add(other_association)
    client.force_login(staff)
    counts = []
    for target, size in ((association, 5), (other_association, 50)):
        crew = make_crew(target, size)
        actions.save_week(
            association=target,
            week_start=WEEK,
            values={(e.pk, Task.GENERAL, day(n)): Decimal("7") for e in crew for n in range(3)},
            expected_version=0,
            token="x",
            actor=staff,
        )
        client.get(week_url(target))
        counts.append(count_queries(lambda t=target: client.get(week_url(t))))
    # The page and its grid with the service-order rows (their labels are read even for a
    # week without orders), plus the start-page panels of the workers app (alerts) and the
    # villages app (the association's links): 22 today. The equality is the promise; the
    # ceiling only catches accidental growth.
    assert counts[0] == counts[1] and counts[0] <= 22, counts


def test_saving_through_the_page_runs_the_same_queries_at_5_and_50(
    client, staff, association, other_association
):
    staff.membership.associations.add(other_association)
    client.force_login(staff)
    small, large = make_crew(association, 5), make_crew(other_association, 50)
    client.get(week_url(association))
    counts = []
    for target, crew in ((association, small), (other_association, large)):
        cells = {name(e, n): "7" for e in crew for n in range(2)}
        counts.append(count_queries(lambda t=target, c=cells: grid_post(client, t, c)))
    assert WorkEntry.objects.count() == 110
    # 30 + the content type of the audit trail (cached after the first).
    assert counts[0] <= 31 and counts[1] - counts[0] <= 6, counts


def _approved_month(association, coordinator):
    crew = make_crew(association, 2, hourly_wage=Decimal("12.50"))
    crew[0].worker.last_name = "=HYPERLINK(1)"
    crew[0].worker.save()
    for employment in crew:
        WorkEntryFactory(employment=employment, work_date=day(0), hours=Decimal("7.5"))
        WorkEntryFactory(
            employment=employment, work_date=day(1), hours=Decimal("4"), task=Task.TRAINING
        )
        WorkEntryFactory(employment=employment, work_date=day(1), hours=Decimal("2.25"))
    WorkEntryFactory(
        employment=crew[1], work_date=day(2), hours=Decimal("3"), status=EntryStatus.SUBMITTED
    )
    WorkEntry.objects.filter(status=EntryStatus.ENTERED).update(status=EntryStatus.APPROVED)
    return crew


def test_payroll_csv_opens_in_finnish_excel(client, coordinator, association):
    _approved_month(association, coordinator)
    client.force_login(coordinator)
    url = reverse("services:export", args=[association.pk, 2026, 3, "palkat", "csv"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Sukunimi;Etunimi;Tunnit yhteensä;Työpäivät;Yleinen kylätyö")
    assert "'=HYPERLINK(1);Työntekijä;13,75;2;9,75;0;0;4,00;0;0;0;12,50;171,88" in lines
    assert len(lines) == 3  # header and one row per worker; submitted hours are left out
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_detail_xlsx_lists_approved_entries_with_numbers(client, staff, association, coordinator):
    _approved_month(association, coordinator)
    client.force_login(staff)
    url = reverse("services:export", args=[association.pk, 2026, 3, "tunnit", "xlsx"])
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("Päivämäärä", "Sukunimi", "Etunimi", "Tehtävä", "Tunnit")
    assert len(rows) == 7
    assert rows[1][0].date() == datetime.date(2026, 3, 2)
    assert any(row[1] == "'=HYPERLINK(1)" for row in rows)
    assert sum(row[4] for row in rows[1:]) == Decimal("27.5")


def test_month_page_shows_the_subsidy_claim_and_locks(client, coordinator, staff, association):
    crew = _approved_month(association, coordinator)
    SubsidyDecisionFactory(employment=crew[0])
    from workers.parameters import seed_default_parameter_set

    seed_default_parameter_set(municipality=association.village.municipality, year=2026)
    client.force_login(coordinator)
    url = reverse("services:month", args=[association.pk, 2026, 3])
    text = client.get(url).content.decode()
    assert "Palkkatuen hakemisen peruste" in text
    assert "171,88\xa0€" in text  # 13.75 h × 12.50 €
    assert "Hyväksy ja lukitse kuukausi" in text  # submitted hours are approved on locking
    WorkEntry.objects.filter(status=EntryStatus.SUBMITTED).update(status=EntryStatus.ENTERED)
    assert "Hyväksy ja lukitse kuukausi" not in client.get(url).content.decode()
    WorkEntry.objects.filter(status=EntryStatus.ENTERED).update(status=EntryStatus.SUBMITTED)
    response = client.post(reverse("services:month_lock", args=[association.pk, 2026, 3]))
    assert response.status_code == 302
    assert MonthLock.objects.filter(association=association).exists()
    client.force_login(staff)
    text = client.get(week_url(association)).content.decode()
    assert "Korjaa" in text and "lukittu" in text


def test_month_page_names_a_missing_parameter(client, coordinator, association):
    # The claim basis needs the year's parameters once a decision pays for the hours.
    crew = _approved_month(association, coordinator)
    SubsidyDecisionFactory(employment=crew[0])
    client.force_login(coordinator)
    text = client.get(reverse("services:month", args=[association.pk, 2026, 3])).content.decode()
    assert "puuttuu vuodelta 2026" in text


def test_month_and_queue_pages_run_the_same_number_of_queries_at_2_and_20_workers(
    client, coordinator, association
):
    client.force_login(coordinator)
    month_url = reverse("services:month", args=[association.pk, 2026, 3])
    counts = []
    for size in (2, 18):
        for employment in make_crew(association, size):
            SubsidyDecisionFactory(employment=employment)
            WorkEntryFactory(employment=employment, work_date=day(0), status=EntryStatus.APPROVED)
            WorkEntryFactory(employment=employment, work_date=day(7), status=EntryStatus.SUBMITTED)
        for offset in (0, 7):
            WeekSheet.objects.get_or_create(
                association=association, week_start=day(offset), defaults={"status": "submitted"}
            )
        client.get(month_url)
        counts.append(
            (
                count_queries(lambda: client.get(month_url)),
                count_queries(lambda: client.get(reverse("services:approvals"))),
            )
        )
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 16 and counts[0][1] <= 14, counts


def test_amendment_of_locked_hours_goes_to_the_coordinator(
    client, staff, coordinator, association, programme
):
    (employment,) = make_crew(association, 1)
    entry = WorkEntryFactory(employment=employment, work_date=day(0), status=EntryStatus.LOCKED)
    client.force_login(staff)
    url = reverse("services:amend", args=[entry.pk])
    text = client.post(url, {"hours": "5,3", "reason": ""}).content.decode()
    assert "varttitunteja" in text and "Kirjoita, miksi" in text
    response = client.post(url, {"hours": "5,5", "reason": "Lähti aiemmin"})
    assert response.status_code == 302
    amendment = WorkEntry.objects.get(amends=entry)
    client.force_login(coordinator)
    assert "Lähti aiemmin" in client.get(reverse("services:approvals")).content.decode()
    home = client.get(reverse("villages:programme_detail", args=[programme.slug]))
    assert "1 korjaus odottaa." in home.content.decode()
    client.post(reverse("services:amendment_review", args=[amendment.pk]), {"decision": "approve"})
    assert list(WorkEntry.objects.approved().values_list("hours", flat=True)) == [Decimal("5.5")]


def test_home_panels_show_staff_their_week_and_coordinators_the_queue(
    client, staff, coordinator, association, programme, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.UTC))
    (employment,) = make_crew(association, 1)
    WorkEntryFactory(employment=employment, work_date=day(0))
    WeekSheet.objects.create(association=association, week_start=day(-7), status="returned")
    client.force_login(staff)
    text = client.get(WEEK_URL).content.decode()
    assert "Tämän viikon tunnit" in text
    assert "ti 3.3." in text and "ke 4.3." in text
    assert "palautettiin korjattavaksi" in text
    WeekSheet.objects.create(association=association, week_start=day(0), status="submitted")
    client.force_login(coordinator)
    programme_page = client.get(reverse("villages:programme_detail", args=[programme.slug]))
    assert "1 viikko odottaa hyväksyntää" in programme_page.content.decode()


def test_approving_twice_changes_nothing_the_second_time(client, staff, coordinator, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    grid_post(client, association, {name(employment, 0): "7"}, action="submit")
    grid_post(client, association, {name(employment, 0): "7"}, action="submit")
    sheet = WeekSheet.objects.get()
    client.force_login(coordinator)
    url = reverse("services:week_review", args=[sheet.pk])
    client.post(url, {"decision": "approve"})
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "ei (enää) odota hyväksyntää" in response.content.decode()
    statuses = sorted(
        tuple(e.changes["status"]) for e in AuditEvent.objects.filter(action=AuditAction.STATUS)
    )
    assert statuses == [("open", "submitted"), ("submitted", "approved")]


def test_staff_add_forgotten_hours_to_a_locked_month_through_the_grid(
    client, staff, coordinator, association
):
    (employment,) = make_crew(association, 1)
    locked = WorkEntryFactory(employment=employment, work_date=day(1), status=EntryStatus.LOCKED)
    MonthLock.objects.create(association=association, month=datetime.date(2026, 3, 1))
    client.force_login(staff)
    grid = client.get(week_url(association)).content.decode()
    url = reverse("services:add_late", args=[employment.pk, 2026, 3, 2, Task.GENERAL])
    assert url in grid and "Kuukausi on lukittu" in grid
    # Each empty day of the contract has its own link; the locked hours link to a correction.
    assert grid.count(reverse("services:add_late", args=[employment.pk, 2026, 3, 8, "general"]))
    assert f'href="{reverse("services:amend", args=[locked.pk])}"' in grid
    text = client.post(url, {"hours": "0", "reason": "Unohtui"}).content.decode()
    assert "Kirjoita tehdyt tunnit" in text
    assert client.post(url, {"hours": "3,5", "reason": "Unohtui"}).status_code == 302
    client.force_login(coordinator)
    assert "Unohtui" in client.get(reverse("services:approvals")).content.decode()
    late = WorkEntry.objects.get(reason="Unohtui")
    client.post(reverse("services:amendment_review", args=[late.pk]), {"decision": "approve"})
    assert WorkEntry.objects.approved().count() == 2


def test_tampered_form_fields_never_cause_an_error_page_nor_reach_another_crew(
    client, staff, association, other_association
):
    (employment,) = make_crew(association, 1)
    (foreign,) = make_crew(other_association, 1)
    client.force_login(staff)
    tampered = {"version": "abc", "row": [f"{foreign.pk}:general", "x:y", "1:"]}
    cells = {name(employment, 0): "5", name(foreign, 0): "8"}
    assert grid_post(client, association, cells, **tampered).status_code == 302
    assert list(WorkEntry.objects.values_list("employment_id", flat=True)) == [employment.pk]
    # An unreadable version no longer refuses the save: cells are merged one by one, and
    # this one already holds the 5 hours.
    response = grid_post(client, association, cells, token="other", **tampered)
    assert response.status_code == 302
    assert list(WorkEntry.objects.values_list("employment_id", "hours")) == [
        (employment.pk, Decimal("5"))
    ]


def test_notes_are_saved_with_the_hours_and_need_hours(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    note = "n" + name(employment, 0)[1:]
    text = grid_post(client, association, {name(employment, 0): "", note: "Sairas"}).content
    assert "huomautus tarvitsee päivälle tunnit" in text.decode()
    grid_post(client, association, {name(employment, 0): "4", note: "Lääkärissä aamulla"})
    assert WorkEntry.objects.get().note == "Lääkärissä aamulla"
    page = client.get(week_url(association)).content.decode()
    assert 'value="Lääkärissä aamulla"' in page
    grid_post(client, association, {name(employment, 0): "4", note: ""}, version=1, token="t2")
    assert WorkEntry.objects.get().note == ""


def test_ids_and_versions_over_999_survive_the_round_trip(client, staff, municipality):
    """Finnish number formatting would print 12345 as "12 345" in hidden fields and links."""
    from villages.tests.factories import AssociationFactory, VillageFactory

    big = AssociationFactory(pk=12345, village=VillageFactory(municipality=municipality))
    staff.membership.associations.add(big)
    (employment,) = make_crew(big, 1)
    WeekSheet.objects.create(association=big, week_start=WEEK, version=1234)
    client.force_login(staff)
    text = client.get(week_url(big)).content.decode()
    assert 'name="yhdistys" value="12345"' in text and 'name="version" value="1234"' in text
    assert "?yhdistys=12345&amp;vko=2026-W09" in text
    response = grid_post(client, big, {name(employment, 0): "6"}, version=1234)
    assert response.status_code == 302 and WorkEntry.objects.count() == 1


def test_approval_queue_pages_a_long_list_of_waiting_weeks_oldest_first(
    client, coordinator, association
):
    (employment,) = make_crew(association, 1, starts_on=datetime.date(2025, 1, 1))
    weeks = [datetime.date(2025, 1, 6) + datetime.timedelta(weeks=n) for n in range(23)]
    for week_start in weeks:
        WeekSheet.objects.create(association=association, week_start=week_start, status="submitted")
        WorkEntryFactory(employment=employment, work_date=week_start, status=EntryStatus.SUBMITTED)
    client.force_login(coordinator)
    first = client.get(reverse("services:approvals")).content.decode()
    assert "23 viikkoa odottaa" in first and "Sivu 1 / 2" in first
    assert "2/2025" in first and "21/2025" in first and "22/2025" not in first
    assert "7,5\xa0h" in first
    second = client.get(reverse("services:approvals") + "?sivu=2").content.decode()
    assert "22/2025" in second and "24/2025" in second and ">2/2025<" not in second


def test_huge_and_not_a_number_hours_are_refused_with_a_message(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    cells = {name(employment, 0): "1e309", name(employment, 1): "NaN"}
    response = grid_post(client, association, cells)
    text = response.content.decode()
    assert response.status_code == 200
    assert "tuntia päivässä; tarkista luku" in text
    assert "kirjoita tunnit numerona" in text
    assert not WorkEntry.objects.exists()


@pytest.mark.parametrize("lookalike", ["¹", "٣x", "²³"])
def test_digit_lookalikes_in_addresses_are_not_found_not_a_crash(client, staff, lookalike):
    """'¹'.isdigit() is true but int('¹') fails: such an address answers 404."""
    client.force_login(staff)
    assert client.get(reverse("services:week"), {"yhdistys": lookalike}).status_code == 404
    order = client.get(reverse("services:order_create"), {"asiakas": lookalike})
    assert order.status_code == 200


class _Inputs(HTMLParser):
    """The attributes of every <input> of a page, and the text of elements with an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs, self.texts, self._open = [], {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        elif "id" in attrs:
            self._open.append(attrs["id"])
            self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if self._open and tag != "input":
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            self.texts[element_id] += data


def test_every_grid_input_names_its_worker_task_and_day_and_errors_are_tied_to_it(
    client, staff, association
):
    (employment,) = make_crew(association, 1)
    employment.worker.first_name, employment.worker.last_name = "Aino", "Aaltonen"
    employment.worker.save()
    client.force_login(staff)
    response = grid_post(client, association, {name(employment, 1): "abc"})
    parser = _Inputs()
    parser.feed(response.content.decode())
    hours_inputs = [i for i in parser.inputs if "hours-input" in i.get("class", "")]
    note_inputs = [i for i in parser.inputs if "note-input" in i.get("class", "")]
    weekdays = ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"]
    weekdays.append("sunnuntai")
    assert [i["aria-label"] for i in hours_inputs] == [
        f"Aino Aaltonen, Yleinen kylätyö, {weekday} {day(n).day}.{day(n).month}."
        for n, weekday in enumerate(weekdays)
    ]
    assert [i["aria-label"] for i in note_inputs] == [
        f"Huomautus: Aino Aaltonen, {weekday} {day(n).day}.{day(n).month}."
        for n, weekday in enumerate(weekdays)
    ]
    assert [i["data-day"] for i in hours_inputs] == [str(n) for n in range(7)]
    wrong = next(i for i in hours_inputs if i["name"] == name(employment, 1))
    assert wrong["aria-invalid"] == "true" and wrong["value"] == "abc"
    assert "kirjoita tunnit numerona" in parser.texts[wrong["aria-describedby"]]
    assert sum("aria-invalid" in i for i in parser.inputs) == 1


def test_grid_escapes_names_and_what_was_typed(client, staff, association):
    (employment,) = make_crew(association, 1)
    employment.worker.first_name, employment.worker.last_name = "<i>Aino</i>", 'O"Brien & Co'
    employment.worker.save()
    client.force_login(staff)
    hostile = '"><script>alert(1)</script>'
    note = "n" + name(employment, 0)[1:]
    text = grid_post(client, association, {name(employment, 0): hostile, note: hostile}).content
    text = text.decode()
    assert "<script>alert(1)" not in text and "<i>Aino</i>" not in text
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in text
    assert "&lt;i&gt;Aino&lt;/i&gt; O&quot;Brien &amp; Co, Yleinen kylätyö, maanantai" in text


def test_a_form_shown_again_totals_what_was_typed(client, staff, association):
    crew = make_crew(association, 2)
    WorkEntryFactory(employment=crew[0], work_date=day(0), hours=Decimal("3"))
    client.force_login(staff)
    cells = {name(crew[0], 0): "7,5", name(crew[0], 1): "abc", name(crew[1], 2): "2,25"}
    text = grid_post(client, association, cells).content.decode()
    assert "Tunteja ei tallennettu" in text
    assert '<td class="text-end row-total">7,5\xa0h</td>' in text
    assert '<td class="text-end row-total">2,25\xa0h</td>' in text
    assert '<td class="text-end fw-bold grand-total">9,75\xa0h</td>' in text


def test_the_audit_names_who_saved_the_grid(client, staff, association):
    crew = make_crew(association, 2)
    client.force_login(staff)
    grid_post(client, association, {name(e, 0): "7" for e in crew})
    events = AuditEvent.objects.filter(action=AuditAction.CREATE)
    assert events.count() == 2
    assert {(e.actor_id, e.actor_name, e.content_type.model) for e in events} == {
        (staff.pk, staff.username, "workentry")
    }
