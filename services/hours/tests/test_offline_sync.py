"""Saves kept in a phone's offline queue (static/js/offline.js), sent through the normal
week save with an idempotency key: applied once however often they are sent."""

import datetime
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from ryhma.models import Role
from ryhma.offline import release
from services.conftest import make_crew
from services.hours import actions
from services.hours.tests.test_views import WEEK_URL, grid_post, name
from services.hours.weeks import DAY, monday_of, week_code
from services.models import SyncedSave, Task, WeekSheet, WorkEntry
from services.tasks import purge_offline_saves
from villages.tests.factories import make_user

pytestmark = pytest.mark.django_db


def queued_post(client, association, cells, *, key, original=None, confirm=False, **extra):
    """What offline.js sends for one kept save: the form's fields, its key and the release."""
    data = {
        "yhdistys": association.pk,
        "vko": "2026-W10",
        "version": 0,
        "action": "save",
        "original": json.dumps(original or {}),
        "sync_key": key,
        "release": release(),
        **extra,
    }
    if confirm:
        data["confirm_over_contract"] = "1"
    data.update(cells)
    return client.post(WEEK_URL, data)


def hours_of(employment, offset):
    entry = WorkEntry.objects.filter(
        employment=employment, work_date=datetime.date(2026, 3, 2) + DAY * offset
    ).first()
    return entry and entry.hours


def test_a_kept_save_sent_twice_applies_once_and_gets_the_same_answer(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    cells = {name(employment, 0): "7,5", name(employment, 1): "6"}
    first = queued_post(client, association, cells, key="key-0001")
    again = queued_post(client, association, cells, key="key-0001")
    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "saved" and first.json()["created"] == 2
    assert first.json()["repeated"] is False
    assert again.json()["repeated"] is True
    assert again.json()["version"] == first.json()["version"]
    assert WorkEntry.objects.count() == 2
    assert str(hours_of(employment, 0)) == "7.50"
    assert SyncedSave.objects.filter(user=staff, key="key-0001").count() == 1


def test_a_kept_save_sent_twice_at_once_on_a_new_week_gets_the_first_answer(staff, association):
    """The two sends race: the second read no kept answer and no sheet before the first
    committed both, then meets the first's new sheet. (The race is staged: the second
    send's two first reads are made to miss the first's rows.)"""
    (employment,) = make_crew(association, 1)
    monday = datetime.date(2026, 3, 2)
    cell = (employment.pk, Task.GENERAL, monday)

    def send():
        return actions.save_week_once(
            key="key-0001",
            actor=staff,
            association=association,
            week_start=monday,
            values={cell: Decimal("7.5")},
            expected_version=0,
        )

    first = send()
    with (
        mock.patch.object(SyncedSave.objects, "filter", return_value=SyncedSave.objects.none()),
        mock.patch.object(
            WeekSheet.objects, "select_for_update", return_value=WeekSheet.objects.none()
        ),
    ):
        second = send()
    assert first.repeated is False
    assert second.repeated is True
    assert second.answer == first.answer
    assert WorkEntry.objects.get().hours == Decimal("7.5")


def test_a_save_without_a_usable_key_is_refused_with_a_message(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    for key in ("", "short", "no spaces allowed here"):
        response = queued_post(client, association, {name(employment, 0): "6"}, key=key)
        assert response.status_code == 400
        assert response.json()["errors"] == [
            "Tallennuksella ei ole kelvollista avainta: lataa sivu uudelleen ja tallenna uudelleen."
        ]
    assert not WorkEntry.objects.exists()


def test_a_kept_save_resent_after_someone_elses_save_still_applies_once(client, staff, association):
    """The answer to the first send was lost; meanwhile someone saved the week from the
    form (the sheet's last token is theirs now). The resend changes nothing."""
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    queued_post(client, association, {name(employment, 0): "7,5"}, key="key-lost")
    version = json.loads(queued_post(client, association, {}, key="key-probe").content)["version"]
    grid_post(
        client,
        association,
        {name(employment, 0): "4"},
        version=version,
        token="form",
        original=json.dumps({name(employment, 0): "7,5"}),
    )
    assert str(hours_of(employment, 0)) == "4.00"
    again = queued_post(client, association, {name(employment, 0): "7,5"}, key="key-lost")
    assert again.json()["repeated"] is True
    assert str(hours_of(employment, 0)) == "4.00"
    assert WorkEntry.objects.count() == 1


def test_a_kept_save_that_meets_someone_elses_change_shows_both_values(client, staff, association):
    (employment,) = make_crew(association, 1)
    employment.worker.first_name, employment.worker.last_name = "Aino", "Aaltonen"
    employment.worker.save()
    client.force_login(staff)
    # The phone kept the page when both cells were empty; someone saved Monday since.
    grid_post(client, association, {name(employment, 0): "5"}, token="other")
    original = {name(employment, 0): "", name(employment, 1): ""}
    cells = {name(employment, 0): "7,5", name(employment, 1): "6"}
    answer = queued_post(client, association, cells, key="key-0002", original=original).json()
    assert answer["status"] == "saved"
    assert answer["conflicts"] == [
        {
            "cell": name(employment, 0),
            "label": "Aino Aaltonen, ma 2.3.",
            "mine": "7,5\xa0h",
            "mine_note": "",
            "theirs": "5\xa0h",
            "theirs_note": "",
        }
    ]
    assert str(hours_of(employment, 0)) == "5.00"  # the other person's value stays
    assert str(hours_of(employment, 1)) == "6.00"  # the rest of the phone's save went in


def test_a_kept_save_with_bad_hours_is_refused_in_finnish_and_its_key_stays_unused(
    client, staff, association
):
    (employment,) = make_crew(association, 1)
    employment.worker.first_name, employment.worker.last_name = "Matti", "Meikäläinen"
    employment.worker.save()
    client.force_login(staff)
    refused = queued_post(client, association, {name(employment, 0): "7,3"}, key="key-0003")
    assert refused.status_code == 422
    assert refused.json() == {
        "status": "invalid",
        "errors": [
            "Matti Meikäläinen, ma 2.3.: käytä varttitunteja: ,25 ,5 tai ,75 "
            "(esimerkiksi 7,25 tai 7,5)."
        ],
    }
    assert not WorkEntry.objects.exists() and not SyncedSave.objects.exists()
    over = queued_post(
        client, association, {name(employment, n): "8" for n in range(5)}, key="key-0004"
    )
    assert over.status_code == 422
    assert "enemmän kuin sopimuksen" in over.json()["errors"][0]
    confirmed = queued_post(
        client,
        association,
        {name(employment, n): "8" for n in range(5)},
        key="key-0004",
        confirm=True,
    )
    assert confirmed.json()["created"] == 5


def test_a_save_from_a_page_of_another_release_is_sent_back_to_reload(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    response = queued_post(
        client, association, {name(employment, 0): "6"}, key="key-0005", release="older"
    )
    assert response.status_code == 409
    assert response.json() == {"status": "reload"}
    assert not WorkEntry.objects.exists()


def test_keys_are_per_user(client, staff, association, municipality):
    """Another user's save with the same key is theirs: applied, not told the first answer."""
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    queued_post(client, association, {name(employment, 0): "6"}, key="same-key")
    colleague = make_user("kyla-kollega", Role.VILLAGE_STAFF, municipality, [association])
    client.force_login(colleague)
    answer = queued_post(
        client,
        association,
        {name(employment, 1): "5"},
        key="same-key",
        original={name(employment, 1): ""},
    ).json()
    assert answer["repeated"] is False and answer["created"] == 1
    assert WorkEntry.objects.count() == 2


def test_outsiders_cannot_send_kept_saves_to_our_association(
    client, association, other_staff, outsider, coordinator
):
    (employment,) = make_crew(association, 1)
    for user in (other_staff, outsider, coordinator):
        client.force_login(user)
        response = queued_post(client, association, {name(employment, 0): "6"}, key="key-xxxx")
        assert response.status_code == 404
    assert not WorkEntry.objects.exists() and not SyncedSave.objects.exists()


def test_the_phone_keeps_the_current_and_previous_week_of_each_association(
    client, municipality, association, other_association
):
    staff = make_user(
        "kyla-kaksi", Role.VILLAGE_STAFF, municipality, [association, other_association]
    )
    client.force_login(staff)
    answer = client.get(reverse("services:offline_pages")).json()
    this_week = monday_of(timezone.localdate())
    assert answer["user"] == staff.pk
    assert answer["pages"] == [WEEK_URL] + [
        f"{WEEK_URL}?yhdistys={a.pk}&vko={week_code(week)}"
        for a in sorted([association, other_association], key=lambda a: a.name)
        for week in (this_week, this_week - DAY * 7)
    ]


def test_offline_pages_list_nothing_for_other_roles_and_need_a_login(
    client, coordinator, outsider, worker_user
):
    url = reverse("services:offline_pages")
    assert client.get(url).status_code == 302
    for user in (coordinator, outsider):
        client.force_login(user)
        assert client.get(url).json() == {"user": user.pk, "pages": []}
    client.force_login(worker_user)
    assert client.get(url).status_code in (403, 404)


def test_the_week_page_gives_the_offline_checks_their_numbers(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    text = client.get(f"{WEEK_URL}?yhdistys={association.pk}&vko=2026-W10").content.decode()
    assert 'id="offline-week"' in text and 'data-max-hours="16"' in text
    # The same words as the server's checks (services.hours.forms.parse_hours, _check_week).
    assert 'data-quarter="käytä varttitunteja: ,25 ,5 tai ,75 (esimerkiksi 7,25 tai 7,5)"' in text
    assert 'data-cell-problem="%(cell)s: %(problem)s."' in text
    assert "enemmän kuin sopimuksen" in text
    assert f'data-employment="{employment.pk}" data-contract="24.40"' in text
    assert f'<meta name="ryhma-user" content="{staff.pk}">' in text
    assert actions.cell_name(employment.pk, Task.GENERAL, datetime.date(2026, 3, 2)) in text


def test_keys_of_offline_saves_are_kept_for_the_retention_period_then_purged(
    client, staff, association, settings
):
    settings.OFFLINE_SAVE_RETENTION_DAYS = 90
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    queued_post(client, association, {name(employment, 0): "6"}, key="key-old-0001")
    queued_post(client, association, {name(employment, 1): "5"}, key="key-new-0001")
    SyncedSave.objects.filter(key="key-old-0001").update(
        created_at=timezone.now() - datetime.timedelta(days=91)
    )
    SyncedSave.objects.filter(key="key-new-0001").update(
        created_at=timezone.now() - datetime.timedelta(days=89)
    )
    assert purge_offline_saves() == 1
    assert list(SyncedSave.objects.values_list("key", flat=True)) == ["key-new-0001"]
    assert WorkEntry.objects.count() == 2  # the hours stay; only the keys go
