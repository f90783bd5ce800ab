"""Error pages say what happened to a save: a request that fails stores nothing of it."""

import pytest
from django.test import Client
from django.urls import reverse

from services.conftest import day, make_crew
from services.hours import actions
from services.models import Task, WorkEntry

pytestmark = pytest.mark.django_db


def test_a_save_that_crashes_midway_stores_nothing_and_the_page_says_so(
    client, staff, association, monkeypatch
):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    client.raise_request_exception = False

    def crash(**kwargs):
        raise RuntimeError("the server fell over after the hours were written")

    # The week's hours are written first, then sending them fails.
    monkeypatch.setattr(actions, "submit_week", crash)
    response = client.post(
        reverse("services:week"),
        {
            "yhdistys": association.pk,
            "vko": "2026-W10",
            "version": 0,
            "token": "t",
            "action": "submit",
            "original": "{}",
            actions.cell_name(employment.pk, Task.GENERAL, day(0)): "7",
        },
    )
    assert response.status_code == 500
    text = response.content.decode()
    assert "Jos olit tallentamassa, mitään ei tallennettu." in text
    assert "Tietojasi ei menetetty" not in text
    assert not WorkEntry.objects.exists()


def test_an_expired_form_says_nothing_was_saved(staff, association):
    (employment,) = make_crew(association, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(
        reverse("services:week"),
        {
            "yhdistys": association.pk,
            "vko": "2026-W10",
            actions.cell_name(employment.pk, Task.GENERAL, day(0)): "7",
        },
    )
    assert response.status_code == 403
    assert "Ei tallennettu: sivu oli vanhentunut" in response.content.decode()
    assert not WorkEntry.objects.exists()
