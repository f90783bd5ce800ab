"""Recording drops in social assistance and their place in the city's cash view."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import selectors
from evaluation.actions import record_assistance_drop
from evaluation.models import SocialAssistanceDrop
from ryhma.models import AuditAction, AuditEvent
from workers.tests.factories import EmploymentFactory

MARCH = selectors.Period(2026, 3, 3)


def _url(worker):
    return reverse("evaluation:social_assistance", args=[worker.pk])


def test_recorded_drop_enters_the_city_cash_view_to_the_cent(
    client, programme, association, coordinator, params2026, hours_per_month, make_crew
):
    """One worker in March 2026: 100 h at 12.00 €/h, 100 % subsidy paid by the city, 800
    benefit days (municipal share 50 %); a drop of 312.45 €/month recorded for 2–4/2026.

    (issue 15: the adjusted benefit and the cumulation limit changed these numbers)
    avoided benefit share   = min(37.21 × 21.5, 50 % × 1 200.00) × 50 % = 300.00
    avoided social assist.  = 312.45 × 50 % = 156.225              →   156.23
    subsidy paid by city    = 100 × 12.00 × 1.2072 × 100 %         = 1 448.64
    top-up, cut to the wage costs 1 644.21 − 1 448.64               =   195.57
    coordination            = 3 500.00 × 1 month                    = 3 500.00
    city net = 300.00 + 156.23 − 1 448.64 − 195.57 − 3 500.00       = −4 687.98
    (without the record: 300.00 − 1 448.64 − 195.57 − 3 500.00      = −4 844.21)
    """
    (worker,) = make_crew(1, association)
    before = selectors.economy(programme, MARCH).totals
    assert before["city_net_effect"] == D("-4844.21")
    record_assistance_drop(
        worker=worker,
        first_month=datetime.date(2026, 2, 1),
        last_month=datetime.date(2026, 4, 1),
        monthly_amount=D("312.45"),
        source="Sosiaalitoimen lausunto 3.2.2026",
        actor=coordinator,
    )
    totals = selectors.economy(programme, MARCH).totals
    assert totals["city_avoided_social_assistance"] == D("156.23")
    assert totals["public_avoided_social_assistance"] == D("312.45")
    assert totals["city_net_effect"] == D("-4687.98")
    client.force_login(coordinator)
    explain = client.get(
        reverse("evaluation:explain", args=["city_avoided_social_assistance"]),
        {"year": "2026", "month_from": "3", "month_to": "3"},
    ).content.decode()
    assert "156,23\xa0€" in explain and "312,45\xa0€" in explain
    assert (
        "Kunnan osuus perustoimeentulotuesta" in explain and "kuukausi ilman kirjausta" in explain
    )
    # a second contract in the same month does not count the drop twice
    EmploymentFactory(
        worker=worker,
        association=association,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    assert selectors.economy(programme, MARCH).totals["city_avoided_social_assistance"] == D(
        "156.23"
    )


def test_coordinator_records_a_drop_and_it_is_audited(
    client, coordinator, programme, association, make_crew
):
    (worker,) = make_crew(1, association)
    client.force_login(coordinator)
    response = client.post(
        _url(worker),
        {
            "first_month": "2026-02",
            "last_month": "4/2026",
            "monthly_amount": "1 312,45",
            "source": "Sosiaalitoimen lausunto 3.2.2026",
        },
    )
    assert response.status_code == 302
    drop = SocialAssistanceDrop.objects.get(worker=worker)
    assert drop.monthly_amount == D("1312.45")
    assert drop.last_month == datetime.date(2026, 4, 1)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=drop.pk).exists()
    text = client.get(_url(worker)).content.decode()
    assert "1\xa0312,45\xa0€" in text and "Sosiaalitoimen lausunto 3.2.2026" in text

    response = client.post(
        reverse("evaluation:social_assistance_delete", args=[worker.pk, drop.pk])
    )
    assert response.status_code == 302
    assert not SocialAssistanceDrop.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=drop.pk).exists()


def test_negative_amount_missing_source_and_reversed_months_are_refused_in_finnish(
    client, coordinator, association, make_crew
):
    (worker,) = make_crew(1, association)
    client.force_login(coordinator)
    text = client.post(
        _url(worker),
        {"first_month": "2026-05", "last_month": "2026-03", "monthly_amount": "-10", "source": " "},
    ).content.decode()
    assert "Toimeentulotuen väheneminen ei voi olla negatiivinen" in text
    assert "Viimeinen kuukausi ei voi olla ennen ensimmäistä" in text
    assert "Tämä kenttä vaaditaan" in text or "Kerro, mistä luku on peräisin" in text
    assert not SocialAssistanceDrop.objects.exists()


def test_overlapping_months_are_refused(client, coordinator, association, make_crew):
    (worker,) = make_crew(1, association)
    record_assistance_drop(
        worker=worker,
        first_month=datetime.date(2026, 2, 1),
        last_month=datetime.date(2026, 4, 1),
        monthly_amount=D("100"),
        source="Lausunto",
        actor=coordinator,
    )
    with pytest.raises(ValidationError):
        record_assistance_drop(
            worker=worker,
            first_month=datetime.date(2026, 4, 1),
            last_month=datetime.date(2026, 6, 1),
            monthly_amount=D("50"),
            source="Lausunto",
            actor=coordinator,
        )
    client.force_login(coordinator)
    text = client.post(
        _url(worker),
        {"first_month": "2026-03", "last_month": "2026-03", "monthly_amount": "5", "source": "x"},
    ).content.decode()
    assert "on jo kirjattu ajalle 2/2026–4/2026" in text
    assert SocialAssistanceDrop.objects.count() == 1


def test_village_staff_and_officials_get_404(client, staff, official, association, make_crew):
    (worker,) = make_crew(1, association)
    for user in (staff, official):
        client.force_login(user)
        assert client.get(_url(worker)).status_code == 404


def test_outsider_gets_404(client, outsider, association, make_crew):
    (worker,) = make_crew(1, association)
    client.force_login(outsider)
    assert client.get(_url(worker)).status_code == 404
