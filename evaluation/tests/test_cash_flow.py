"""The associations' cash gap when the pay subsidy and the top-up are paid in arrears."""

import json
from decimal import Decimal as D
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from evaluation import selectors
from evaluation.economy import cash_flow
from evaluation.tests.test_views import _parameter_post
from workers.models import ParameterKey, ParameterValue
from workers.parameters import parameters_for

C, S, K = D("1508.64"), D("1448.64"), D("450.00")


def test_cash_gap_and_bridging_need_follow_the_payment_lags(params2026, municipality):
    """Subsidy paid 2 months later, top-up 1 month later (the 2026 defaults).

    month  paid out  subsidy earned  top-up  received            still to come
    1      1 508.64  1 448.64        450.00  0                   S1 + K1 = 1 898.64
    2      1 508.64  1 448.64        450.00  K1 = 450.00         S1 + S2 + K2 = 3 347.28
    3      1 508.64    724.32        450.00  S1 + K2 = 1 898.64  S2 + S3 + K3 = 2 622.96
    4      1 508.64      0.00        450.00  S2 + K3 = 1 898.64  S3 + S4 + K4 = 1 174.32
    gaps: 1 508.64, 1 508.64 − 450.00 = 1 058.64, 1 508.64 − 1 898.64 = −390.00, −390.00
    bridging need = the largest still to come = 3 347.28 (end of February)
    """
    params = parameters_for(municipality, 2026)
    flow = cash_flow(
        [(1, C, S, K), (2, C, S, K), (3, C, D("724.32"), K), (4, C, D("0.00"), K)],
        params,
        year=2026,
    )
    assert [m.received for m in flow.months] == [D("0"), K, D("1898.64"), D("1898.64")]
    assert [m.gap for m in flow.months] == [C, D("1058.64"), D("-390.00"), D("-390.00")]
    assert [m.outstanding for m in flow.months] == [
        D("1898.64"),
        D("3347.28"),
        D("2622.96"),
        D("1174.32"),
    ]
    figure = flow.figure
    assert figure.value == D("3347.28")
    assert {u.key for u in figure.parameters} == {
        ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS,
        ParameterKey.TOP_UP_PAYMENT_LAG_MONTHS,
    }
    assert any("2/2026" in note for note in figure.notes)


def test_subsidy_and_top_up_earned_before_the_period_are_received_inside_it(
    params2026, municipality
):
    """The same months seen from January, with November and December's S and K earned.

    month  paid out  received                          still to come
    1      1 508.64  S(Nov) + K(Dec) = 1 898.64        S(Dec) + S1 + K1 = 3 347.28
    2      1 508.64  S(Dec) + K1     = 1 898.64        S1 + S2 + K2     = 3 347.28
    gaps: 1 508.64 − 1 898.64 = −390.00 in both months (without November and December:
    0.00 and 450.00 received, as in the test above)
    """
    params = parameters_for(municipality, 2026)
    flow = cash_flow([(1, C, S, K), (2, C, S, K)], params, year=2026, earlier=[(S, K), (S, K)])
    assert [m.received for m in flow.months] == [D("1898.64"), D("1898.64")]
    assert [m.gap for m in flow.months] == [D("-390.00"), D("-390.00")]
    assert [m.outstanding for m in flow.months] == [D("3347.28"), D("3347.28")]
    assert flow.figure.value == D("3347.28")
    assert not any("todellista pienempinä" in str(note) for note in flow.figure.notes)
    unknown = cash_flow([(1, C, S, K)], params, year=2026, earlier=[(None, K), (S, K)])
    assert unknown.months[0].received == D("0")
    assert any("todellista pienempinä" in str(note) for note in unknown.figure.notes)


def test_dashboard_from_march_counts_what_january_and_february_earned(
    programme, association, params2026, hours_per_month, make_crew
):
    """5 workers, 100 % subsidy 1 448.64 €/month each, top-up 450.00 € cut by the
    cumulation limit to 1 644.21 − 1 448.64 = 195.57 (lags 2 and 1; issue 15 changed the
    top-up and the employer cost, which now has holiday pay: 1 704.21 a month).

    March received = 5 × (S(January) + K(February)) = 5 × (1 448.64 + 195.57) = 8 221.05
    (it was 0.00 before the months before the period were counted); paid out
    5 × 1 704.21 = 8 521.05; gap 300.00. Still to come at the end of March:
    5 × (S(February) + S(March) + K(March)) = 5 × 3 092.85 = 15 464.25.
    """
    make_crew(5, association)
    economy = selectors.economy(programme, selectors.Period(2026, 3, 12))
    march = economy.cash_flow.months[0]
    assert (march.month, march.paid_out, march.received, march.gap, march.outstanding) == (
        3,
        D("8521.05"),
        D("8221.05"),
        D("300.00"),
        D("15464.25"),
    )


def test_missing_payment_lag_is_named(params2026, municipality):
    ParameterValue.objects.filter(key=ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS).update(value=None)
    flow = cash_flow([(1, C, S, K)], parameters_for(municipality, 2026), year=2026)
    assert flow.figure.value is None
    assert "Palkkatuen maksuviive" in flow.figure.missing[0]


def test_dashboard_shows_the_cash_gap_per_month_and_explains_the_bridging_need(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    """5 workers, 100 % subsidy (1 448.64 €/month each, January–October), top-up 450.00 €
    cut by the cumulation limit to 195.57 (issue 15; employer cost now 1 704.21 a month).

    end of January: 5 × (1 448.64 + 195.57) = 8 221.05 still to come
    from February on: 5 × (2 × 1 448.64 + 195.57) = 15 464.25 (the bridging need)
    March: received 5 × (1 448.64 + 195.57) = 8 221.05; paid 5 × 1 704.21 = 8 521.05;
    gap 300.00
    """
    make_crew(5, association)
    economy = selectors.economy(programme, selectors.Period(2026))
    assert economy.totals["bridging_need"] == D("15464.25")
    march = economy.cash_flow.months[2]
    assert (march.paid_out, march.received, march.gap) == (
        D("8521.05"),
        D("8221.05"),
        D("300.00"),
    )
    client.force_login(coordinator)
    query = {"year": "2026", "month_from": "1", "month_to": "12"}
    text = client.get(reverse("evaluation:dashboard"), query).content.decode()
    assert "Yhdistysten kassa: tuet tulevat jälkikäteen" in text
    assert "15\xa0464,25\xa0€" in text and "300,00\xa0€" in text
    explain = client.get(reverse("evaluation:explain", args=["bridging_need"]), query)
    text = explain.content.decode()
    assert "15\xa0464,25\xa0€" in text
    assert "Palkkatuen maksuviive" in text and "tuki haetaan ja maksetaan jälkikäteen" in text
    assert "[G]" in text


def test_dashboard_says_which_public_sector_option_was_used(
    client, official, programme, association, params2026, hours_per_month, make_crew
):
    make_crew(5, association)
    client.force_login(official)
    query = {"year": "2026", "month_from": "1", "month_to": "12"}
    text = client.get(reverse("evaluation:dashboard"), query).content.decode()
    assert "jättää pois palkasta maksetut verot" in text
    ParameterValue.objects.filter(key=ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES).update(value=1)
    text = client.get(reverse("evaluation:dashboard"), query).content.decode()
    assert "lasketaan mukaan palkasta maksetut verot" in text


def test_payment_lag_and_tax_option_must_be_whole_numbers_in_range(client, coordinator, params2026):
    client.force_login(coordinator)
    url = reverse("evaluation:parameter_set", args=[params2026.pk])
    response = client.post(
        url,
        _parameter_post(
            params2026,
            subsidy_payment_lag_months__value="1,5",
            public_sector_includes_taxes__value="2",
        ),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Anna kokonaisluku väliltä 0–12." in text and "Anna kokonaisluku väliltä 0–1." in text
    assert params2026.values.get(key="subsidy_payment_lag_months").value == D("2")
    response = client.post(url, _parameter_post(params2026, subsidy_payment_lag_months__value="3"))
    assert response.status_code == 302
    assert params2026.values.get(key="subsidy_payment_lag_months").value == D("3")


def test_economy_summary_has_the_bridging_need_and_the_tax_option(
    programme, association, params2026, hours_per_month, make_crew
):
    make_crew(5, association)
    out = StringIO()
    call_command("economy_summary", programme=programme.slug, year=2026, stdout=out)
    data = json.loads(out.getvalue())
    assert data["bridging_need"] == "15464.25"
    assert data["public_taxes_returned"] == "0.00"
    assert data["parameters"]["public_sector_includes_taxes"]["value"] == "0.0000"
    assert data["parameters"]["subsidy_payment_lag_months"]["status"] == "G"
